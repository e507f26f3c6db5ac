import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DustDayKind, DustDayRow } from './dust-days.table.ts';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function checkDate(date: string): void {
  const valid = DATE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  if (!valid) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${date}"`);
}

/** Mark a day as sand-dust affected (沙尘天) or exceptional; marking it again updates kind, 文号, note and author. */
export async function setDustDay(
  db: Kysely<Database>,
  day: {
    date: string;
    note?: string | null;
    createdBy: string;
    kind?: DustDayKind;
    noticeRef?: string | null;
  },
  now = Date.now(),
): Promise<void> {
  checkDate(day.date);
  await db
    .insertInto('dust_days')
    .values({
      date: day.date,
      note: day.note ?? null,
      created_by: day.createdBy,
      created_at: now,
      kind: day.kind ?? 'sand_dust',
      notice_ref: day.noticeRef ?? null,
    })
    .onConflict((oc) =>
      oc.column('date').doUpdateSet((eb) => ({
        note: eb.ref('excluded.note'),
        created_by: eb.ref('excluded.created_by'),
        kind: eb.ref('excluded.kind'),
        notice_ref: eb.ref('excluded.notice_ref'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}

/** Returns whether a mark was removed. */
export async function removeDustDay(db: Kysely<Database>, date: string): Promise<boolean> {
  const result = await db.deleteFrom('dust_days').where('date', '=', date).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Marked days with from ≤ date ≤ to (both optional, 'YYYY-MM-DD'), ascending. */
export async function listDustDays(
  db: Kysely<Database>,
  range: { from?: string; to?: string } = {},
): Promise<DustDayRow[]> {
  let query = db.selectFrom('dust_days').selectAll();
  if (range.from !== undefined) query = query.where('date', '>=', range.from);
  if (range.to !== undefined) query = query.where('date', '<=', range.to);
  return query.orderBy('date').execute();
}

/** Just the dates (of the kinds given; default both), as a set, for rules that exclude dust days. */
export async function dustDaySet(
  db: Kysely<Database>,
  range: { from?: string; to?: string } = {},
  kinds: readonly DustDayKind[] = ['sand_dust', 'exceptional'],
): Promise<Set<string>> {
  return new Set((await listDustDays(db, range)).filter((d) => kinds.includes(d.kind)).map((d) => d.date));
}
