import { expect, it } from 'vitest';
import { waitOutboxFinal } from '../test-support/outbox-final.ts';
import {
  appendOutbox,
  claimOutboxCursor,
  ensureOutboxCursor,
  type NewOutboxEvent,
  OUTBOX_START,
  outboxBacklog,
  outboxHead,
  pruneOutbox,
  readOutboxAfter,
} from './outbox.repository.ts';
import { forEachEngine } from './test-engines.ts';

const online = (mn: string, at: number): NewOutboxEvent => ({
  topic: 'device.online',
  at,
  subject: mn,
  payload: { mn, siteId: 1, at, offlineSince: null },
});
const stored = (at: number): NewOutboxEvent => ({
  topic: 'measurements.stored',
  at,
  payload: { values: 3, spans: [{ siteId: 1, period: 'hour', from: at, to: at }] },
});

forEachEngine('outbox storage', (current) => {
  it('appends in the writer transaction and reads after a cursor in order', async () => {
    const { db } = current();
    await db.transaction().execute((trx) => appendOutbox(trx, [online('A', 1), stored(2)]));
    await appendOutbox(db, [online('B', 3)]);
    await waitOutboxFinal(db);
    const first = await readOutboxAfter(db, OUTBOX_START, { limit: 2 });
    expect(first.events.map((e) => e.topic)).toEqual(['device.online', 'measurements.stored']);
    expect(first.events[0]?.payload).toEqual({ mn: 'A', siteId: 1, at: 1, offlineSince: null });
    expect(first.more).toBe(true);
    await waitOutboxFinal(db);
    const second = await readOutboxAfter(db, first.next, { limit: 2 });
    expect(second.events.map((e) => e.subject)).toEqual(['B']);
    expect(second.more).toBe(false);
    await waitOutboxFinal(db);
    expect(await outboxHead(db)).toEqual(second.next);
    await waitOutboxFinal(db);
    expect((await readOutboxAfter(db, second.next, { limit: 10 })).events).toEqual([]);
  });

  it('a rolled-back transaction leaves no event', async () => {
    const { db } = current();
    await expect(
      db.transaction().execute(async (trx) => {
        await appendOutbox(trx, [online('A', 1)]);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    await waitOutboxFinal(db);
    expect((await readOutboxAfter(db, OUTBOX_START, { limit: 10 })).events).toEqual([]);
  });

  it('refuses a payload that does not match its topic', async () => {
    const { db } = current();
    const bad = { topic: 'device.online', at: 1, payload: { mn: 'A' } } as unknown as NewOutboxEvent;
    await expect(appendOutbox(db, [bad])).rejects.toThrow();
  });

  it('a topic filter skips foreign rows and moves past them', async () => {
    const { db } = current();
    await appendOutbox(db, [stored(1), online('A', 2), stored(3), stored(4)]);
    await waitOutboxFinal(db);
    const page = await readOutboxAfter(db, OUTBOX_START, { limit: 10, topics: ['device.online'] });
    expect(page.events.map((e) => e.subject)).toEqual(['A']);
    await waitOutboxFinal(db);
    expect(page.next).toEqual(await outboxHead(db));
    expect(await outboxBacklog(db, OUTBOX_START, ['measurements.stored'])).toEqual({
      events: 3,
      oldestAt: 1,
    });
  });

  it('prune deletes old events but none that a durable cursor has not passed', async () => {
    const { db } = current();
    await appendOutbox(db, [online('A', 1_000), online('B', 2_000), online('C', 3_000), online('D', 9_000)]);
    await waitOutboxFinal(db);
    const all = (await readOutboxAfter(db, OUTBOX_START, { limit: 10 })).events;
    // A consumer that has handled A only.
    await ensureOutboxCursor(db, 'slow', { tx: all[0]?.tx ?? 0, id: all[0]?.id ?? 0 }, 0);
    await waitOutboxFinal(db);
    expect(await pruneOutbox(db, { olderThan: 5_000 })).toBe(1);
    await waitOutboxFinal(db);
    expect((await readOutboxAfter(db, OUTBOX_START, { limit: 10 })).events.map((e) => e.subject)).toEqual([
      'B',
      'C',
      'D',
    ]);
    // Once it has passed C, B and C go; D is too young.
    await waitOutboxFinal(db);
    await ensureOutboxCursor(db, 'fast', await outboxHead(db), 0);
    expect(await claimOutboxCursor(db, 'slow', 'n1', 0, 1000)).toBeDefined();
    await db
      .updateTable('outbox_cursors')
      .set({ tx: all[2]?.tx ?? 0, id: all[2]?.id ?? 0 })
      .where('name', '=', 'slow')
      .execute();
    await waitOutboxFinal(db);
    expect(await pruneOutbox(db, { olderThan: 5_000 })).toBe(2);
    await waitOutboxFinal(db);
    expect((await readOutboxAfter(db, OUTBOX_START, { limit: 10 })).events.map((e) => e.subject)).toEqual([
      'D',
    ]);
  });

  it('ids are not reused after the newest row was pruned', async () => {
    const { db } = current();
    await appendOutbox(db, [online('A', 1)]);
    await waitOutboxFinal(db);
    const head = await outboxHead(db);
    await waitOutboxFinal(db);
    expect(await pruneOutbox(db, { olderThan: 10 })).toBe(1);
    await appendOutbox(db, [online('B', 20)]);
    await waitOutboxFinal(db);
    expect((await readOutboxAfter(db, head, { limit: 10 })).events.map((e) => e.subject)).toEqual(['B']);
  });

  it('a cursor lease is held by one owner until it runs out', async () => {
    const { db } = current();
    await ensureOutboxCursor(db, 'c', OUTBOX_START, 0);
    expect(await claimOutboxCursor(db, 'c', 'a', 0, 1000)).toEqual(OUTBOX_START);
    expect(await claimOutboxCursor(db, 'c', 'b', 500, 1000)).toBeUndefined();
    expect(await claimOutboxCursor(db, 'c', 'b', 1001, 1000)).toEqual(OUTBOX_START);
  });
});
