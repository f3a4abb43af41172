// Signaling of the media node (DESIGN.md §7) in the browser, without a protobuf library or a bundler.
//
// The wire is events-schema/src/main/proto/darktower/signaling/v1/signaling.proto: each message is a 4-byte
// big-endian length, then a protobuf ClientMessage (page -> node) or ServerMessage (node -> page). This module
// hand-encodes the few ClientMessages the page sends (join, publish, subscribe, update layout, leave) and decodes
// every ServerMessage with a small table per message type (field number -> [name, type, repeated]). Unknown fields
// are skipped, as protobuf requires; malformed bytes throw, and the caller closes the session.
//
// Types: 'string', 'uint' (varint: uint32, uint64, enum; a Number up to 2^53), 'fixed64' (a BigInt), or a table
// (an embedded message). Keep the tables in step with signaling.proto when it changes.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

// ------------------------------------------------------------------------------------------------ encoding

class Writer {
  constructor() { this.bytes = []; }
  varint(value) {
    let v = BigInt(value);
    if (v < 0n) throw new Error('negative varint');
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      this.bytes.push(v ? b | 0x80 : b);
    } while (v);
    return this;
  }
  tag(field, wireType) { return this.varint((field << 3) | wireType); }
  uint(field, value) { return value ? this.tag(field, 0).varint(value) : this; }
  string(field, value) {
    if (!value) return this;
    return this.bytesField(field, utf8.encode(String(value)));
  }
  bytesField(field, bytes) {
    this.tag(field, 2).varint(bytes.length);
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  message(field, writer) { return this.bytesField(field, writer.finish()); }
  finish() { return Uint8Array.from(this.bytes); }
}

function gridLayout(layout) {
  const w = new Writer().uint(1, layout.columns).uint(2, layout.rows);
  for (const id of layout.pinned || []) w.string(3, id);
  for (const id of layout.excluded || []) w.string(4, id);
  return w;
}

/** A ClientMessage: requestId, then exactly one body. Body field numbers are those of ClientMessage's oneof. */
function clientMessage(requestId, field, body) {
  return new Writer().uint(1, requestId).message(field, body).finish();
}

export const requests = {
  join: (id, { token, joinToken, displayName, clientVersion }) => clientMessage(id, 10,
      new Writer().string(1, token).string(2, joinToken).string(3, displayName).string(4, clientVersion)),
  publish: (id, { streamType, codec, maxBitrate, mediaStreamId }) => clientMessage(id, 11,
      new Writer().string(1, streamType).string(2, codec).uint(3, maxBitrate).uint(4, mediaStreamId)),
  unpublish: (id, streamId) => clientMessage(id, 12, new Writer().string(1, streamId)),
  subscribe: (id, layout) => clientMessage(id, 13, new Writer().message(1, gridLayout(layout))),
  updateLayout: (id, layout) => clientMessage(id, 14, new Writer().message(1, gridLayout(layout))),
  unsubscribe: (id) => clientMessage(id, 15, new Writer()),
  leave: (id) => clientMessage(id, 16, new Writer()),
};

/** The message with its 4-byte big-endian length in front, as the signaling stream carries it. */
export function frame(message) {
  const out = new Uint8Array(4 + message.length);
  new DataView(out.buffer).setUint32(0, message.length, false);
  out.set(message, 4);
  return out;
}

// ------------------------------------------------------------------------------------------------ decoding

const Stream = { 1: ['streamId', 'string'], 2: ['participantId', 'string'], 3: ['streamType', 'string'],
  4: ['codec', 'string'], 5: ['maxBitrate', 'uint'] };
const Participant = { 1: ['participantId', 'string'], 2: ['mediaUserId', 'fixed64'], 3: ['userId', 'string'],
  4: ['displayName', 'string'], 5: ['streams', Stream, true] };
const NodeInfo = { 1: ['nodeId', 'string'], 2: ['region', 'string'], 3: ['maxDatagramSize', 'uint'] };
const StreamAssignment = { 1: ['slot', 'uint'], 2: ['participantId', 'string'], 3: ['streamId', 'string'],
  4: ['mediaUserId', 'fixed64'], 5: ['mediaStreamId', 'uint'] };

