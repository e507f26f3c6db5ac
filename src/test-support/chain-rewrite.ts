import type { Kysely } from 'kysely';
import { entryHash, GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import { auditContent } from '#store/audit-content.ts';
import type { Database } from '#store/database.ts';
import { rawPacketHash } from '#store/raw-packet-chain.ts';

/**
 * The attack a plain hash chain cannot see (issue 11), as someone with write access to the database would carry
 * it out: change a row, then recompute the hash of that row and of every later one, and move the chain head, so
 * that `audit verify` passes. Works on both engines (Kysely only).
 */

type AuditChange = Partial<
  Pick<Database['audit_log'], 'actor' | 'action' | 'entity_id' | 'before' | 'after'>
>;

async function hashBefore(db: Kysely<Database>, table: 'audit_log' | 'raw_packets', id: number) {
  const prev = await db
    .selectFrom(table)
    .select('hash')
    .where('id', '<', id)
    .where('hash', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prev?.hash ?? GENESIS_HASH;
}

/** Rewrites audit entry `id` with `change` and re-chains it and everything after it. */
export async function rewriteAuditEntry(
  db: Kysely<Database>,
  id: number,
  change: AuditChange,
): Promise<void> {
  await db.updateTable('audit_log').set(change).where('id', '=', id).execute();
  let prev = await hashBefore(db, 'audit_log', id);
  const rows = await db.selectFrom('audit_log').selectAll().where('id', '>=', id).orderBy('id').execute();
  for (const r of rows) {
    const hash = entryHash(prev, auditContent(r));
    await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
    prev = hash;
  }
  await db.updateTable('chain_heads').set({ last_hash: prev }).where('name', '=', 'audit_log').execute();
}

/** Rewrites the bytes of raw packet `id` and re-chains it and every later packet of its chain (issue 14). */
export async function rewriteRawPacket(db: Kysely<Database>, id: number, bytes: Uint8Array): Promise<void> {
  const { chain } = await db
    .selectFrom('raw_packets')
    .select('chain')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await db.updateTable('raw_packets').set({ bytes }).where('id', '=', id).execute();
  const before = await db
    .selectFrom('raw_packets')
    .select('hash')
    .where('id', '<', id)
    .where('chain', '=', chain)
    .where('hash', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = before?.hash ?? GENESIS_HASH;
  const rows = await db
    .selectFrom('raw_packets')
    .selectAll()
    .where('id', '>=', id)
    .where('chain', '=', chain)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    if (r.hash === null) continue; // quarantine, outside the chain
    const hash = rawPacketHash(prev, { ...r, id: Number(r.id) });
    await db.updateTable('raw_packets').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
    prev = hash;
  }
  await db.updateTable('chain_heads').set({ last_hash: prev }).where('name', '=', chain).execute();
}

/** Deletes the audit entries from `id` on and moves the head back: a chain cut back, intact on its own. */
export async function cutAuditChainBack(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('audit_log').where('id', '>=', id).execute();
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .updateTable('chain_heads')
    .set({ last_id: last ? Number(last.id) : null, last_hash: last?.hash ?? GENESIS_HASH })
    .where('name', '=', 'audit_log')
    .execute();
}
