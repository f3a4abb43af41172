// The 42-byte media frame header of DESIGN.md §7 (io.darktower.media.MediaFrameHeader), big-endian:
// version (1) · frame type (1: audio, 2: video key, 3: video delta) · user id (8) · stream id (4) ·
// timestamp µs (8) · sequence (8) · payload length (4) · flags (2: bit 0 end of frame, bit 1 discardable) ·
// reserved (6, zero). Then the payload. One frame per datagram, at most the node's maxDatagramSize (1150) bytes.

export const HEADER_SIZE = 42;
export const VERSION = 1;
export const FrameType = { AUDIO: 1, VIDEO_KEY: 2, VIDEO_DELTA: 3 };
export const END_OF_FRAME = 0x1;
export const DISCARDABLE = 0x2;

/** A frame: header fields + payload bytes. userId is a BigInt (the 64-bit media user id), the rest Numbers. */
export function encodeFrame({ type, userId, streamId, timestampMicros, sequence, flags = END_OF_FRAME }, payload) {
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, VERSION);
  v.setUint8(1, type);
  v.setBigUint64(2, BigInt.asUintN(64, BigInt(userId)), false);
  v.setUint32(10, streamId >>> 0, false);
  v.setBigUint64(14, BigInt(Math.floor(timestampMicros)), false);
  v.setBigUint64(22, BigInt(sequence), false);
  v.setUint32(30, payload.length, false);
  v.setUint16(34, flags, false);
  out.set(payload, HEADER_SIZE);
  return out;
}

/** The header of a received frame and its payload (a view), or null when the bytes are not a well-formed frame. */
export function decodeFrame(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER_SIZE) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const type = v.getUint8(1);
  const length = v.getUint32(30, false);
  if (v.getUint8(0) !== VERSION || type < 1 || type > 3 || length !== bytes.length - HEADER_SIZE) return null;
  return {
    type,
    userId: v.getBigUint64(2, false),
    streamId: v.getUint32(10, false),
    timestampMicros: Number(v.getBigUint64(14, false)),
    sequence: Number(v.getBigUint64(22, false)),
    flags: v.getUint16(34, false),
    payload: bytes.subarray(HEADER_SIZE),
  };
}
