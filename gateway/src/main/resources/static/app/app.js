// The platform's browser client (docs/media-node.md, "The browser page"): sign in or take a guest token, join a
// meeting through the gateway's API, connect to the meeting's media node over WebTransport (trusting its development
// certificate by hash), follow the participant list from the node's signaling, publish a synthetic video stream as
// datagrams and render what the grid layout assigns. Plain ES modules, no build step. Every text that comes from the
// API, the node or a user is set with textContent, never parsed as HTML.
//
// Query parameters (for development): wt = the WebTransport URL when the join answer names no node (default
// https://<this host>:4433/wt); cert = the URL of the node's /certificate.sha256 (default http://<node host>:4480/…);
// columns, rows = the grid (default 2 x 2).
import { requests, frame, readMessages, ERROR_CODES } from './signaling.js';
import { encodeFrame, decodeFrame, FrameType, END_OF_FRAME } from './frames.js';

// The synthetic codec: a raw 20 x 15 RGB picture per frame (900 bytes, under the node's 1150-byte datagrams).
const PICTURE_WIDTH = 20, PICTURE_HEIGHT = 15;
const PICTURE_BYTES = PICTURE_WIDTH * PICTURE_HEIGHT * 3;
const FRAMES_PER_SECOND = 15;
const MEDIA_STREAM_ID = 1;
const CLIENT_VERSION = 'browser-page/1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const params = new URLSearchParams(location.search);
const $ = id => document.getElementById(id);

/** What the page knows; read by the browser test (window.darktower). */
const state = {
  phase: 'idle',          // idle, joining, joined, left, error
  accessToken: null,      // a user's (signed in) or a guest's
  signedInAs: null,
  meetingId: null,
  participantId: null,
  mediaUserId: null,      // BigInt
  participants: new Map(),// participant id -> {participantId, displayName, mediaUserId, streams}
  assignments: new Map(), // media stream id (as received) -> assignment
  sent: 0,
  received: 0,
  receivedFrom: {},       // participant id -> frames
  lastSequence: {},       // participant id -> last sequence seen
  outOfOrder: 0,
  error: null,
};
window.darktower = {
  get phase() { return state.phase; },
  get participantId() { return state.participantId; },
  get meetingId() { return state.meetingId; },
  get participants() { return [...state.participants.values()].map(p => ({ id: p.participantId, name: p.displayName })); },
  get sent() { return state.sent; },
  get received() { return state.received; },
  get receivedFrom() { return { ...state.receivedFrom }; },
  get outOfOrder() { return state.outOfOrder; },
  get mediaUserId() { return state.mediaUserId === null ? null : state.mediaUserId.toString(); },
  get error() { return state.error; },
  get tiles() { return tiles.map((t, slot) => ({ slot, label: t.label.textContent, frames: t.frames })); },
};

let session = null;  // {wt, signaling writer, datagram writer, timer, nextRequest, pending}

// ------------------------------------------------------------------------------------------------ little helpers

function log(text) {
  const line = new Date().toISOString().substring(11, 23) + ' ' + text;
  const pre = $('log');
  pre.textContent = (pre.textContent + line + '\n').split('\n').slice(-200).join('\n');
  console.log('[page] ' + text);
}

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
  log((isError ? 'ERROR ' : '') + text);
}

function fail(error) {
  state.phase = 'error';
  state.error = String(error && error.message || error);
  status(state.error, true);
}

async function api(method, path, body, extraHeaders = {}) {
  const headers = { 'Accept': 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.accessToken) headers['Authorization'] = 'Bearer ' + state.accessToken;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = json && (json.detail || json.title || json.reason);
    throw new Error(method + ' ' + path + ': ' + response.status + (problem ? ' ' + problem : ''));
  }
  return json;
}

function hexToBytes(hex) {
  const clean = hex.trim();
  if (!/^[0-9a-f]{64}$/i.test(clean)) throw new Error('the node published no SHA-256 certificate hash');
  return new Uint8Array(clean.match(/../g).map(h => parseInt(h, 16)));
}

// ------------------------------------------------------------------------------------------------ sign in, join

