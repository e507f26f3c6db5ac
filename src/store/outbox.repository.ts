import { type Kysely, sql } from 'kysely';
import {
  type OutboxEvent,
  type OutboxPayload,
  type OutboxTopic,
  parseOutboxPayload,
} from '#contract/outbox-events.ts';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';

/**
 * The event outbox (issue 14). Producers append rows INSIDE the transaction of the change that caused them, so
 * an event exists exactly when its change committed. Consumers read by a cursor and keep it in
 * `outbox_cursors` (the runner: src/platform/outbox/outbox-runner.ts).
 *
 * THE CURSOR RULE. A position is the pair (tx, id), ordered as a row value, and never the id alone:
 * - PostgreSQL takes an identity/sequence value when a row is INSERTED, not when it commits. Transaction A can
 *   take id 10, transaction B id 11, B commits first: a consumer that reads "id > 9" sees 11, stores 11, and
 *   when A commits its row 10 is behind the cursor forever. So every row also records its transaction's id
 *   (`tx` = pg_current_xact_id(), by the column's DEFAULT), and a reader only reads rows whose transaction is
 *   below the xmin of its own snapshot: `tx < pg_snapshot_xmin(pg_current_snapshot())`. Every transaction id
 *   below xmin has ended (committed or rolled back), so no row with such a tx can ever appear later; every
 *   transaction still open, and every future one (ids are handed out in increasing order, and a transaction
 *   gets its id at its first write, after our snapshot's xmax ≥ xmin), has tx ≥ xmin. Reading in (tx, id)
 *   order up to that bound, the cursor only ever passes rows of ended transactions; a row that shows up later
 *   has tx ≥ the xmin of every earlier read > the cursor's tx, so it is ahead of the cursor. Nothing is
 *   skipped. The price: an event becomes readable only when every transaction older than its own has ended —
 *   a write transaction left open anywhere on the server (xids are cluster-wide) delays delivery, never loses.
 * - SQLite has one writer at a time (the write lock is held from the first insert to the commit), so ids are
 *   handed out in commit order; `tx` is always 0 and (0, id) orders as id does.
 * Ids never go back: AUTOINCREMENT on SQLite (a pruned top row's id is not reused), identity on PostgreSQL.
 */

/** A consumer's position: the last row it has handled (0, 0 = before the first row). */
export interface OutboxCursor {
  tx: number;
  id: number;
}

export const OUTBOX_START: OutboxCursor = Object.freeze({ tx: 0, id: 0 });

/** An event to append; `payload` is checked against its topic's schema (src/contract/outbox-events.ts). */
export type NewOutboxEvent = {
  [T in OutboxTopic]: {
    topic: T;
    at: number;
    payload: OutboxPayload<T>;
    /** What it is about (an MN, a case number), for readers that filter by it; null = none. */
    subject?: string | null;
    node?: string | null;
  };
}[OutboxTopic];

/**
 * The insert of the SQLite ingest writer thread (prepared once, run with `sqliteOutboxParams`). `tx` keeps its
 * default (0 on SQLite).
 */
export const SQLITE_OUTBOX_INSERT =
  'insert into outbox (at, topic, subject, payload, node) values (?, ?, ?, ?, ?)';

/** The row an event becomes (payload checked and serialised). */
export function outboxRow(e: NewOutboxEvent) {
  return {
    at: e.at,
    topic: e.topic,
    subject: e.subject ?? null,
    payload: JSON.stringify(parseOutboxPayload(e.topic, e.payload)),
    node: e.node ?? null,
  };
}

/** The parameters of SQLITE_OUTBOX_INSERT, in its order. */
export function sqliteOutboxParams(
  e: NewOutboxEvent,
): [number, string, string | null, string, string | null] {
  const r = outboxRow(e);
  return [r.at, r.topic, r.subject, r.payload, r.node];
}

/** Append events; call it with the writer's own transaction, so the events commit (or not) with the change. */
export async function appendOutbox(trx: Kysely<Database>, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('outbox').values(events.map(outboxRow)).execute();
}

/** The bound below which rows are final (see the cursor rule above); SQLite: everything committed. */
function finalRows(db: Kysely<Database>) {
  return engineOf(db) === 'postgres'
    ? sql<boolean>`tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`
    : sql<boolean>`1 = 1`;
}

function after(c: OutboxCursor) {
  return sql<boolean>`(tx, id) > (cast(${c.tx} as bigint), cast(${c.id} as bigint))`;
}

export interface OutboxPage {
  /** The final rows after the cursor, in (tx, id) order (only the asked topics). */
  events: OutboxEvent[];
  /**
   * Where the reader is after this page: the last event's position, or — when fewer than `limit` matched —
   * the last final row of any topic, so a filtered reader does not scan the same foreign rows again.
   */
  next: OutboxCursor;
  /** Rows exist beyond `next`: more to read now (a full page), or rows of transactions not yet final. */
  more: boolean;
}

export interface ReadOutboxOptions {
  limit: number;
  topics?: readonly string[];
}

/**
 * The final events after `cursor` (see the cursor rule). The reads run in one snapshot (PostgreSQL REPEATABLE
 * READ; SQLite: one read transaction), so `next` never passes a row this page did not consider.
 */
