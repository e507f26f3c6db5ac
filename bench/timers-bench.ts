/**
 * `npx tsx bench/timers-bench.ts`: 10,000 one-shot timers due at the same moment (issue 14). On SQLite one
 * worker; on PostgreSQL two workers in this process, each with its own connection pool (as two nodes would have),
 * racing with FOR UPDATE SKIP LOCKED. Reports the time from the moment they fell due until the last one fired,
 * and checks that none fired twice and none was left. Goal: all within 10 s.
 * Options: --timers N (10000), --concurrency N per worker (32), --pg URL (postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createJobWorker, type JobHandler } from '../src/platform/jobs/worker.ts';
import { createLogger } from '../src/services/logger.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { type Db, openDb } from '../src/store/open-db.ts';

const { values } = parseArgs({
  options: {
    timers: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    pg: {
      type: 'string',
      default: process.env.QINGSHAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
});
const TIMERS = Number(values.timers);
const CONCURRENCY = Number(values.concurrency);
const log = createLogger('warn', 'bench');

async function insertTimers(db: Db, dueAt: number): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < TIMERS; i += chunk) {
    await db.db
      .insertInto('jobs')
      .values(
        Array.from({ length: Math.min(chunk, TIMERS - i) }, (_, k) => ({
          kind: 'bench.timer',
          key: `bench:${i + k}`,
          payload: '{}',
          run_at: dueAt,
          state: 'scheduled' as const,
          attempts: 0,
          max_attempts: 3,
          lease_until: null,
          locked_by: null,
          last_error: null,
          schedule: null,
          created_at: dueAt,
          updated_at: dueAt,
          finished_at: null,
        })),
      )
      .execute();
  }
}

interface Result {
  engine: string;
  workers: number;
  fired: number;
  twice: number;
  left: number;
  ms: number;
  perWorker: number[];
}

async function race(engine: string, dbs: Db[]): Promise<Result> {
  await migrateToLatest((dbs[0] as Db).db);
  const dueAt = Date.now() + 1_000;
  await insertTimers(dbs[0] as Db, dueAt);
  const runs = new Map<number, number>();
  let last = 0;
  const timer: JobHandler = {
    async run(job) {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      last = Date.now();
    },
  };
  const workers = dbs.map((d, i) =>
    createJobWorker({
      db: d.db,
      log,
      nodeId: `bench-${i}`,
      now: Date.now,
      handlers: { 'bench.timer': timer },
      concurrency: CONCURRENCY,
    }),
  );
  // Wait until they are due, then let every worker look at once (as after a restart or a poll).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now())));
  const start = Date.now();
  const reports = await Promise.all(workers.map((w) => w.runDue()));
  const left = await (dbs[0] as Db).db
    .selectFrom('jobs')
    .select(sql<number>`count(*)`.as('n'))
    .where('state', '!=', 'succeeded')
    .executeTakeFirstOrThrow();
  return {
    engine,
    workers: workers.length,
    fired: runs.size,
    twice: [...runs.values()].filter((n) => n > 1).length,
    left: Number(left.n),
    ms: last - start,
    perWorker: reports.map((r) => r.succeeded),
  };
}

async function sqliteRun(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'qs-timers-'));
  const db = await openDb(join(dir, 'bench.sqlite'));
  try {
    return await race('sqlite', [db]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun(url: string): Promise<Result> {
  const schema = `bench_timers_${randomBytes(4).toString('hex')}`;
  const a = await openDb(url, { schema, poolSize: 10 });
  const b = await openDb(url, { schema, poolSize: 10 });
  try {
    return await race('postgres', [a, b]);
  } finally {
    await b.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(a.db);
    await a.close();
  }
}

console.log(`timers bench — ${TIMERS} one-shot timers due at once, ${CONCURRENCY} at a time per worker`);
const results: Result[] = [await sqliteRun()];
try {
  results.push(await postgresRun(values.pg));
} catch (error) {
  console.log(`PostgreSQL skipped: ${(error as Error).message}`);
}
for (const r of results) {
  const ok = r.fired === TIMERS && r.twice === 0 && r.left === 0 && r.ms <= 10_000;
  console.log(
    `[${r.engine}] ${r.workers} worker(s): ${r.fired}/${TIMERS} fired in ${r.ms} ms ` +
      `(${Math.round((r.fired / Math.max(1, r.ms)) * 1000)}/s; per worker ${r.perWorker.join(' + ')}), ` +
      `fired twice: ${r.twice}, left: ${r.left} — ${ok ? 'OK' : 'GOAL MISSED'} (goal: all within 10 s, none twice)`,
  );
}
