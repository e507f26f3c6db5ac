import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { engineOf } from '#store/engine.ts';

/**
 * What wakes an outbox consumer, so that none polls hot (issue 14):
 * - in this process, a writer calls `notifyOutboxCommitted` after its commit (the only way on SQLite, and the
 *   fastest on PostgreSQL too);
 * - on PostgreSQL, the outbox trigger's NOTIFY qingshan_outbox (migration 0015), which PostgreSQL delivers at
 *   commit to every listening connection: writers in other processes and on other nodes;
 * - a slow fallback poll in the runner for what neither reaches (the CLI writing a SQLite file).
 * A wake is only a hint: the consumer reads after its cursor and finds what is there, so a spurious or lost wake
 * costs a read or a poll interval, never an event.
 */

export const OUTBOX_CHANNEL = 'qingshan_outbox';

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * A writer of this process committed outbox rows. `db` names the database written (documentation today: the
 * listeners of every runner in the process are woken — in production there is one database per process, and
 * a wake that finds nothing new costs one read).
 */
export function notifyOutboxCommitted(_db?: unknown): void {
  for (const l of listeners) l();
}

/** Called on every in-process notification; returns the unsubscribe function. */
export function onOutboxCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * LISTEN qingshan_outbox on a connection of its own (a pooled one would be handed to other queries). On error
 * or end it reconnects after `retryMs`; after each (re)connection it wakes once, since notifications sent while
 * it was away are lost.
 */
export function listenPostgres(
  url: string,
  options: { log: Logger; onNotify: () => void; retryMs?: number },
): OutboxListener {
  const { log, onNotify } = options;
  const retryMs = options.retryMs ?? 1000;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  const retry = (c: pg.Client, why: string) => {
    if (client !== c) return;
    client = undefined;
    void c.end().catch(() => undefined);
    if (stopped) return;
    if (!failing) log.warn(`outbox LISTEN connection lost (${why}); reconnecting every ${retryMs} ms`);
    failing = true;
    timer = setTimeout(connect, retryMs);
    timer.unref();
  };

  function connect(): void {
    timer = undefined;
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => onNotify());
    c.on('error', (err) => retry(c, err.message));
    c.on('end', () => retry(c, 'connection ended'));
    c.connect()
      .then(() => c.query(`listen ${OUTBOX_CHANNEL}`))
      .then(() => {
        if (failing) log.info('outbox LISTEN connection back');
        failing = false;
        onNotify();
      })
      .catch((err: unknown) => retry(c, (err as Error).message));
  }
  connect();

  return {
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

/**
 * A writer that commits often (the HJ 212 group commit) wakes the consumers after its commits instead of from its
 * transactions (migration 0015's trigger is told to stay quiet): in this process at once, and on PostgreSQL by one
 * NOTIFY on a pooled connection — at most one in flight and one more queued however many commits end meanwhile, so
 * the notify-queue lock is taken by a tiny statement of its own, never by an ingest commit. A lost NOTIFY costs the
 * other nodes one fallback poll interval, never an event.
 */
export function createCommitWaker(db: Kysely<Database>, log: Logger): () => void {
  const postgres = engineOf(db) === 'postgres';
  let inFlight = false;
  let again = false;
  const send = (): void => {
    inFlight = true;
    again = false;
    sql`select pg_notify(${OUTBOX_CHANNEL}, '')`
      .execute(db)
      .catch((err: unknown) => log.warn(`outbox NOTIFY failed (other nodes poll): ${(err as Error).message}`))
      .finally(() => {
        inFlight = false;
        if (again) send();
      });
  };
  return () => {
    notifyOutboxCommitted(db);
    if (!postgres) return;
    if (inFlight) again = true;
    else send();
  };
}