async function signIn(event) {
  event.preventDefault();
  try {
    const token = await api('POST', '/api/v1/auth/token',
        { grant_type: 'password', username: $('email').value, password: $('password').value });
    state.accessToken = token.access_token;
    state.signedInAs = $('email').value;
    $('who').textContent = 'signed in as ' + state.signedInAs;
    status('signed in');
  } catch (e) {
    fail(e);
  }
}

/** The meeting's id: a guest gets a token for the code or id; a signed-in user looks a code up. */
async function meetingIdFor(reference) {
  const byId = UUID.test(reference);
  if (!state.signedInAs) {
    const guest = await api('POST', '/api/v1/auth/guest', byId ? { meetingId: reference } : { meetingCode: reference });
    state.accessToken = guest.access_token;
    $('who').textContent = 'guest';
    return guest.meeting_id;
  }
  if (byId) return reference;
  return (await api('GET', '/api/v1/meetings/by-code/' + encodeURIComponent(reference))).meetingId;
}

async function join(event) {
  event.preventDefault();
  if (state.phase === 'joining' || state.phase === 'joined') return;
  state.phase = 'joining';
  state.error = null;
  try {
    const name = $('name').value.trim();
    const meetingId = await meetingIdFor($('meeting').value.trim());
    status('joining meeting ' + meetingId);
    const joined = await api('POST', '/api/v1/meetings/' + encodeURIComponent(meetingId) + '/participants',
        { displayName: name, clientVersion: CLIENT_VERSION }, { 'Idempotency-Key': crypto.randomUUID() });
    if (joined.status !== 'joined') {
      throw new Error('waiting in the lobby: the host has to admit you (join again once admitted)');
    }
    state.meetingId = joined.meetingId;
    state.participantId = joined.participantId;
    const wtUrl = joined.signalingUrl || params.get('wt') || 'https://' + location.hostname + ':4433/wt';
    const certUrl = params.get('cert') || 'http://' + new URL(wtUrl).hostname + ':4480/certificate.sha256';
    await connect(wtUrl, certUrl, joined, name);
  } catch (e) {
    fail(e);
    if (session) session.wt.close({ closeCode: 0, reason: 'error' });
  }
}

// ------------------------------------------------------------------------------------------------ the node

async function connect(wtUrl, certUrl, joined, name) {
  if (typeof WebTransport === 'undefined') throw new Error('this browser has no WebTransport');
  status('fetching the node certificate hash from ' + certUrl);
  const hash = hexToBytes(await (await fetch(certUrl, { cache: 'no-store' })).text());
  status('connecting to ' + wtUrl);
  const wt = new WebTransport(wtUrl, { serverCertificateHashes: [{ algorithm: 'sha-256', value: hash }] });
  await wt.ready;
  const stream = await wt.createBidirectionalStream();
  session = { wt, writer: stream.writable.getWriter(), datagrams: wt.datagrams.writable.getWriter(), timer: null,
    nextRequest: 1, joinRequest: 0 };
  wt.closed.then(info => ended('session closed (' + info.closeCode + (info.reason ? ': ' + info.reason : '') + ')'))
      .catch(e => ended('connection lost: ' + e));
  readMessages(stream.readable, onMessage).catch(e => {
    fail('signaling: ' + e);
    wt.close({ closeCode: 3, reason: 'undecodable signaling' });
  });
  receiveDatagrams(wt.datagrams.readable);
  session.joinRequest = await send(requests.join, { token: joined.wtToken, joinToken: joined.joinToken,
    displayName: name, clientVersion: CLIENT_VERSION });
}

async function send(request, argument) {
  const id = session.nextRequest++;
  await session.writer.write(frame(request(id, argument)));
  return id;
}

function ended(why) {
  if (session && session.timer) clearInterval(session.timer);
  session = null;
  if (state.phase !== 'error') {
    state.phase = 'left';
    status(why);
  }
  $('leave-button').disabled = true;
}

