/**
 * `npx tsx bench/outbox-lag-bench.ts`: the event outbox's delivery lag (issue 14). A writer appends 20,000 events
 * a second for ~10 s (100 events per transaction every 5 ms, on a connection of its own as the ingest writer
 * thread has) while a durable consumer on this node reads them; per event, lag = handler time − the event's `at`
 * (taken just before the writer's insert and commit, so the figure includes the commit itself). Prints p50/p99 per
 * engine; goal p99 < 500 ms. SQLite: a file in a temp folder; PostgreSQL: a fresh schema (NOTIFY wakes the
 * consumer). Options: --pg <url> (default postgres://postgres@127.0.0.1:5432/test; "none" to skip), --seconds N,
 * --rate N (events/s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createOutboxRunner } from '../src/platform/outbox/outbox-runner.ts';
import { notifyOutboxCommitted } from '../src/platform/outbox/outbox-wake.ts';
import { createLogger } from '../src/services/logger.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { type Db, openDb } from '../src/store/open-db.ts';
import {
  appendOutbox,
  type NewOutboxEvent,
  SQLITE_OUTBOX_INSERT,
  sqliteOutboxParams,
} from '../src/store/outbox.repository.ts';

const { values } = parseArgs({
  options: {
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '20000' },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const PER_TX = 100;
const log = createLogger('warn');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * One writer's commit of `events`: on SQLite the ingest path's way (the driver's prepared statement in one
 * synchronous transaction, as the writer thread runs it), elsewhere a Kysely transaction.
 */
function committer(writerDb: Db): (events: NewOutboxEvent[]) => Promise<void> {
  const sqlite = writerDb.sqlite;
  if (sqlite) {
    const insert = sqlite.prepare(SQLITE_OUTBOX_INSERT);
    const write = sqlite.transaction((events: NewOutboxEvent[]) => {
      for (const e of events) insert.run(...sqliteOutboxParams(e));
    });
    return async (events) => {
      write.immediate(events);
    };
  }
  return (events) => writerDb.db.transaction().execute((trx) => appendOutbox(trx, events));
}

async function run(name: string, consumerDb: Db, writerDb: Db, writers: number): Promise<void> {
  const lags: number[] = [];
  let delivered = 0;
  const runner = createOutboxRunner({ db: consumerDb, log, nodeId: 'bench', batch: 2000 });
  runner.durable(
    'bench',
    (events) => {
      const t = Date.now();
      for (const e of events) lags.push(t - e.at);
      delivered += events.length;
    },
    { from: 'head' },
  );
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  const commit = committer(writerDb);
  let written = 0;
  // Several writers on PostgreSQL, as several receiving connections and nodes commit at once.
  const writeLoop = async () => {
    while (Date.now() - started < SECONDS * 1000) {
      const due = ((Date.now() - started) / 1000) * RATE;
      if (written >= due) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const first = written;
      written += PER_TX;
      const at = Date.now();
      const events: NewOutboxEvent[] = Array.from({ length: PER_TX }, (_, i) => ({
        topic: 'device.online',
        at,
        subject: `B${first + i}`,
        payload: { mn: `B${first + i}`, siteId: 1, at, offlineSince: null },
      }));
      await commit(events);
      notifyOutboxCommitted(writerDb.db);
    }
  };
  await Promise.all(Array.from({ length: writers }, writeLoop));
  const elapsed = (Date.now() - started) / 1000;
  const waitStart = Date.now();
  while (delivered < written && Date.now() - waitStart < 30_000) await new Promise((r) => setTimeout(r, 10));
  await runner.stop();
  lags.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(10)} written ${written} in ${elapsed.toFixed(1)} s (${Math.round(written / elapsed)}/s), ` +
      `delivered ${delivered}; lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, ` +
      `max ${lags.at(-1)} ms ${percentile(lags, 99) < 500 ? '(goal p99 < 500 ms met)' : '(goal p99 < 500 ms MISSED)'}`,
  );
}

console.log(
  `outbox lag bench — node ${process.version}, ${new Date().toISOString()}, ${RATE} events/s × ${SECONDS} s`,
);
const dir = mkdtempSync(join(tmpdir(), 'qingshan-outbox-bench-'));
try {
  const file = join(dir, 'outbox.sqlite');
  const consumer = await openDb(file);
  await migrateToLatest(consumer.db);
  const writer = await openDb(file);
  await run('sqlite', consumer, writer, 1);
  await writer.close();
  await consumer.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.pg !== 'none') {
  const schema = `bench_outbox_${process.pid}`;
  const consumer = await openDb(values.pg, { schema });
  try {
    await migrateToLatest(consumer.db);
    const writer = await openDb(values.pg, { schema, poolSize: 4 });
    await run('postgres', consumer, writer, 4);
    await writer.close();
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(consumer.db);
    await consumer.close();
  }
}
