import type { Kysely } from 'kysely';
import { type ChainVerdict, entryHash, GENESIS_HASH, verifyChain } from '#rules/audit/hash-chain.ts';
import { auditContent } from './audit-content.ts';
import type { AuditLogRow } from './audit-log.table.ts';
import type { Database } from './database.ts';
import { pagesById } from './pages-by-id.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  /** Serialised as JSON text. */
  detail?: unknown;
  /** Where the change came from (e.g. 'cli', 'http 10.0.0.5'). */
  origin?: string | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const CHAIN = 'audit_log';

/**
 * Appends one entry to the hash chain. Runs in the caller's transaction when `db` is one (so the audit entry
 * commits or rolls back with the change it records), else in its own. Updating the chain head first takes its
 * row lock on PostgreSQL, so concurrent appends queue instead of forking the chain.
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry, now = Date.now()): Promise<void> {
  const write = async (trx: Kysely<Database>) => {
    await trx.updateTable('chain_heads').set({ name: CHAIN }).where('name', '=', CHAIN).execute();
    const head = await trx
      .selectFrom('chain_heads')
      .select('last_hash')
      .where('name', '=', CHAIN)
      .executeTakeFirstOrThrow();
    const fields = {
      at: now,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      detail: json(entry.detail),
      origin: entry.origin ?? null,
      before: json(entry.before),
      after: json(entry.after),
    };
    const hash = entryHash(head.last_hash, auditContent(fields));
    const row = await trx
      .insertInto('audit_log')
      .values({ ...fields, prev_hash: head.last_hash, hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('chain_heads')
      .set({ last_id: Number(row.id), last_hash: hash })
      .where('name', '=', CHAIN)
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, limit = 100): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Re-computes the whole chain in id order, a page at a time, and checks that its end is the recorded head (so
 * deleting the newest rows is caught too). Names the first broken row. `onVerified` sees each row that verified,
 * in order (the signed checkpoints are held against them, issue 11).
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  pageSize = 5000,
  onVerified?: (id: number, hash: string) => void,
): Promise<ChainVerdict> {
  let count = 0;
  let prev = GENESIS_HASH;
  for await (const rows of pagesById(db, 'audit_log', pageSize)) {
    const verdict = verifyChain(
      rows.map((r) => ({ id: Number(r.id), prevHash: r.prev_hash, hash: r.hash, content: auditContent(r) })),
      prev,
    );
    if (onVerified) for (const r of rows.slice(0, verdict.count)) onVerified(Number(r.id), r.hash);
    if (!verdict.ok) return { ...verdict, count: count + verdict.count };
    count += verdict.count;
    prev = verdict.lastHash;
  }
  const head = await db.selectFrom('chain_heads').selectAll().where('name', '=', CHAIN).executeTakeFirst();
  const lastHash = prev;
  if (head && head.last_hash !== lastHash) {
    return {
      ok: false,
      count,
      firstBroken: {
        id: head.last_id ?? 'head',
        reason: 'entries after this one were removed (the chain head records a later hash)',
      },
    };
  }
  return { ok: true, count, lastHash };
}

export interface AuditQuery {
  actor?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit: number;
  offset: number;
}

/** One page of audit entries matching the filter, newest first, with the total count of matches. */
export async function queryAudit(
  db: Kysely<Database>,
  q: AuditQuery,
): Promise<{ total: number; rows: AuditLogRow[] }> {
  let base = db.selectFrom('audit_log');
  if (q.actor !== undefined) base = base.where('actor', '=', q.actor);
  if (q.entity !== undefined) base = base.where('entity', '=', q.entity);
  if (q.entityId !== undefined) base = base.where('entity_id', '=', q.entityId);
  if (q.action !== undefined) base = base.where('action', '=', q.action);
  if (q.from !== undefined) base = base.where('at', '>=', q.from);
  if (q.to !== undefined) base = base.where('at', '<', q.to);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
  ]);
  return { total: Number(count.n), rows };
}