function onMessage(message) {
  switch (message.body) {
    case 'joinResponse': return joinedMeeting(message.joinResponse);
    case 'participantJoined': {
      const p = message.participantJoined.participant;
      state.participants.set(p.participantId, p);
      log('joined: ' + p.displayName);
      return renderParticipants();
    }
    case 'participantLeft': {
      const left = message.participantLeft;
      const who = state.participants.get(left.participantId);
      state.participants.delete(left.participantId);
      log('left: ' + (who ? who.displayName : left.participantId) + ' (' + left.reason + ')');
      return renderParticipants();
    }
    case 'streamPublished': {
      const s = message.streamPublished.stream;
      const owner = s && state.participants.get(s.participantId);
      if (owner && !owner.streams.some(x => x.streamId === s.streamId)) owner.streams.push(s);
      if (message.requestId) log('publishing stream ' + s.streamId + ' as media stream ' + message.streamPublished.mediaStreamId);
      return renderParticipants();
    }
    case 'streamUnpublished': {
      const owner = state.participants.get(message.streamUnpublished.participantId);
      if (owner) owner.streams = owner.streams.filter(x => x.streamId !== message.streamUnpublished.streamId);
      return renderParticipants();
    }
    case 'streamAssignments': return assigned(message.streamAssignments.assignments);
    case 'streamQuality': return;
    case 'error': {
      const e = message.error;
      const text = (ERROR_CODES[e.code] || 'error ' + e.code) + (e.message ? ': ' + e.message : '');
      if (message.requestId === session?.joinRequest) return fail('the node refused the join: ' + text);
      return status('the node answered ' + text, true);
    }
    case 'reconnect': return status('the node is draining (' + message.reconnect.reason + '): join again', true);
    default: log('unknown signaling message ignored');
  }
}

async function joinedMeeting(response) {
  state.phase = 'joined';
  state.mediaUserId = response.mediaUserId;
  state.participants.clear();
  for (const p of response.participants) state.participants.set(p.participantId, p);
  state.participants.set(response.participantId,
      { participantId: response.participantId, displayName: $('name').value.trim(), mediaUserId: response.mediaUserId,
        streams: [], me: true });
  $('entry').hidden = true;
  $('meeting-view').hidden = false;
  $('leave-button').disabled = false;
  $('meeting-title').textContent = 'Meeting ' + $('meeting').value.trim();
  status('joined on node ' + (response.node?.nodeId || '?'));
  renderParticipants();
  const columns = clamp(params.get('columns'), 2), rows = clamp(params.get('rows'), 2);
  $('grid').style.setProperty('--columns', String(columns));
  renderGrid(columns * rows);
  await send(requests.publish, { streamType: 'video_camera', codec: 'VP8', maxBitrate: 200_000,
    mediaStreamId: MEDIA_STREAM_ID });
  await send(requests.subscribe, { columns, rows });
  startPublishing();
}

function clamp(value, fallback) {
  const n = parseInt(value, 10);
  return Number.isInteger(n) && n >= 1 && n <= 7 ? n : fallback;
}

async function leave() {
  if (!session) return;
  try {
    await send(requests.leave);
  } catch (e) {
    session?.wt.close({ closeCode: 0, reason: 'left' });
  }
}

// ------------------------------------------------------------------------------------------------ rendering

function renderParticipants() {
  const list = $('participants');
  list.replaceChildren(...[...state.participants.values()].map(p => {
    const li = document.createElement('li');
    li.textContent = p.displayName + (p.me ? ' (you)' : '') + (p.streams.length ? ' · ' + p.streams.length + ' stream(s)' : '');
    if (p.me) li.className = 'me';
    li.dataset.participantId = p.participantId;
    return li;
  }));
}

const tiles = [];

function renderGrid(count) {
  tiles.length = 0;
  $('grid').replaceChildren(...Array.from({ length: count }, (_, slot) => {
    const tile = document.createElement('div');
    tile.className = 'tile empty';
    const canvas = document.createElement('canvas');
    canvas.width = PICTURE_WIDTH;
    canvas.height = PICTURE_HEIGHT;
    const label = document.createElement('div');
    label.textContent = 'slot ' + slot + ': empty';
    tile.append(canvas, label);
    tiles.push({ tile, canvas, label, context: canvas.getContext('2d'), frames: 0 });
    return tile;
  }));
}

function assigned(assignments) {
  state.assignments.clear();
  for (const t of tiles) {
    t.tile.className = 'tile empty';
    t.label.textContent = 'slot ' + tiles.indexOf(t) + ': empty';
  }
  for (const a of assignments) {
    state.assignments.set(a.mediaStreamId, a);
    const t = tiles[a.slot];
    if (!t) continue;
    const who = state.participants.get(a.participantId);
    t.tile.className = 'tile';
    t.label.textContent = (who ? who.displayName : a.participantId) + ' · stream ' + a.mediaStreamId;
  }
  log('assignments: ' + assignments.length);
}

