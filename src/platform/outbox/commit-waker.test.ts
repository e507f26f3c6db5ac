import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { commitIngestBatch, type IngestBatch } from '#store/receiver-batch.repository.ts';
import { TEST_PG_URL } from '#store/test-engines.ts';
import { createCommitWaker, OUTBOX_CHANNEL } from './outbox-wake.ts';

// The HJ 212 group commit sends no NOTIFY from its transaction (that would take PostgreSQL's notify-queue lock at
// every commit of every receiving node); its writer wakes the other nodes with one NOTIFY after the commit. A
// database of its own, so that no other test's NOTIFY on the same channel can be mistaken for ours.

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}
const up = await reachable();
if (!up && !process.env.CI)
  console.warn(`\n!!! SKIPPED: commit-waker test — no PostgreSQL at ${TEST_PG_URL}\n`);

const T = 1_767_225_600_000;
const batch = (wakeAfterCommit: boolean): IngestBatch => ({
  raw: [],
  measurements: [],
  statuses: [],
  events: [],
  outbox: [{ topic: 'packet.quarantined', at: T, payload: { mn: 'M', peer: 'p', reason: 'r' } }],
  wakeAfterCommit,
});

describe.skipIf(!up && !process.env.CI)('waking other nodes after the group commit (PostgreSQL)', () => {
  const database = `qs_waker_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  let db: Db;
  let listener: pg.Client;
  const heard: number[] = [];

  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(statement).finally(() => c.end());
  };
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 400));

  beforeAll(async () => {
    await admin(`create database ${database}`);
    db = await openDb(url.toString());
    await migrateToLatest(db.db);
    listener = new pg.Client({ connectionString: url.toString() });
    await listener.connect();
    listener.on('notification', () => heard.push(Date.now()));
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
  }, 30_000);

  afterAll(async () => {
    await listener?.end();
    await db?.close();
    await admin(`drop database if exists ${database} with (force)`).catch(() => undefined);
  });

  it('a commit that wakes afterwards sends no NOTIFY; its waker sends one; any other writer still notifies', async () => {
    await commitIngestBatch(db.db, batch(true), T);
    await quiet();
    expect(heard).toHaveLength(0);
    // Its rows are there all the same.
    expect(await db.db.selectFrom('outbox').select('id').execute()).toHaveLength(1);

    const wake = createCommitWaker(db.db, memoryLogger('error'));
    wake();
    wake();
    wake();
    await quiet();
    // Coalesced: one in flight and one queued, however many commits ended meanwhile.
    expect(heard.length).toBeGreaterThanOrEqual(1);
    expect(heard.length).toBeLessThanOrEqual(2);

    // The CLI, the device-health job, an import: the trigger wakes the consumers at their commit.
    heard.length = 0;
    await commitIngestBatch(db.db, batch(false), T);
    await quiet();
    expect(heard).toHaveLength(1);
  });
});
