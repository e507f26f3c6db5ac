/**
 * Split a TCP byte stream into HJ 212 frames (HJ 212-2017 §6.3.1 表2: `##` LLLL segment CCCC CR LF).
 * Pure state machine: push the bytes of each read, get complete frames (zero-copy views) and discarded bytes.
 *
 * Rules, in order, for a frame starting at `##` (hj212.md §7.1):
 * 1. LLLL lands on 4 hex digits followed by CR LF → frame ends there (the standard case);
 * 2. … followed by `##` instead → glued packet without CR LF, frame ends before the next `##`;
 * 3. otherwise (wrong LLLL, 3-digit LLLL, 2025 plaintext LLLL) → the earliest CR LF or next `##`;
 * 4. nothing within `maxPacketBytes` → the bytes are discarded as oversized and scanning resumes after them.
 * A decision on rule 3 waits until rule 1/2 could be checked, so the result never depends on how the stream
 * was cut into reads. Frames are not validated here; `decodePacket` reports what is wrong with each.
 */

export type DiscardReason = 'garbage' | 'oversized' | 'incomplete';

export interface DiscardedBytes {
  readonly bytes: Buffer;
  readonly reason: DiscardReason;
}

export interface SplitResult {
  readonly frames: Buffer[];
  readonly discarded: DiscardedBytes[];
}

export interface FrameSplitterOptions {
  /** Cap per frame; LLLL allows 9999 + 12 framing bytes, 2025 encrypted CPs are ~5× longer. Default 65536. */
  readonly maxPacketBytes?: number;
}

export interface FrameSplitter {
  push(chunk: Uint8Array): SplitResult;
  /** End of stream (or idle timeout): frame what is buffered without waiting for more; a lone '#' is incomplete. */
  flush(): SplitResult;
  /** Bytes held while waiting for the rest of a frame. */
  readonly buffered: number;
}

const HASHES = Buffer.from('##', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
const NEED_MORE = -1;
const OVERSIZED = -2;

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
}

function declaredLength(buf: Buffer, h: number): number {
  let len = 0;
  for (let i = h + 2; i < h + 6; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    len = len * 10 + c;
  }
  return len;
}

/** End (exclusive) of the frame starting at `h`, or NEED_MORE / OVERSIZED. */
function frameEnd(buf: Buffer, h: number, cap: number, final: boolean): number {
  const n = buf.length;
  if (n - h < 6) return final ? n : NEED_MORE;
  const len = declaredLength(buf, h);
  if (len >= 0) {
    const e = h + 10 + len;
    if (e + 2 <= h + cap) {
      if (n < e + 2 && !final) return NEED_MORE;
      if (n >= e + 2 && isHex(buf[e - 4]) && isHex(buf[e - 3]) && isHex(buf[e - 2]) && isHex(buf[e - 1])) {
        if (buf[e] === 13 && buf[e + 1] === 10) return e + 2;
        if (buf[e] === 35 && buf[e + 1] === 35) return e;
      }
    }
  }
  const limit = Math.min(n, h + cap);
  const c = buf.indexOf(CRLF, h + 6);
  const g = buf.indexOf(HASHES, h + 2);
  const cEnd = c >= 0 && c + 2 <= limit ? c + 2 : Number.POSITIVE_INFINITY;
  const gEnd = g >= 0 && g + 2 <= limit ? g : Number.POSITIVE_INFINITY;
  const end = Math.min(cEnd, gEnd);
  if (end !== Number.POSITIVE_INFINITY) return end;
  if (n - h >= cap) return OVERSIZED;
  return final ? n : NEED_MORE;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Create a stream framer; one per TCP connection. */
export function createFrameSplitter(options: FrameSplitterOptions = {}): FrameSplitter {
  const cap = Math.max(16, options.maxPacketBytes ?? 65_536);
  let pending: Buffer = Buffer.alloc(0);

  function scan(buf: Buffer, final: boolean): SplitResult {
    const frames: Buffer[] = [];
    const discarded: DiscardedBytes[] = [];
    let pos = 0;
    for (;;) {
      const h = buf.indexOf(HASHES, pos);
      if (h < 0) {
        // Keep a trailing '#': it may be the first half of the next header.
        const keep = !final && buf.length > pos && buf[buf.length - 1] === 35 ? buf.length - 1 : buf.length;
        if (keep > pos)
          discarded.push({ bytes: buf.subarray(pos, keep), reason: final ? 'incomplete' : 'garbage' });
        pending = buf.subarray(keep);
        break;
      }
      if (h > pos) discarded.push({ bytes: buf.subarray(pos, h), reason: 'garbage' });
      const end = frameEnd(buf, h, cap, final);
      if (end === NEED_MORE) {
        pending = buf.subarray(h);
        break;
      }
      if (end === OVERSIZED) {
        discarded.push({ bytes: buf.subarray(h, h + cap), reason: 'oversized' });
        pos = h + cap;
        continue;
      }
      frames.push(buf.subarray(h, end));
      pos = end;
    }
    return { frames, discarded };
  }

  function push(chunk: Uint8Array): SplitResult {
    const incoming = asBuffer(chunk);
    return scan(pending.length === 0 ? incoming : Buffer.concat([pending, incoming]), false);
  }

  function flush(): SplitResult {
    const rest = pending;
    pending = Buffer.alloc(0);
    return scan(rest, true);
  }

  return {
    push,
    flush,
    get buffered() {
      return pending.length;
    },
  };
}