async function receiveDatagrams(readable) {
  const reader = readable.getReader();
  const image = new ImageData(PICTURE_WIDTH, PICTURE_HEIGHT);
  for (;;) {
    let result;
    try {
      result = await reader.read();
    } catch (e) {
      return;
    }
    if (result.done) return;
    const f = decodeFrame(result.value);
    const a = f && state.assignments.get(f.streamId);
    if (!a || a.mediaUserId !== f.userId) continue;   // not (or no longer) assigned to this page
    state.received++;
    state.receivedFrom[a.participantId] = (state.receivedFrom[a.participantId] || 0) + 1;
    const last = state.lastSequence[a.participantId];
    if (last !== undefined && f.sequence <= last) state.outOfOrder++;
    state.lastSequence[a.participantId] = f.sequence;
    const t = tiles[a.slot];
    if (!t) continue;
    t.frames++;
    if (f.payload.length === PICTURE_BYTES) {
      for (let i = 0, j = 0; i < PICTURE_BYTES; i += 3, j += 4) {
        image.data[j] = f.payload[i];
        image.data[j + 1] = f.payload[i + 1];
        image.data[j + 2] = f.payload[i + 2];
        image.data[j + 3] = 255;
      }
      t.context.putImageData(image, 0, 0);
    }
    if (t.frames % FRAMES_PER_SECOND === 1) {
      const who = state.participants.get(a.participantId);
      t.label.textContent = (who ? who.displayName : a.participantId) + ' · ' + t.frames + ' frames';
      $('received').textContent = state.received + ' frames received';
    }
  }
}

// ------------------------------------------------------------------------------------------------ publishing

/** Draws a moving synthetic picture, shrinks it to 20 x 15 RGB and sends it as one datagram per frame. */
function startPublishing() {
  const self = $('self').getContext('2d');
  const small = new OffscreenCanvas(PICTURE_WIDTH, PICTURE_HEIGHT).getContext('2d', { willReadFrequently: true });
  const payload = new Uint8Array(PICTURE_BYTES);
  let sequence = 0;
  session.timer = setInterval(() => {
    if (!session) return;
    const t = performance.now() / 1000;
    self.fillStyle = 'hsl(' + Math.floor(t * 40) % 360 + ', 70%, 45%)';
    self.fillRect(0, 0, 160, 120);
    self.fillStyle = '#fff';
    self.fillRect(Math.floor((Math.sin(t * 2) + 1) * 60), 30, 40, 60);
    self.fillStyle = '#000';
    self.font = '16px monospace';
    self.fillText(String(sequence), 6, 20);
    small.drawImage($('self'), 0, 0, PICTURE_WIDTH, PICTURE_HEIGHT);
    const rgba = small.getImageData(0, 0, PICTURE_WIDTH, PICTURE_HEIGHT).data;
    for (let i = 0, j = 0; i < PICTURE_BYTES; i += 3, j += 4) {
      payload[i] = rgba[j];
      payload[i + 1] = rgba[j + 1];
      payload[i + 2] = rgba[j + 2];
    }
    const bytes = encodeFrame({ type: sequence % FRAMES_PER_SECOND === 0 ? FrameType.VIDEO_KEY : FrameType.VIDEO_DELTA,
      userId: state.mediaUserId, streamId: MEDIA_STREAM_ID, timestampMicros: performance.timeOrigin * 1000 + performance.now() * 1000,
      sequence: sequence++, flags: END_OF_FRAME }, payload);
    session.datagrams.write(bytes).then(() => {
      state.sent++;
      if (state.sent % FRAMES_PER_SECOND === 1) $('sent').textContent = state.sent + ' frames sent';
    }, e => log('datagram not sent: ' + e));
  }, 1000 / FRAMES_PER_SECOND);
}

// ------------------------------------------------------------------------------------------------ wiring

$('sign-in').addEventListener('submit', signIn);
$('join').addEventListener('submit', join);
$('leave-button').addEventListener('click', leave);
if (params.get('meeting')) $('meeting').value = params.get('meeting');
window.darktower.ready = true;
