/**
 * The retransmission keys (MN, CN, DataTime, PNO) of the most recent packets, bounded so that memory stays flat
 * however long the receiver runs: the oldest key leaves when a new one arrives at capacity.
 *
 * The oldest key is found in a ring of insertion order, not by iterating the Set: a Set keeps deleted entries
 * as holes until it rehashes, so `values().next()` after deletions from the front walks all the holes — at a
 * capacity of 100,000 that cost ~32 µs per packet once the set was full (bench/README.md).
 */
export class RecentKeys {
  private readonly keys = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    const oldest = this.ring[this.next];
    if (oldest !== undefined) this.keys.delete(oldest);
    this.ring[this.next] = key;
    this.next = this.next + 1 === this.ring.length ? 0 : this.next + 1;
    this.keys.add(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
