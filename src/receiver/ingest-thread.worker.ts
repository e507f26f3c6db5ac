/**
 * The SQLite writer thread of the HJ 212 receiver (started by ingest-thread.ts). It owns its own connection to
 * the database file — WAL lets this one writer commit while the main thread's connection keeps reading — and
 * runs each group commit with the store's prepared statements, off the event loop that accepts, reads and
 * answers the loggers. Batches are committed in the order they arrive and answered in that order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '#store/database.ts';
import { commitIngestBatch, type IngestBatch } from '#store/receiver-batch.repository.ts';
import { unpackBatch } from './ingest-batch-codec.ts';
import type { ThreadReply, ThreadRequest, WriterThreadOptions } from './ingest-thread.ts';

const WAL_CHECKPOINT_PAGES = 50_000;
const port = parentPort;
if (!port) throw new Error('ingest-thread.worker.ts runs as a worker thread only');
const options = workerData as WriterThreadOptions;

const database = new BetterSqlite3(options.path);
// The same settings as the main connection (open-db.ts): an acknowledged value is in the WAL before its answer.
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
database.pragma('foreign_keys = ON');
database.pragma('busy_timeout = 5000');
// The measurements key (site, parameter, period, time) spreads a commit of minute or hourly data over thousands
// of leaf pages (one per site and parameter; real-time values append to realtime_values instead); a page cache
// that holds them all saves re-reading them from the file every commit.
database.pragma(`cache_size = -${options.cacheKiB}`);
// Each commit rewrites those thousands of pages into the WAL; checkpointing every 50,000 pages (≤ 200 MB of WAL,
// reused afterwards) instead of SQLite's 1,000 copies each hot page into the file once per ~7 commits instead of
// once per commit (commits measured ~30 % cheaper). This thread does every checkpoint (see ingest-sink.ts).
database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
// Kysely over this connection only as the store's entry point; the SQLite path runs on the driver's statements.
const target = { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), sqlite: database };

let pending: ThreadRequest[] = [];
let scheduled = false;

/**
 * Every batch that arrived while the previous commit ran goes into ONE transaction: the pages a commit
 * touches grow far slower than its rows, so a slower disk makes bigger, cheaper commits instead of a queue.
 * Sequential semantics are kept: rows and statuses are applied in arrival order (the later one wins), each
 * value with its own batch's receive time.
 */
async function flush(): Promise<void> {
  scheduled = false;
  let take = 0;
  for (let packets = 0; take < pending.length && (take === 0 || packets < options.maxMergedPackets); take++) {
    packets += (pending[take] as ThreadRequest).batch.raw.n;
  }
  const requests = pending.slice(0, take);
  pending = pending.slice(take);
  if (pending.length > 0) schedule();
  const batches = requests.map((r) => unpackBatch(r.batch));
  const merged: IngestBatch =
    batches.length === 1
      ? (batches[0] as IngestBatch)
      : {
          raw: batches.flatMap((b) => b.raw),
          realtime: batches.flatMap((b) => b.realtime ?? []),
          measurements: batches.flatMap((b) => b.measurements),
          statuses: batches.flatMap((b) => b.statuses),
          events: batches.flatMap((b) => b.events),
          outbox: batches.flatMap((b) => b.outbox ?? []),
        };
  let reply: Omit<ThreadReply, 'ids'>;
  try {
    await commitIngestBatch(target, merged, requests[0]?.batch.receivedAt ?? Date.now(), options.chain);
    reply = { ok: true };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message };
  }
  port?.postMessage({ ids: requests.map((r) => r.id), ...reply } satisfies ThreadReply);
}

port.on('message', (message: ThreadRequest | 'close') => {
  if (message === 'close') {
    // Every commit has been answered (the writer drains first); closing the connection ends the thread.
    database.close();
    port?.close();
    return;
  }
  pending.push(message);
  schedule();
});

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // After the messages queued during the last commit have all been delivered.
  setImmediate(() => void flush());
}
