import { appendAudit } from '#store/audit-log.repository.ts';
import { listDustDays, removeDustDay, setDustDay } from '#store/dust-days.repository.ts';
import type { DustDayRow } from '#store/dust-days.table.ts';
import type { Db } from '#store/open-db.ts';
import { UserError } from './errors.ts';

/**
 * Sand-dust days (沙尘天, 环办监测〔2016〕120号): marked by an operator, then deducted from PM concentrations and the
 * composite index but kept in the day ratios. Every change is audited with who made it.
 */
export async function markDustDay(
  db: Db,
  date: string,
  actor: string,
  note: string | null,
  now = Date.now(),
): Promise<void> {
  await db.db.transaction().execute(async (trx) => {
    await setDustDay(trx, { date, note, createdBy: actor }, now);
    await appendAudit(
      trx,
      { actor, action: 'mark', entity: 'dust_day', entityId: date, detail: { note } },
      now,
    );
  });
}

export async function unmarkDustDay(db: Db, date: string, actor: string, now = Date.now()): Promise<void> {
  await db.db.transaction().execute(async (trx) => {
    if (!(await removeDustDay(trx, date))) {
      throw new UserError(
        'not_marked',
        `${date} 未标记为沙尘天 / ${date} is not marked as a sand-dust day`,
        404,
      );
    }
    await appendAudit(trx, { actor, action: 'unmark', entity: 'dust_day', entityId: date }, now);
  });
}

export function dustDays(db: Db, range: { from?: string; to?: string }): Promise<DustDayRow[]> {
  return listDustDays(db.db, range);
}
