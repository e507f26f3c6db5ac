import { expect, it } from 'vitest';
import { listDustDays, setDustDay } from './dust-days.repository.ts';
import {
  adminInputsVersion,
  findExternalFigure,
  listExternalFigures,
  putExternalFigure,
  removeExternalFigure,
} from './external-figures.repository.ts';
import { down, up } from './migrations/0012-admin-data.ts';
import { forEachEngine } from './test-engines.ts';

forEachEngine('office-maintained inputs (migration 0012)', (current) => {
  it('keeps one external figure per key and year, replacing it, listing newest year first', async () => {
    const { db } = current();
    const v0 = await adminInputsVersion(db);
    const base = { key: 'r-t4-threshold', value: 5.12, source: '通报 A', note: null, updatedBy: 'boss' };
    await putExternalFigure(db, { ...base, year: 2025 }, 1000);
    await putExternalFigure(db, { ...base, year: 2026, value: 4.9 }, 2000);
    await putExternalFigure(db, { ...base, year: 2025, value: 5.34, source: '通报 B' }, 3000);
    expect(await findExternalFigure(db, 'r-t4-threshold', 2025)).toMatchObject({
      value: 5.34,
      source: '通报 B',
      updated_at: 3000,
    });
    expect((await listExternalFigures(db)).map((f) => [f.year, f.value])).toEqual([
      [2026, 4.9],
      [2025, 5.34],
    ]);
    const v1 = await adminInputsVersion(db);
    expect(v1).not.toBe(v0);
    expect(await removeExternalFigure(db, 'r-t4-threshold', 2026)).toBe(true);
    expect(await removeExternalFigure(db, 'r-t4-threshold', 2026)).toBe(false);
    expect(await adminInputsVersion(db)).not.toBe(v1);
  });

  it('stores a dust day with its kind and 文号; older marks read as sand-dust without one', async () => {
    const { db } = current();
    await db
      .insertInto('dust_days')
      .values({ date: '2025-03-01', note: null, created_by: 'x', created_at: 1 })
      .execute();
    await setDustDay(db, {
      date: '2025-04-15',
      createdBy: 'boss',
      kind: 'exceptional',
      noticeRef: '豫环〔2025〕3号',
    });
    expect((await listDustDays(db)).map((d) => [d.date, d.kind, d.notice_ref])).toEqual([
      ['2025-03-01', 'sand_dust', null],
      ['2025-04-15', 'exceptional', '豫环〔2025〕3号'],
    ]);
  });

  it('grants figures:write to the office administrator and takes it back on down', async () => {
    const { db } = current();
    const permissions = async () =>
      JSON.parse(
        (
          await db
            .selectFrom('roles')
            .select('permissions')
            .where('id', '=', 'office-admin')
            .executeTakeFirstOrThrow()
        ).permissions,
      ) as string[];
    expect(await permissions()).toContain('figures:write');
    await down(db);
    expect(await permissions()).not.toContain('figures:write');
    await up(db);
    expect((await permissions()).filter((p) => p === 'figures:write')).toHaveLength(1);
  });
});
