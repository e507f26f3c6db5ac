import { sql } from 'kysely';
import { DEFAULT_ROLES } from '#rules/access/roles.ts';
import { entryHash, GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import { type AuditHashedFields, auditContent } from '../audit-content.ts';
import { atomic } from './atomic.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0003: accounts and a hash-chained audit trail (issue 5).
 * - roles (as data, seeded with the default roles), users, user_roles, user_sites (the outlets or assigned sites of
 *   enterprise users and inspectors), sessions (by token hash, with a CSRF token), api_tokens (by hash).
 * - audit_log gains origin, before/after and its chain (prev_hash, hash); existing rows are chained here, in id
 *   order, so the chain covers the whole table. chain_heads keeps each chain's last hash: updating that row inside
 *   the appending transaction serialises concurrent appends on PostgreSQL (row lock) as on SQLite.
 */

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema
      .createTable('roles')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name_zh', 'text', (col) => col.notNull())
      .addColumn('name_en', 'text', (col) => col.notNull())
      .addColumn('scope', 'text', (col) =>
        col.notNull().check(sql`scope in ('all', 'organisation', 'assigned', 'enterprise', 'published')`),
      )
      .addColumn('permissions', 'text', (col) => col.notNull())
      .execute();
    await trx
      .insertInto('roles')
      .values(
        DEFAULT_ROLES.map((r) => ({
          id: r.id,
          name_zh: r.nameZh,
          name_en: r.nameEn,
          scope: r.scope,
          permissions: JSON.stringify(r.permissions),
        })),
      )
      .execute();

    await createAutoIdTable(trx, 'users')
      .addColumn('username', 'text', (col) => col.notNull().unique())
      .addColumn('display_name', 'text', (col) => col.notNull())
      .addColumn('password_hash', 'text', (col) => col.notNull())
      .addColumn('organisation_id', 'text', (col) => col.references('organisations.id'))
      .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1).check(sql`enabled in (0, 1)`))
      .addColumn('failed_logins', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('locked_until', 'bigint')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();

    await trx.schema
      .createTable('user_roles')
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (col) => col.notNull().references('roles.id'))
      .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role_id'])
      .execute();

    await trx.schema
      .createTable('user_sites')
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('site_id', 'integer', (col) => col.notNull().references('sites.id'))
      .addPrimaryKeyConstraint('user_sites_pk', ['user_id', 'site_id'])
      .execute();

    await trx.schema
      .createTable('sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (col) => col.notNull())
      .addColumn('origin', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();

    await createAutoIdTable(trx, 'api_tokens')
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();

    await trx.schema
      .createTable('chain_heads')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('last_id', 'bigint')
      .addColumn('last_hash', 'text', (col) => col.notNull())
      .execute();

    for (const column of ['origin', 'before', 'after', 'prev_hash', 'hash']) {
      await trx.schema.alterTable('audit_log').addColumn(column, 'text').execute();
    }
    let prev = GENESIS_HASH;
    let lastId: number | null = null;
    const rows = await trx.selectFrom('audit_log').selectAll().orderBy('id').execute();
    for (const row of rows) {
      const hash = entryHash(prev, auditContent(row as AuditHashedFields));
      await trx.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute();
      prev = hash;
      lastId = Number(row.id);
    }
    await trx
      .insertInto('chain_heads')
      .values({ name: 'audit_log', last_id: lastId, last_hash: prev })
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    for (const table of [
      'chain_heads',
      'api_tokens',
      'sessions',
      'user_sites',
      'user_roles',
      'users',
      'roles',
    ]) {
      await trx.schema.dropTable(table).execute();
    }
    for (const column of ['hash', 'prev_hash', 'after', 'before', 'origin']) {
      await trx.schema.alterTable('audit_log').dropColumn(column).execute();
    }
  });
}
