import { csvCell } from '#contract/csv-cell.ts';
import type { AuditEntry } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import type { Lang, MessageKey, Translate } from '../../i18n.ts';

/**
 * Reading the audit trail: which fields an entry changed (before → after), the words for its actions, entities,
 * fields and origins, and the CSV of a filtered list. Pure: the page and its tests share it.
 */

/** Every action the platform writes (grep `action:` at the appendAudit calls), in the filter's order. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'set_roles',
  'set_sites',
  'enable',
  'disable',
  'reset_password',
  'change_password',
  'login',
  'logout',
  'login_failed',
  'lock',
  'revoke',
  'mark',
  'unmark',
  'checkpoint',
  'rotate-key',
  'delete',
  'set',
] as const;

/** Every entity the platform audits. */
export const AUDIT_ENTITIES = [
  'user',
  'api_token',
  'dust_day',
  'hash_chain',
  'device',
  'site',
  'external_figure',
] as const;

/** The label of `prefix.key` when there is one, else the key itself (an action added later still shows). */
export function labelOf(t: Translate, prefix: 'action' | 'entity' | 'field', key: string): string {
  const full = `${prefix}.${key}`;
  const text = t(full as MessageKey);
  return text === full ? key : text;
}

/** Where a change came from: 'cli', 'http 10.0.0.5', 'demo seed', 'first start' in words. */
export function originLabel(t: Translate, origin: string | null): string {
  if (origin === null || origin === '') return '—';
  if (origin.startsWith('http ')) return t('origin.http', { a: origin.slice(5) });
  if (origin === 'cli') return t('origin.cli');
  if (origin === 'demo seed') return t('origin.demo');
  if (origin === 'first start') return t('origin.firstStart');
  return origin;
}

/** Names the page knows (each may be empty): user id → username, role id → role name, place id → place name. */
export interface Names {
  users: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
  places: ReadonlyMap<string, string>;
}
export const NO_NAMES: Names = { users: new Map(), roles: new Map(), places: new Map() };

/** One recorded id in words where its name is known: a role, a place, a user. */
function named(key: string, v: string | number, names: Names): string {
  const id = String(v);
  if (key === 'roles') return names.roles.get(id) ?? id;
  if (key === 'organisationId') return names.places.get(id) ?? id;
  if (key === 'userId') return names.users.get(id) ?? id;
  return id;
}