export async function readOutboxAfter(
  db: Kysely<Database>,
  cursor: OutboxCursor,
  options: ReadOutboxOptions,
): Promise<OutboxPage> {
  const read = async (trx: Kysely<Database>): Promise<OutboxPage> => {
    let q = trx
      .selectFrom('outbox')
      .select(['id', 'tx', 'at', 'topic', 'subject', 'payload', 'node'])
      .where(after(cursor))
      .where(finalRows(trx));
    if (options.topics) q = q.where('topic', 'in', options.topics.length > 0 ? [...options.topics] : ['']);
    const rows = await q.orderBy('tx').orderBy('id').limit(options.limit).execute();
    const events = rows.map(
      (r) =>
        ({
          id: Number(r.id),
          tx: Number(r.tx),
          at: Number(r.at),
          topic: r.topic,
          subject: r.subject,
          node: r.node,
          payload: JSON.parse(r.payload),
        }) as OutboxEvent,
    );
    let next: OutboxCursor = cursor;
    const last = events.at(-1);
    if (events.length === options.limit && last) next = { tx: last.tx, id: last.id };
    else {
      const head = await trx
        .selectFrom('outbox')
        .select(['tx', 'id'])
        .where(after(cursor))
        .where(finalRows(trx))
        .orderBy('tx', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (head) next = { tx: Number(head.tx), id: Number(head.id) };
    }
    const beyond = await trx.selectFrom('outbox').select('id').where(after(next)).limit(1).executeTakeFirst();
    return { events, next, more: beyond !== undefined };
  };
  if (db.isTransaction) return read(db);
  return engineOf(db) === 'postgres'
    ? db.transaction().setIsolationLevel('repeatable read').execute(read)
    : db.transaction().execute(read);
}

/** The position of the newest final row ((0, 0) when none): where a reader that wants only new events starts. */
export async function outboxHead(db: Kysely<Database>): Promise<OutboxCursor> {
  const head = await db
    .selectFrom('outbox')
    .select(['tx', 'id'])
    .where(finalRows(db))
    .orderBy('tx', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ? { tx: Number(head.tx), id: Number(head.id) } : { ...OUTBOX_START };
}

/** How far a reader at `cursor` is behind: rows after it (committed, final or not) and the oldest one's time. */
export async function outboxBacklog(
  db: Kysely<Database>,
  cursor: OutboxCursor,
  topics?: readonly string[],
): Promise<{ events: number; oldestAt: number | null }> {
  let q = db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where(after(cursor));
  if (topics) q = q.where('topic', 'in', topics.length > 0 ? [...topics] : ['']);
  const r = await q.executeTakeFirstOrThrow();
  return { events: Number(r.n), oldestAt: r.oldest === null ? null : Number(r.oldest) };
}

/**
 * Retention: delete events older than `olderThan` (epoch ms), but never one that a durable cursor has not
 * passed yet — a consumer that was down for longer than the retention still gets every event on its return.
 * (A cursor nobody uses any more holds retention back: remove it with dropOutboxCursor.) Returns the count.
 */
export async function pruneOutbox(db: Kysely<Database>, options: { olderThan: number }): Promise<number> {
  const slowest = await db
    .selectFrom('outbox_cursors')
    .select(['tx', 'id'])
    .orderBy('tx')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  let q = db.deleteFrom('outbox').where('at', '<', options.olderThan);
  if (slowest) q = q.where(sql<boolean>`not ${after({ tx: Number(slowest.tx), id: Number(slowest.id) })}`);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- durable cursors (one holder at a time, by lease) ----

/** Create the cursor row at `start` if it does not exist yet (a consumer's first run). */
export async function ensureOutboxCursor(
  db: Kysely<Database>,
  name: string,
  start: OutboxCursor,
  now: number,
): Promise<void> {
  await db
    .insertInto('outbox_cursors')
    .values({ name, tx: start.tx, id: start.id, owner: null, lease_until: null, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * Take (or keep) the lease of cursor `name` for `owner`: succeeds when nobody holds it, the owner already does,
 * or the holder's lease has run out. Resolves with the stored position when held, undefined when another holds it.
 */
export async function claimOutboxCursor(
  db: Kysely<Database>,
  name: string,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<OutboxCursor | undefined> {
  const r = await db
    .updateTable('outbox_cursors')
    .set({ owner, lease_until: now + leaseMs, updated_at: now })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '=', owner), eb('lease_until', '<', now)]))
    .returning(['tx', 'id'])
    .executeTakeFirst();
  return r ? { tx: Number(r.tx), id: Number(r.id) } : undefined;
}

/**
 * Move the cursor (and renew the lease), fenced by the owner: false when another node has taken the cursor over
 * meanwhile — the caller then stops and (in a transaction) rolls its effects back.
 */
export async function advanceOutboxCursor(
  db: Kysely<Database>,
  name: string,
  owner: string,
  to: OutboxCursor,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('outbox_cursors')
    .set({ tx: to.tx, id: to.id, lease_until: now + leaseMs, updated_at: now })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Give the lease up (a clean stop): another node takes over at once instead of after the lease. */
export async function releaseOutboxCursor(db: Kysely<Database>, name: string, owner: string): Promise<void> {
  await db
    .updateTable('outbox_cursors')
    .set({ owner: null, lease_until: null })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute();
}

export async function readOutboxCursor(
  db: Kysely<Database>,
  name: string,
): Promise<(OutboxCursor & { owner: string | null; leaseUntil: number | null }) | undefined> {
  const r = await db
    .selectFrom('outbox_cursors')
    .select(['tx', 'id', 'owner', 'lease_until'])
    .where('name', '=', name)
    .executeTakeFirst();
  return r
    ? {
        tx: Number(r.tx),
        id: Number(r.id),
        owner: r.owner,
        leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
      }
    : undefined;
}

/** Forget a consumer that is gone for good (its cursor would hold retention back). */
export async function dropOutboxCursor(db: Kysely<Database>, name: string): Promise<void> {
  await db.deleteFrom('outbox_cursors').where('name', '=', name).execute();
}
