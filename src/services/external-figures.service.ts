import type { Kysely } from 'kysely';
import {
  type ExternalFigureKey,
  type FigureBody,
  type FigurePutBody,
  figurePutBody,
} from '#contract/admin-data.ts';
import { R_T4_CITY_COUNT } from '#rules/air/targets.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import {
  findExternalFigure,
  listExternalFigures,
  putExternalFigure,
  removeExternalFigure,
} from '#store/external-figures.repository.ts';
import type { ExternalFigureRow } from '#store/external-figures.table.ts';
import type { ChangeContext } from './dust-days.service.ts';
import { UserError } from './errors.ts';

/**
 * Figures from outside the platform the targets need (issue 12): the R-T4 threshold per year (the composite index
 * of the city at the rank threshold among the 168 key cities, published by CNEMC / MEE) and the city's own rank.
 * Each carries its source; every change is audited before → after.
 */

type Trx = Kysely<Database>;

export function toFigureBody(row: ExternalFigureRow): FigureBody {
  return {
    key: row.key as ExternalFigureKey,
    year: row.year,
    value: row.value,
    source: row.source,
    note: row.note,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

const view = (row: ExternalFigureRow | undefined) =>
  row ? { value: row.value, source: row.source, note: row.note } : null;

export async function externalFigures(db: Trx): Promise<FigureBody[]> {
  return (await listExternalFigures(db)).map(toFigureBody);
}

/** The stored R-T4 threshold for a year, with its source, or null when none was entered. */
export async function compositeThresholdOf(
  db: Trx,
  year: number,
): Promise<{ value: number; source: string } | null> {
  const row = await findExternalFigure(db, 'r-t4-threshold', year);
  return row ? { value: row.value, source: row.source } : null;
}

export async function setExternalFigure(
  db: Trx,
  key: ExternalFigureKey,
  year: number,
  raw: FigurePutBody,
  ctx: ChangeContext,
): Promise<FigureBody> {
  const input = figurePutBody.parse(raw);
  if (key === 'city-rank-168' && (!Number.isInteger(input.value) || input.value > R_T4_CITY_COUNT)) {
    throw new UserError(
      'bad_rank',
      `排名应为 1–${R_T4_CITY_COUNT} 的整数 / rank must be a whole number 1–${R_T4_CITY_COUNT}`,
    );
  }
  const now = ctx.now ?? Date.now();
  const write = async (trx: Trx) => {
    const before = await findExternalFigure(trx, key, year);
    await putExternalFigure(
      trx,
      { key, year, value: input.value, source: input.source, note: input.note ?? null, updatedBy: ctx.actor },
      now,
    );
    const after = await findExternalFigure(trx, key, year);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'set',
        entity: 'external_figure',
        entityId: `${key}/${year}`,
        before: view(before),
        after: view(after),
      },
      now,
    );
    return toFigureBody(after as ExternalFigureRow);
  };
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

export async function deleteExternalFigure(
  db: Trx,
  key: ExternalFigureKey,
  year: number,
  ctx: ChangeContext,
): Promise<void> {
  const now = ctx.now ?? Date.now();
  const work = async (trx: Trx) => {
    const before = await findExternalFigure(trx, key, year);
    if (!before || !(await removeExternalFigure(trx, key, year))) {
      throw new UserError(
        'unknown_figure',
        `没有此数据：${key} ${year} / no such figure: ${key} ${year}`,
        404,
      );
    }
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'delete',
        entity: 'external_figure',
        entityId: `${key}/${year}`,
        before: view(before),
        after: null,
      },
      now,
    );
  };
  await (db.isTransaction ? work(db) : db.transaction().execute(work));
}
