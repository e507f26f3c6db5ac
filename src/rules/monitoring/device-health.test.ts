import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideDeviceHealth,
  type HealthConfig,
  type HealthDecision,
  type HealthState,
  type StoredHealth,
} from './device-health.ts';

const T = 1_767_225_600_000;
const MIN = 60_000;
const config: HealthConfig = { enabled: true, expectedIntervalS: 60, offlineAfterMissed: 3 };
const stored = (over: Partial<StoredHealth> = {}): StoredHealth => ({
  state: 'online',
  stateSince: T,
  lastDataAt: T,
  lastAliveAt: null,
  ...over,
});

describe('decideDeviceHealth: examples', () => {
  it('goes offline after offline_after_missed × interval without data or heartbeat, not a millisecond before', () => {
    expect(decideDeviceHealth(config, stored(), T + 3 * MIN - 1, T)).toEqual({ kind: 'none' });
    expect(decideDeviceHealth(config, stored(), T + 3 * MIN, T)).toEqual({
      kind: 'offline',
      at: T + 3 * MIN,
      from: T,
      missed: 3,
    });
  });

  it('a heartbeat (9015) keeps a logger online like data', () => {
    const s = stored({ lastAliveAt: T + 2 * MIN });
    expect(decideDeviceHealth(config, s, T + 4 * MIN, T)).toEqual({ kind: 'none' });
  });

  it('a device never heard from counts from `since`', () => {
    const never = stored({ state: 'unknown', stateSince: null, lastDataAt: null });
    expect(decideDeviceHealth(config, never, T + 3 * MIN - 1, T).kind).toBe('none');
    expect(decideDeviceHealth(config, never, T + 5 * MIN, T)).toMatchObject({ kind: 'offline', missed: 5 });
  });

  it('comes back online on data received after it went offline, with when it had gone', () => {
    const off = stored({ state: 'offline', stateSince: T + 3 * MIN });
    expect(decideDeviceHealth(config, off, T + 9 * MIN, T)).toEqual({ kind: 'none' });
    const back = { ...off, lastDataAt: T + 7 * MIN };
    expect(decideDeviceHealth(config, back, T + 9 * MIN, T)).toEqual({
      kind: 'online',
      at: T + 7 * MIN,
      offlineSince: T + 3 * MIN,
    });
  });

  it('an unknown device heard from becomes online without an event; a disabled one is never judged', () => {
    const heard = stored({ state: 'unknown', stateSince: null, lastDataAt: T + MIN });
    expect(decideDeviceHealth(config, heard, T + 2 * MIN, T)).toEqual({ kind: 'first-online', at: T + MIN });
    expect(decideDeviceHealth({ ...config, enabled: false }, stored(), T + 99 * MIN, T)).toEqual({
      kind: 'none',
    });
  });
});

const time = fc.integer({ min: 0, max: 20 * MIN }).map((d) => T + d);
const maybe = (a: fc.Arbitrary<number>) => fc.option(a, { nil: null });
const arbConfig = fc.record({
  enabled: fc.boolean(),
  expectedIntervalS: fc.integer({ min: 0, max: 600 }),
  offlineAfterMissed: fc.integer({ min: 1, max: 10 }),
});
const arbStored = fc.record({
  state: fc.constantFrom<HealthState>('unknown', 'online', 'offline'),
  stateSince: maybe(time),
  lastDataAt: maybe(time),
  lastAliveAt: maybe(time),
});

/** The stored state after a decision is written, as the store job writes it. */
function apply(s: StoredHealth, d: HealthDecision): StoredHealth {
  if (d.kind === 'offline') return { ...s, state: 'offline', stateSince: d.at };
  if (d.kind === 'online' || d.kind === 'first-online') return { ...s, state: 'online', stateSince: d.at };
  return s;
}

