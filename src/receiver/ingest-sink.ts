import type { Logger } from '#services/logger.ts';
import { RAW_PACKET_CHAIN } from '#store/raw-packet-chain.ts';
import { commitIngestBatch, type IngestBatch, type IngestTarget } from '#store/receiver-batch.repository.ts';
import { startWriterThread } from './ingest-thread.ts';

/** Where the ingest writer's group commits go: in this thread, or a SQLite writer thread. */
export interface IngestSink {
  commit(batch: IngestBatch, receivedAt: number): Promise<void>;
  /**
   * Commits allowed in flight at once: 1 in this thread; many for a writer thread, which is sent what arrived
   * every few ms and merges what it received during one commit into the next (see ingest-thread.worker.ts).
   */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A SQLite file gets its own writer thread, so the event loop that accepts, reads and answers never waits for a
 * commit. In this thread stay: PostgreSQL (its commits already run in the server), an in-memory SQLite database
 * (a second connection would open another, empty one), a caller's transaction, and `thread: false`.
 */
export function openIngestSink(
  target: IngestTarget,
  log: Logger,
  options: { thread?: boolean; maxMergedPackets: number; chain?: string },
): IngestSink {
  const chain = options.chain ?? RAW_PACKET_CHAIN;
  const sqlite = 'sqlite' in target ? target.sqlite : undefined;
  if (options.thread !== false && sqlite && !sqlite.memory && !sqlite.inTransaction) {
    const writer = startWriterThread(log, {
      path: sqlite.name,
      maxMergedPackets: options.maxMergedPackets,
      chain,
    });
    // The thread's WAL runs long between checkpoints; were this connection left to checkpoint on its own next
    // write (at SQLite's 1,000 pages), that write would copy the whole WAL on the event loop. The thread does it.
    const autoCheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    sqlite.pragma('wal_autocheckpoint = 0');
    return {
      commit: writer.commit,
      maxInFlight: 1000,
      async close() {
        await writer.close();
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      },
    };
  }
  return {
    commit: (batch, receivedAt) => commitIngestBatch(target, batch, receivedAt, chain),
    maxInFlight: 1,
    close: async () => undefined,
  };
}
