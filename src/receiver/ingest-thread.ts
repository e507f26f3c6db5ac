import { Worker } from 'node:worker_threads';
import type { Logger } from '#services/logger.ts';
import { RAW_PACKET_CHAIN } from '#store/raw-packet-chain.ts';
import type { IngestBatch } from '#store/receiver-batch.repository.ts';
import { type PackedBatch, packBatch } from './ingest-batch-codec.ts';

/**
 * The main thread's side of the SQLite writer thread (ingest-thread.worker.ts): `commit` sends a batch and
 * resolves when the thread has committed it (or rejects: then nothing of it was written), in send order.
 * A thread that dies fails what it had and is started again on the next commit.
 */
export interface WriterThread {
  commit(batch: IngestBatch, receivedAt: number): Promise<void>;
  /** After the last commit has resolved: close the thread's connection and wait for the thread to end. */
  close(): Promise<void>;
}

export interface WriterThreadOptions {
  /** The SQLite file (not ':memory:', which a second connection cannot see). */
  path: string;
  /** The thread's page cache (KiB). */
  cacheKiB: number;
  /** Most packets of batches merged into one commit. */
  maxMergedPackets: number;
  /** The raw packet chain this node appends to (raw-packet-chain.ts). */
  chain: string;
}

export interface ThreadRequest {
  id: number;
  batch: PackedBatch;
}

/**
 * The outcome of one merged commit, for every request it held: answered in one message, so the main thread
 * answers all their packets in one turn (one write per logger for the whole commit, see connection.ts).
 */
export interface ThreadReply {
  ids: number[];
  ok: boolean;
  error?: string;
}

/** Compiled (dist/cli, src/build/build-cli.ts): the worker is its own bundle beside this chunk, plain JavaScript. */
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './ingest-thread.worker.js' : './ingest-thread.worker.ts', import.meta.url)
  .href;

/**
 * From the sources the worker is TypeScript like the rest; a thread does not inherit the main thread's tsx hooks
 * when those were registered through the API (bin/qingshan.js), so the thread registers them itself before the entry.
 */
function bootstrap(): string {
  if (COMPILED) return `import(${JSON.stringify(ENTRY)});`;
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(ENTRY)}); });`;
}

export function startWriterThread(
  log: Logger,
  options: Omit<WriterThreadOptions, 'cacheKiB' | 'chain'> & Partial<WriterThreadOptions>,
): WriterThread {
  const workerData: WriterThreadOptions = { cacheKiB: 65_536, chain: RAW_PACKET_CHAIN, ...options };
  const waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let worker: Worker | undefined;

  const failAll = (why: string) => {
    for (const w of waiting.values()) w.reject(new Error(why));
    waiting.clear();
  };

  function spawn(): Worker {
    const w = new Worker(bootstrap(), { eval: true, workerData });
    w.on('message', (reply: ThreadReply) => {
      for (const id of reply.ids) {
        const w = waiting.get(id);
        waiting.delete(id);
        if (reply.ok) w?.resolve();
        else w?.reject(new Error(reply.error ?? 'commit failed'));
      }
    });
    w.on('error', (err) => log.error(`SQLite writer thread failed: ${err.message}`));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (waiting.size > 0) failAll(`SQLite writer thread ended (exit code ${code}) before committing`);
    });
    return w;
  }

  return {
    commit(batch, receivedAt) {
      worker ??= spawn();
      const id = nextId++;
      const { packed, transfer } = packBatch(batch, receivedAt);
      const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.postMessage({ id, batch: packed } satisfies ThreadRequest, transfer);
      return done;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('close');
      // A thread stuck past this (it should end at once) is stopped; its open transaction, if any, rolls back.
      const timer = setTimeout(() => void w.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