describe('decideDeviceHealth: properties', () => {
  it('offline exactly when overdue (data or heartbeat, else `since`), with the whole intervals missed', () => {
    fc.assert(
      fc.property(arbConfig, arbStored, time, time, (c, s, now, since) => {
        const d = decideDeviceHealth(c, s, now, since);
        const last = [s.lastDataAt, s.lastAliveAt].filter((x): x is number => x !== null);
        const from = last.length > 0 ? Math.max(...last) : since;
        const interval = c.expectedIntervalS * 1000;
        const overdue = interval > 0 && now - from >= c.offlineAfterMissed * interval;
        expect(d.kind === 'offline').toBe(c.enabled && s.state !== 'offline' && overdue);
        if (d.kind === 'offline') {
          expect(d.at).toBe(now);
          expect(d.missed).toBeGreaterThanOrEqual(c.offlineAfterMissed);
          expect(d.missed * interval).toBeLessThanOrEqual(now - from);
          expect((d.missed + 1) * interval).toBeGreaterThan(now - from);
        }
      }),
    );
  });

  it('online again only from offline, only on something received after it went offline', () => {
    fc.assert(
      fc.property(arbConfig, arbStored, time, time, (c, s, now, since) => {
        const d = decideDeviceHealth(c, s, now, since);
        if (d.kind !== 'online') return;
        expect(s.state).toBe('offline');
        expect(d.offlineSince).toBe(s.stateSince);
        expect(d.at).toBe(Math.max(s.lastDataAt ?? -1, s.lastAliveAt ?? -1));
        if (s.stateSince !== null) expect(d.at).toBeGreaterThan(s.stateSince);
      }),
    );
  });

  it('data and heartbeat count alike (swapping them changes nothing)', () => {
    fc.assert(
      fc.property(arbConfig, arbStored, time, time, (c, s, now, since) => {
        const swapped = { ...s, lastDataAt: s.lastAliveAt, lastAliveAt: s.lastDataAt };
        expect(decideDeviceHealth(c, swapped, now, since)).toEqual(decideDeviceHealth(c, s, now, since));
      }),
    );
  });

  it('a newer sighting never makes an online device offline that the older one kept online', () => {
    fc.assert(
      fc.property(arbConfig, arbStored, time, time, time, (c, s, later, now, since) => {
        const before = decideDeviceHealth(c, s, now, since);
        const newer = { ...s, lastDataAt: Math.max(s.lastDataAt ?? later, later) };
        const after = decideDeviceHealth(c, newer, now, since);
        if (before.kind !== 'offline') expect(after.kind).not.toBe('offline');
      }),
    );
  });

  it('over any timeline, events alternate offline/online, start with offline, and a repeated check adds none', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('data' as const), dt: fc.integer({ min: 0, max: 5 * MIN }) }),
      fc.record({ kind: fc.constant('alive' as const), dt: fc.integer({ min: 0, max: 5 * MIN }) }),
      fc.record({ kind: fc.constant('check' as const), dt: fc.integer({ min: 0, max: 5 * MIN }) }),
    );
    fc.assert(
      fc.property(arbConfig, fc.array(step, { maxLength: 40 }), (c, steps) => {
        let now = T;
        let s: StoredHealth = { state: 'unknown', stateSince: null, lastDataAt: null, lastAliveAt: null };
        const events: string[] = [];
        for (const st of steps) {
          now += st.dt;
          if (st.kind === 'data') s = { ...s, lastDataAt: now };
          else if (st.kind === 'alive') s = { ...s, lastAliveAt: now };
          else {
            const d = decideDeviceHealth(c, s, now, T);
            if (d.kind === 'offline' || d.kind === 'online') events.push(d.kind);
            s = apply(s, d);
            // The same check again (a second node, at the same instant): nothing more of the same kind.
            const again = decideDeviceHealth(c, s, now, T);
            if (d.kind !== 'none') expect(again.kind).not.toBe(d.kind);
          }
        }
        events.forEach((e, i) => {
          expect(e).toBe(i % 2 === 0 ? 'offline' : 'online');
        });
      }),
    );
  });
});
