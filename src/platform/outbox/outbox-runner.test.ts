import { afterEach, expect, it } from 'vitest';
import type { OutboxEvent } from '#contract/outbox-events.ts';
import { appendOutbox, readOutboxCursor } from '#store/outbox.repository.ts';
import { forEachEngine } from '#store/test-engines.ts';
import { waitOutboxFinal } from '../../test-support/outbox-final.ts';
import { createOutboxRunner, type OutboxRunner } from './outbox-runner.ts';
import { memoryLogger, onlineEvent, waitFor } from './outbox-test-support.ts';
import { notifyOutboxCommitted } from './outbox-wake.ts';

const subjects = (events: OutboxEvent[]) => events.map((e) => e.subject ?? '');

forEachEngine('outbox runner', (current) => {
  const runners: OutboxRunner[] = [];
  const runner = (options: Partial<Parameters<typeof createOutboxRunner>[0]> = {}) => {
    const r = createOutboxRunner({ db: current(), log: memoryLogger(), pollMs: 50, ...options });
    runners.push(r);
    return r;
  };
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
  });

  it('a durable consumer gets every event once, in order, and resumes from its stored cursor', async () => {
    const { db } = current();
    await appendOutbox(db, [onlineEvent('A'), onlineEvent('B')]);
    const seen: string[] = [];
    const first = runner();
    first.durable('c', (events) => {
      seen.push(...subjects(events));
    });
    await waitFor(() => seen.length === 2, 'A and B');
    await first.stop();
    await appendOutbox(db, [onlineEvent('C')]);
    const second = runner();
    second.durable('c', (events) => {
      seen.push(...subjects(events));
    });
    await waitFor(() => seen.length === 3, 'C');
    expect(seen).toEqual(['A', 'B', 'C']);
    expect(await second.lag()).toEqual([
      { name: 'c', kind: 'durable', behindEvents: 0, oldestPendingAgeMs: 0, owner: 'local' },
    ]);
  });

  it('a failing handler is retried with back-off and logged; the cursor stays until it succeeds', async () => {
    const { db } = current();
    const log = memoryLogger();
    let calls = 0;
    const r = runner({ log });
    r.durable('flaky', () => {
      calls++;
      if (calls < 3) throw new Error('mail server down');
    });
    await appendOutbox(db, [onlineEvent('A')]);
    notifyOutboxCommitted(db);
    await waitFor(() => calls === 3, 'the third attempt');
    await waitFor(() => log.lines.some((l) => l.includes('recovered')), 'recovery logged');
    expect(log.lines.filter((l) => l.includes('mail server down'))).toHaveLength(2);
    const [lag] = await r.lag();
    expect(lag?.behindEvents).toBe(0);
  });

  it('a handler writing in the cursor transaction has its effect once although it saw the event twice', async () => {
    const { db } = current();
    let calls = 0;
    const r = runner();
    r.durableInTx('effect', async (events, { trx }) => {
      calls++;
      for (const e of events) {
        await trx
          .insertInto('events')
          .values({ at: e.at, kind: 'notified', subject: e.subject ?? '', detail: null })
          .execute();
      }
      // The first attempt dies after its write, before the cursor moved (as a crash would).
      if (calls === 1) throw new Error('crash after the effect');
    });
    await appendOutbox(db, [onlineEvent('A')]);
    notifyOutboxCommitted(db);
    await waitFor(() => calls === 2, 'the second delivery');
    await r.stop();
    const effects = await db.selectFrom('events').select('subject').where('kind', '=', 'notified').execute();
    expect(effects).toEqual([{ subject: 'A' }]);
  });

  it('a broadcast consumer starts at the head and gets only what comes after', async () => {
    const { db } = current();
    await appendOutbox(db, [onlineEvent('old')]);
    // The head is the newest FINAL row: on a shared PostgreSQL server another session's open transaction may hold
    // 'old' back for a moment (then a consumer starting now would still get it: never too few, maybe one more).
    await waitOutboxFinal(db);
    const seen: string[] = [];
    const r = runner();
    await r.broadcast('live', (events) => {
      seen.push(...subjects(events));
    });
    await appendOutbox(db, [onlineEvent('new')]);
    notifyOutboxCommitted(db);
    await waitFor(() => seen.length === 1, 'the new event');
    expect(seen).toEqual(['new']);
  });

  it('a topic filter delivers only those topics and still moves the cursor past the others', async () => {
    const { db } = current();
    const seen: string[] = [];
    const r = runner();
    r.durable('registry', (events) => void seen.push(...subjects(events)), {
      topics: ['device.registry_changed'],
    });
    await appendOutbox(db, [
      onlineEvent('A'),
      { topic: 'device.registry_changed', at: 1, subject: 'M1', payload: { mn: 'M1', change: 'created' } },
      onlineEvent('B'),
    ]);
    notifyOutboxCommitted(db);
    await waitFor(() => seen.length === 1, 'the registry change');
    await waitOutboxFinal(db);
    r.wake();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await r.stop();
    const stored = await readOutboxCursor(db, 'registry');
    const all = await db
      .selectFrom('outbox')
      .select(['tx', 'id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored && { tx: stored.tx, id: stored.id }).toEqual({ tx: Number(all.tx), id: Number(all.id) });
  });

  it('a writer of this process wakes the consumer long before its fallback poll', async () => {
    const { db } = current();
    const seenAt: number[] = [];
    const r = runner({ pollMs: 10_000, listen: false });
    r.durable('w', (events) => void seenAt.push(...events.map(() => Date.now())));
    await new Promise((resolve) => setTimeout(resolve, 300)); // it has read once and sleeps now
    const written = Date.now();
    await appendOutbox(db, [onlineEvent('A')]);
    notifyOutboxCommitted(db);
    await waitFor(() => seenAt.length === 1, 'the woken consumer', 5_000);
    expect((seenAt[0] ?? Number.POSITIVE_INFINITY) - written).toBeLessThan(1_000);
  });
});