/** ServerMessage: the oneof's field number gives the body's name (message.body) and its fields (message[name]). */
const ServerMessage = {
  1: ['requestId', 'uint'],
  10: ['joinResponse', { 1: ['meetingId', 'string'], 2: ['participantId', 'string'], 3: ['mediaUserId', 'fixed64'],
    4: ['participants', Participant, true], 5: ['node', NodeInfo] }],
  11: ['participantJoined', { 1: ['participant', Participant] }],
  12: ['participantLeft', { 1: ['participantId', 'string'], 2: ['reason', 'string'] }],
  13: ['streamPublished', { 1: ['stream', Stream], 2: ['mediaStreamId', 'uint'] }],
  14: ['streamUnpublished', { 1: ['streamId', 'string'], 2: ['participantId', 'string'] }],
  15: ['streamAssignments', { 1: ['assignments', StreamAssignment, true] }],
  16: ['streamQuality', { 1: ['streamId', 'string'], 2: ['frames', 'uint'], 3: ['bytes', 'uint'], 4: ['lost', 'uint'],
    5: ['bitrate', 'uint'] }],
  17: ['error', { 1: ['code', 'uint'], 2: ['message', 'string'] }],
  18: ['reconnect', { 1: ['reason', 'string'] }],
};

export const ERROR_CODES = ['ERROR_CODE_UNSPECIFIED', 'INVALID_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND',
  'CONFLICT', 'INTERNAL_ERROR', 'CAPACITY_EXCEEDED', 'STREAM_ERROR'];

class Reader {
  constructor(bytes, start = 0, end = bytes.length) { this.b = bytes; this.at = start; this.end = end; }
  more() { return this.at < this.end; }
  byte() {
    if (this.at >= this.end) throw new Error('truncated message');
    return this.b[this.at++];
  }
  varint() {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    throw new Error('varint too long');
  }
  skip(n) {
    if (n < 0 || this.at + n > this.end) throw new Error('truncated field');
    this.at += n;
  }
}

/** Proto3 defaults: a field absent on the wire is 0, '', 0n or an empty list; an absent message stays undefined. */
function defaults(table) {
  const out = {};
  for (const [name, type, repeated] of Object.values(table)) {
    if (repeated) out[name] = [];
    else if (type === 'string') out[name] = '';
    else if (type === 'uint') out[name] = 0;
    else if (type === 'fixed64') out[name] = 0n;
  }
  return out;
}

function decodeMessage(table, bytes, start, end) {
  const out = defaults(table);
  const r = new Reader(bytes, start, end);
  while (r.more()) {
    const key = Number(r.varint());
    const field = key >>> 3, wire = key & 7;
    const spec = table[field];
    let value;
    if (wire === 0) {
      value = r.varint();
    } else if (wire === 1) {
      r.skip(8);
      value = new DataView(bytes.buffer, bytes.byteOffset + r.at - 8, 8).getBigUint64(0, true);
    } else if (wire === 2) {
      const length = Number(r.varint());
      r.skip(length);
      value = [r.at - length, r.at];
    } else if (wire === 5) {
      r.skip(4);
      continue;
    } else {
      throw new Error('unsupported wire type ' + wire);
    }
    if (!spec) continue;
    const [name, type, repeated] = spec;
    let decoded;
    if (type === 'string') {
      if (wire !== 2) throw new Error('field ' + name + ' is not a string');
      decoded = fromUtf8.decode(bytes.subarray(value[0], value[1]));
    } else if (type === 'uint') {
      if (wire !== 0) throw new Error('field ' + name + ' is not a varint');
      decoded = Number(value);
    } else if (type === 'fixed64') {
      if (wire !== 1) throw new Error('field ' + name + ' is not fixed64');
      decoded = value;
    } else {
      if (wire !== 2) throw new Error('field ' + name + ' is not a message');
      decoded = decodeMessage(type, bytes, value[0], value[1]);
    }
    if (repeated) out[name].push(decoded);
    else out[name] = decoded;
  }
  return out;
}

/** Decodes one ServerMessage (without its length prefix); message.body names the oneof that is set. */
export function decodeServerMessage(bytes) {
  const message = decodeMessage(ServerMessage, bytes, 0, bytes.length);
  message.body = Object.keys(message).find(k => k !== 'requestId' && message[k] !== undefined) || null;
  return message;
}

/**
 * Reads length-prefixed ServerMessages from a ReadableStream of bytes, calling onMessage for each, until the stream
 * ends. A length above maxSize or undecodable bytes reject the returned promise.
 */
export async function readMessages(readable, onMessage, maxSize = 1 << 20) {
  const reader = readable.getReader();
  let buffer = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const joined = new Uint8Array(buffer.length + value.length);
    joined.set(buffer, 0);
    joined.set(value, buffer.length);
    buffer = joined;
    while (buffer.length >= 4) {
      const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, false);
      if (length > maxSize) throw new Error('signaling message of ' + length + ' bytes is too large');
      if (buffer.length < 4 + length) break;
      onMessage(decodeServerMessage(buffer.subarray(4, 4 + length)));
      buffer = buffer.slice(4 + length);
    }
  }
}
