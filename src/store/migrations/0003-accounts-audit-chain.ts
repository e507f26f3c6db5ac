import { createHash } from 'node:crypto';
import { sql } from 'kysely';
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

/*
 * Frozen copies (issue 14: a landed migration imports no live code). These are the values and functions of
 * src/rules/access/roles.ts, src/rules/audit/hash-chain.ts and src/store/audit-content.ts at commit c41dfb4, where
 * this migration landed. Later permissions reach existing and new databases through later migrations (0005 the
 * public role's reads, 0010 audit:checkpoint, 0012 figures:write); migrations.storage.test.ts checks that the
 * roles a fresh database ends with are src/rules/access/roles.ts's DEFAULT_ROLES.
 */
const ALL_PERMISSIONS_0003 = [
  'air:read',
  'sites:read',
  'sites:write',
  'devices:read',
  'devices:write',
  'hj212:quarantine:read',
  'events:read',
  'data:import',
  'dust-days:write',
  'tasks:read',
  'tasks:write',
  'cases:read',
  'cases:write',
  'published:read',
  'users:admin',
  'audit:read',
];

const READ_ALL_0003 = [
  'air:read',
  'sites:read',
  'devices:read',
  'events:read',
  'tasks:read',
  'cases:read',
  'published:read',
];

const ROLES_0003: readonly {
  id: string;
  nameZh: string;
  nameEn: string;
  scope: string;
  permissions: string[];
}[] = [
  {
    id: 'office-admin',
    nameZh: '区指挥部办公室管理员',
    nameEn: 'District office administrator',
    scope: 'all',
    permissions: ALL_PERMISSIONS_0003,
  },
  {
    id: 'leader',
    nameZh: '区领导',
    nameEn: 'District leader',
    scope: 'all',
    permissions: [...READ_ALL_0003, 'audit:read'],
  },
  {
    id: 'department',
    nameZh: '部门用户',
    nameEn: 'Department user',
    scope: 'organisation',
    permissions: [
      'air:read',
      'sites:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'township',
    nameZh: '乡镇街道用户',
    nameEn: 'Township or street user',
    scope: 'organisation',
    permissions: [
      'air:read',
      'sites:read',
      'devices:read',
      'events:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'inspector',
    nameZh: '执法人员',
    nameEn: 'Inspector',
    scope: 'assigned',
    permissions: [
      'air:read',
      'sites:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'enterprise',
    nameZh: '企业用户',
    nameEn: 'Enterprise user',
    scope: 'enterprise',
    permissions: ['sites:read', 'devices:read', 'published:read'],
  },
  { id: 'public', nameZh: '公众', nameEn: 'Public', scope: 'published', permissions: ['published:read'] },
];

const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted, no whitespace, bytes as hex (hash-chain.ts at c41dfb4). */
function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return JSON.stringify(`hex:${Buffer.from(value).toString('hex')}`);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot hash ${value}`);
  return JSON.stringify(value);
}

function entryHash(prevHash: string, content: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** The audit_log fields the chain hash covers (audit-content.ts at c41dfb4). */
interface AuditHashedFields {
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string | null;
  origin: string | null;
  before: string | null;
  after: string | null;
}

function auditContent(row: AuditHashedFields): Record<string, unknown> {
  const { at, actor, action, entity, entity_id, detail, origin, before, after } = row;
  return { at: Number(at), actor, action, entity, entity_id, detail, origin, before, after };
}

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
        ROLES_0003.map((r) => ({
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
