import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxEvent } from '#contract/outbox-events.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { appendOutbox, OUTBOX_START, readOutboxAfter, readOutboxCursor } from '#store/outbox.repository.ts';
import { TEST_PG_URL } from '#store/test-engines.ts';
import { createOutboxRunner, type OutboxRunner } from './outbox-runner.ts';
import { memoryLogger, onlineEvent, waitFor } from './outbox-test-support.ts';

/**
 * PostgreSQL only: what the cursor rule (src/store/outbox.repository.ts) is for — transactions that commit out
 * of the order of their ids — and what only PostgreSQL has here (NOTIFY, several nodes on one database).
 */
describe('outbox on PostgreSQL', () => {
  let handle: Db;
  let schema: string;
  const runners: OutboxRunner[] = [];
  const runner = (options: Partial<Parameters<typeof createOutboxRunner>[0]> = {}) => {
    const r = createOutboxRunner({ db: handle, log: memoryLogger(), pollMs: 50, ...options });
    runners.push(r);
    return r;
  };
  const subjects = (events: OutboxEvent[]) => events.map((e) => e.subject ?? '');

  beforeEach(async () => {
    schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
    handle = await openDb(TEST_PG_URL, { schema, poolSize: 12 });
    await migrateToLatest(handle.db);
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop({ release: false });
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
    await handle.close();
  });

  it('never skips a row whose transaction took its id first and committed last', async () => {
    const { db } = handle;
    const a = await db.startTransaction().execute();
    await appendOutbox(a, [onlineEvent('A')]);
    await appendOutbox(db, [onlineEvent('B')]); // B: a later id, committed at once
    // The naive cursor (id > last) sees B and would pass over A's smaller id for good.
    const naive = await db.selectFrom('outbox').select(['id', 'subject']).where('id', '>', 0).execute();
    expect(naive.map((r) => r.subject)).toEqual(['B']);
    // The (tx, id) cursor does not read B while A, older, is still open: nothing is final yet.
    const held = await readOutboxAfter(db, OUTBOX_START, { limit: 10 });
    expect(held.events).toEqual([]);
    expect(held.next).toEqual(OUTBOX_START);
    expect(held.more).toBe(true);
    await a.commit().execute();
    // Final once every older transaction has ended — on a shared server that includes other sessions' (xids
    // are cluster-wide), so look until they have.
    let after = await readOutboxAfter(db, held.next, { limit: 10 });
    for (let i = 0; i < 200 && after.events.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await readOutboxAfter(db, held.next, { limit: 10 });
    }
    expect(subjects(after.events)).toEqual(['A', 'B']);
  });

  it('a consumer running while A is held open still gets A after B', async () => {
    const { db } = handle;
    const seen: string[] = [];
    runner().durable('c', (events) => void seen.push(...subjects(events)));
    const a = await db.startTransaction().execute();
    await appendOutbox(a, [onlineEvent('A')]);
    await appendOutbox(db, [onlineEvent('B')]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    await a.commit().execute();
    await waitFor(() => seen.length === 2, 'A and B');
    expect(seen).toEqual(['A', 'B']);
  });

  it('under concurrent writers with random delays every committed event arrives exactly once, across a restart', async () => {
    const { db } = handle;
    const writers = 6;
    const perWriter = 25;
    const committed = new Set<string>();
    const seen: string[] = [];
    const consume = (r: OutboxRunner) =>
      r.durableInTx('stress', async (events) => void seen.push(...subjects(events)), { batch: 7 });
    const delay = () => new Promise((r) => setTimeout(r, Math.random() * 15));
    const write = async (w: number) => {
      for (let j = 0; j < perWriter; j++) {
        const names = Array.from({ length: 1 + (j % 3) }, (_, k) => `w${w}-${j}-${k}`);
        const trx = await db.startTransaction().execute();
        await delay();
        await appendOutbox(
          trx,
          names.map((n) => onlineEvent(n)),
        );
        await delay();
        if (j % 10 === 9) {
          await trx.rollback().execute(); // rolled back: must never be delivered
        } else {
          await trx.commit().execute();
          for (const n of names) committed.add(n);
        }
      }
    };
    const first = runner();
    consume(first);
    const writing = Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
    await waitFor(() => seen.length > 40, 'some events before the restart');
    await first.stop(); // a consumer restart in the middle of the writes
    consume(runner());
    await writing;
    await waitFor(() => seen.length >= committed.size, 'every committed event', 30_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(committed.size);
    expect(new Set(seen)).toEqual(committed);
  });

  it('one node at a time holds a durable cursor; when it dies, another takes over after the lease', async () => {
    const { db } = handle;
    let t = 1_000_000;
    const now = () => t;
    const seen: Record<string, string[]> = { a: [], b: [] };
    const nodes = {
      a: runner({ nodeId: 'a', now, leaseMs: 10_000 }),
      b: runner({ nodeId: 'b', now, leaseMs: 10_000 }),
    };
    for (const id of ['a', 'b'] as const)
      nodes[id].durable('x', (events) => void seen[id]?.push(...subjects(events)));
    await appendOutbox(db, [onlineEvent('1'), onlineEvent('2')]);
    await waitFor(() => (seen.a?.length ?? 0) + (seen.b?.length ?? 0) === 2, 'the first events');
    const holder = (await readOutboxCursor(db, 'x'))?.owner as 'a' | 'b';
    const other = holder === 'a' ? 'b' : 'a';
    expect(seen[holder]).toEqual(['1', '2']);
    expect(seen[other]).toEqual([]);
    await nodes[holder].stop({ release: false }); // killed: its lease stays until it runs out
    await appendOutbox(db, [onlineEvent('3')]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen[other]).toEqual([]);
    t += 10_001;
    await waitFor(() => seen[other]?.length === 1, 'the take-over');
    expect(seen[other]).toEqual(['3']);
    expect((await readOutboxCursor(db, 'x'))?.owner).toBe(other);
  });

  it('a NOTIFY from another connection wakes the consumer long before its fallback poll', async () => {
    const seenAt: number[] = [];
    const r = runner({ pollMs: 10_000 });
    r.durable('w', (events) => void seenAt.push(...events.map(() => Date.now())));
    await new Promise((resolve) => setTimeout(resolve, 500)); // it has read once and sleeps now
    const other = await openDb(TEST_PG_URL, { schema, poolSize: 1 });
    const written = Date.now();
    await appendOutbox(other.db, [onlineEvent('A')]); // no in-process notification: only PostgreSQL's
    await other.close();
    await waitFor(() => seenAt.length === 1, 'the woken consumer', 5_000);
    expect((seenAt[0] ?? Infinity) - written).toBeLessThan(1_000);
  });
});
