import { describe, expect, it } from 'vitest';
import { createConnectionSlots, isRefusal, type Slot } from './connection-slots.ts';
import { DEFAULT_LIMITS } from './receiver-options.ts';

const limits = {
  ...DEFAULT_LIMITS,
  maxConnections: 7,
  maxConnectionsPerAddress: 4,
  maxUnprovenConnections: 3,
  maxUnprovenPerAddress: 2,
};

const slot = (s: ReturnType<ReturnType<typeof createConnectionSlots>['admit']>): Slot => {
  if (isRefusal(s)) throw new Error(s.message);
  return s;
};

describe('connection slots', () => {
  it('refuses by the first cap reached: per-address unproven, unproven in total, per address, total', () => {
    const slots = createConnectionSlots(limits, () => 0);
    const a1 = slot(slots.admit('a'));
    slot(slots.admit('a'));
    expect(slots.admit('a')).toMatchObject({ limit: 'maxUnprovenPerAddress' });
    slot(slots.admit('b'));
    expect(slots.admit('c')).toMatchObject({ limit: 'maxUnprovenConnections' });
    // Proven places leave the unproven budget: room for more.
    a1.prove();
    expect(slots.unproven).toBe(2);
    const a3 = slot(slots.admit('a'));
    a3.prove();
    const a4 = slot(slots.admit('a'));
    a4.prove();
    expect(slots.admit('a')).toMatchObject({ limit: 'maxConnectionsPerAddress' });
    slot(slots.admit('c')).prove();
    slot(slots.admit('d'));
    expect(slots.total).toBe(7);
    expect(slots.admit('e')).toMatchObject({ limit: 'maxConnections' });
  });

  it('releases once, proven or not, and names the oldest unproven place', () => {
    const slots = createConnectionSlots(limits, () => 0);
    const first = slot(slots.admit('a'));
    const second = slot(slots.admit('b'));
    expect(slots.oldestUnproven()).toBe(first);
    first.release();
    first.release();
    expect(slots.oldestUnproven()).toBe(second);
    second.prove();
    second.release();
    second.prove();
    expect([slots.total, slots.unproven]).toEqual([0, 0]);
    expect(slots.oldestUnproven()).toBeUndefined();
  });
});
