import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '#services/logger.ts';
import { startWriterThread } from '../receiver/ingest-thread.ts';
import { waitOutboxFinal } from '../test-support/outbox-final.ts';
import { migrateToLatest } from './migrate.ts';
import { openDb } from './open-db.ts';
import { type NewOutboxEvent, OUTBOX_START, readOutboxAfter } from './outbox.repository.ts';
import { commitIngestBatch, type IngestBatch, type IngestTarget } from './receiver-batch.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000;
const events: NewOutboxEvent[] = [
  {
    topic: 'packet.quarantined',
    at: T,
    subject: 'MN1',
    payload: { mn: 'MN1', peer: '10.0.0.1:4000', reason: 'encryption required' },
  },
  {
    topic: 'measurements.stored',
    at: T,
    payload: { values: 2, spans: [{ siteId: 1, period: 'raw', from: T, to: T }] },
  },
];
const batch = (over: Partial<IngestBatch> = {}): IngestBatch => ({
  raw: [],
  measurements: [],
  statuses: [],
  events: [],
  outbox: events,
  ...over,
});

const targets: [string, (h: TestDb) => IngestTarget][] = [
  ['handle', (h) => h],
  ['kysely', (h) => h.db],
];

forEachEngine('ingest commit writes its outbox events', (current) => {
  for (const [way, target] of targets) {
    it(`in the commit's transaction (${way})`, async () => {
      await commitIngestBatch(target(current()), batch(), T);
      await waitOutboxFinal(current().db);
      const page = await readOutboxAfter(current().db, OUTBOX_START, { limit: 10 });
      expect(page.events.map((e) => [e.topic, e.payload])).toEqual(events.map((e) => [e.topic, e.payload]));
    });

    it(`not at all when the commit fails (${way})`, async () => {
      // An events row without its subject (NOT NULL) fails after the outbox rows are queued: all rolls back.
      const bad = batch({ events: [{ at: T, kind: 'x', subject: null as unknown as string, detail: null }] });
      await expect(commitIngestBatch(target(current()), bad, T)).rejects.toThrow();
      expect((await readOutboxAfter(current().db, OUTBOX_START, { limit: 10 })).events).toEqual([]);
    });
  }
});

it('the SQLite writer thread writes the outbox events of the batches it commits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qingshan-outbox-'));
  const path = join(dir, 'q.sqlite');
  const handle = await openDb(path);
  try {
    await migrateToLatest(handle.db);
    const thread = startWriterThread(createLogger('error'), { path, maxMergedPackets: 1000 });
    await Promise.all([thread.commit(batch(), T), thread.commit(batch(), T)]);
    await thread.close();
    const page = await readOutboxAfter(handle.db, OUTBOX_START, { limit: 10 });
    expect(page.events.map((e) => e.topic)).toEqual([
      'packet.quarantined',
      'measurements.stored',
      'packet.quarantined',
      'measurements.stored',
    ]);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
