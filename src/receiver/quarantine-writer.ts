import type { Kysely } from 'kysely';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { insertQuarantinedPackets } from '#store/quarantine.repository.ts';
import type { NewRawPacket } from '#store/raw-packets.table.ts';

/**
 * Writes unauthenticated packets (already rate-limited per address) outside the hash chain and the group
 * commit: nothing is acknowledged for them, so they need no durability before an answer, and the ingest
 * path of registered loggers never waits for them. Buffered and written within ~100 ms, one INSERT per flush; a full buffer
 * drops (and counts) rather than grows. Expiry is not here: it is the durable job `quarantine.sweep`
 * (quarantine-sweep.ts), run by one node at a time; this write-behind buffer stays per node.
 */
export interface QuarantineWriter {
  add(row: NewRawPacket): void;
  /** Write what is buffered now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface QuarantineWriterOptions {
  log: Logger;
  flushMs?: number;
  maxBuffered?: number;
}

export function createQuarantineWriter(
  db: Kysely<Database>,
  options: QuarantineWriterOptions,
): QuarantineWriter {
  const { log } = options;
  const maxBuffered = options.maxBuffered ?? 1000;
  let buffer: NewRawPacket[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const rows = buffer;
    buffer = [];
    if (dropped > 0) {
      log.warn(`quarantine buffer full: ${dropped} unauthenticated packet(s) counted, not kept`);
      dropped = 0;
    }
    writing = writing.then(async () => {
      if (rows.length === 0) return;
      try {
        await insertQuarantinedPackets(db, rows);
      } catch (err) {
        log.error(`writing ${rows.length} quarantined packet(s) failed: ${(err as Error).message}`);
      }
    });
    return writing;
  };

  return {
    add(row) {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      buffer.push(row);
      // A write-behind buffer, not periodic work: the timer runs only while rows wait.
      timer ??= setTimeout(() => void flush(), options.flushMs ?? 100);
      timer.unref();
    },
    flush,
    close: flush,
  };
}