export interface FieldChange {
  /** The field's name; '' when the recorded value is not an object (shown whole). */
  key: string;
  before: unknown;
  after: unknown;
  /** For lists of plain values: what was added and what was removed. */
  added?: unknown[];
  removed?: unknown[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields an entry changed, in the order they were recorded: a field whose value is the same before and after
 * is left out; a creation lists every field it set, a removal every field it had.
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if (b === null && a === null) return [];
  if ((b === null || isRecord(b)) && (a === null || isRecord(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return keys
      .filter((k) => !same(b?.[k], a?.[k]))
      .map((k) => withListChange({ key: k, before: b?.[k], after: a?.[k] }));
  }
  return same(b, a) ? [] : [withListChange({ key: '', before: b, after: a })];
}

function withListChange(c: FieldChange): FieldChange {
  const plain = (v: unknown): v is unknown[] =>
    Array.isArray(v) && v.every((x) => !isRecord(x) && !Array.isArray(x));
  if (
    !plain(c.before ?? []) ||
    !plain(c.after ?? []) ||
    (!Array.isArray(c.before) && !Array.isArray(c.after))
  )
    return c;
  const b = (c.before ?? []) as unknown[];
  const a = (c.after ?? []) as unknown[];
  return { ...c, added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}

/** A recorded value in words: lists joined with 、, times in Beijing, yes/no, — for nothing. */
export function valueText(key: string, v: unknown, t: Translate, names: Names = NO_NAMES): string {
  if (v === null || v === undefined) return key === 'organisationId' ? t('districtWide') : '—';
  if (typeof v === 'boolean')
    return key === 'enabled' ? t(v ? 'stateEnabled' : 'stateDisabled') : t(v ? 'yes' : 'no');
  if (typeof v === 'number' && /(At|Until)$/.test(key) && v > 1e11) return fmtTimestamp(v);
  if (typeof v === 'string' || typeof v === 'number') return named(key, v, names);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.length === 0 ? t('emptyList') : v.map((x) => named(key, x, names)).join('、');
  return JSON.stringify(v);
}

/** One change on one line: 「角色: 乡镇街道用户 → 执法人员」, or for lists 「关联站点: +QB-T01 −QB-E02」. */
export function changeLine(c: FieldChange, t: Translate, names: Names = NO_NAMES): string {
  const name = c.key === '' ? '' : `${labelOf(t, 'field', c.key)}: `;
  const value = (v: unknown) => valueText(c.key, v, t, names);
  const both = c.before !== undefined && c.before !== null && c.after !== undefined && c.after !== null;
  if (c.added && c.removed && both) {
    const parts = [...c.added.map((x) => `+${value(x)}`), ...c.removed.map((x) => `−${value(x)}`)];
    if (parts.length > 0) return `${name}${parts.join(' ')}`;
  }
  // A field the entry did not have before (a creation) shows only its new value.
  if (c.before === undefined) return `${name}${value(c.after)}`;
  return `${name}${value(c.before)} → ${value(c.after)}`;
}

/** The object of an entry: 「用户 demo-inspector」 when the user's name is known, else 「用户 #5」. */
export function entityText(e: Pick<AuditEntry, 'entity' | 'entityId'>, t: Translate, names: Names): string {
  const kind = labelOf(t, 'entity', e.entity);
  if (e.entityId === null) return kind;
  const name = e.entity === 'user' ? names.users.get(e.entityId) : undefined;
  return name ? `${kind} ${name}` : `${kind} #${e.entityId}`;
}

/** An entry's detail (sessions ended, failures, …) in words, '' when there is none. */
export function detailText(detail: unknown, t: Translate, names: Names = NO_NAMES): string {
  if (detail === null || detail === undefined) return '';
  if (!isRecord(detail)) return valueText('', detail, t, names);
  return Object.entries(detail)
    .map(([k, v]) => `${labelOf(t, 'field', k)}: ${valueText(k, v, t, names)}`)
    .join('; ');
}

/** A CSV cell: quoted when needed, formula starts defused — the one function every CSV of the platform uses. */
export { csvCell } from '#contract/csv-cell.ts';

/** The entries as CSV for Excel and WPS: UTF-8 with a byte-order mark, CRLF lines, one row per entry. */
export function auditCsv(entries: readonly AuditEntry[], t: Translate, names: Names): string {
  const head = [
    t('auditId'),
    t('auditTime'),
    t('auditActor'),
    t('auditAction'),
    t('auditEntity'),
    t('auditOrigin'),
    t('auditChanges'),
    t('auditDetail'),
    t('auditHash'),
  ];
  const rows = entries.map((e) => [
    String(e.id),
    fmtTimestamp(e.at),
    e.actor,
    labelOf(t, 'action', e.action),
    entityText(e, t, names),
    originLabel(t, e.origin),
    changedFields(e.before, e.after)
      .map((c) => changeLine(c, t, names))
      .join('; '),
    detailText(e.detail, t, names),
    e.hash,
  ]);
  return `\uFEFF${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A Beijing calendar day 'YYYY-MM-DD' → its first millisecond (epoch ms). */
export function beijingDayStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00+08:00`);
}

/** The file name of an export: 审计日志-20260601-1005.csv (Beijing time). */
export function exportFileName(now: number, lang: Lang): string {
  const stamp = fmtTimestamp(now).replace(/[-:]/g, '').replace(' ', '-');
  return `${lang === 'zh' ? '审计日志' : 'audit-log'}-${stamp}.csv`;
}
