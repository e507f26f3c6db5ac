import type { DustDayBody } from '#contract/admin-data.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import { listDustDays, removeDustDay, setDustDay } from '#store/dust-days.repository.ts';
import type { DustDayKind, DustDayRow } from '#store/dust-days.table.ts';
import type { Db } from '#store/open-db.ts';
import { UserError } from './errors.ts';

/** Who makes a change and from where; recorded in the audit trail. */
export interface ChangeContext {
  actor: string;
  /** e.g. 'cli', 'http 10.0.0.5'. */
  origin?: string;
  now?: number;
}

/** What the audit records of a mark (before → after). */
interface MarkFields {
  note: string | null;
  kind?: DustDayKind;
  noticeRef?: string | null;
}

async function markOf(db: Db['db'], date: string): Promise<MarkFields | null> {
  const [row] = await listDustDays(db, { from: date, to: date });
  return row ? { note: row.note, kind: row.kind, noticeRef: row.notice_ref } : null;
}

/** The API's view of a stored mark. */
export function toDustDayBody(row: DustDayRow): DustDayBody {
  return {
    date: row.date,
    kind: row.kind,
    noticeRef: row.notice_ref,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * Sand-dust days (沙尘天, 环办监测〔2016〕120号): marked by an operator; the headline figures deduct them from the day
 * counts, PM concentrations and the composite index (the Ministry's 2025 national figure, air-2026.md [S]), and the
 * actual figures beside them keep them. Every change is audited: who, from where, before → after.
 * Exceptional days (异常日; HJ 663-2026 例外事件) are deducted the same way until that standard's own rules are
 * read [M]; each mark carries the notice (文号) that declares it.
 */
export async function markDustDay(
  db: Db,
  date: string,
  note: string | null,
  ctx: ChangeContext,
  extra: { kind?: DustDayKind; noticeRef?: string | null } = {},
): Promise<void> {
  const now = ctx.now ?? Date.now();
  const kind = extra.kind ?? 'sand_dust';
  const noticeRef = extra.noticeRef ?? null;
  await db.db.transaction().execute(async (trx) => {
    const before = await markOf(trx, date);
    await setDustDay(trx, { date, note, createdBy: ctx.actor, kind, noticeRef }, now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'mark',
        entity: 'dust_day',
        entityId: date,
        before,
        after: { note, kind, noticeRef },
      },
      now,
    );
  });
}

export async function unmarkDustDay(db: Db, date: string, ctx: ChangeContext): Promise<void> {
  const now = ctx.now ?? Date.now();
  await db.db.transaction().execute(async (trx) => {
    const before = await markOf(trx, date);
    if (!before || !(await removeDustDay(trx, date))) {
      throw new UserError(
        'not_marked',
        `${date} 未标记为沙尘天 / ${date} is not marked as a sand-dust day`,
        404,
      );
    }
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'unmark',
        entity: 'dust_day',
        entityId: date,
        before,
        after: null,
      },
      now,
    );
  });
}

export function dustDays(db: Db, range: { from?: string; to?: string }): Promise<DustDayRow[]> {
  return listDustDays(db.db, range);
}
