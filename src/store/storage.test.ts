import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { dustDaySet, listDustDays, removeDustDay, setDustDay } from './dust-days.repository.ts';
import { migrateToLatest } from './migrate.ts';
import { findOrganisationByCode, listOrganisations, listTownships } from './organisations.repository.ts';
import { listParameters } from './parameters.repository.ts';
import { seedPlaces } from './places.ts';
import {
  ensureSiteByName,
  findSiteByCode,
  findSiteByName,
  listSites,
  upsertSite,
} from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

forEachEngine('storage: schema, places, sites, dust days', (current) => {
  it('migrates to the latest version, and again is a no-op', async () => {
    const { db } = current();
    const again = await migrateToLatest(db);
    expect(again).toEqual([]);
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    for (const name of ['organisations', 'sites', 'parameters', 'measurements', 'dust_days', 'audit_log']) {
      expect(tables).toContain(name);
    }
  });

  it('seeds the six air pollutants with explicit units (CO in mg/m³)', async () => {
    const air = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];
    const params = (await listParameters(current().db)).filter((p) => air.includes(p.code));
    const units = Object.fromEntries(params.map((p) => [p.code, p.unit]));
    expect(units).toEqual({
      CO: 'mg/m³',
      NO2: 'µg/m³',
      O3: 'µg/m³',
      'PM2.5': 'µg/m³',
      PM10: 'µg/m³',
      SO2: 'µg/m³',
    });
  });

  it('seeds Qibin District with ten townships/streets, idempotently', async () => {
    const { db } = current();
    await seedPlaces(db);
    const first = await listOrganisations(db);
    await seedPlaces(db);
    expect(await listOrganisations(db)).toEqual(first);
    const towns = await listTownships(db);
    expect(towns).toHaveLength(10);
    expect(towns.map((t) => t.code)).toContain('410611566');
    expect(towns.find((t) => t.code === '410611566')?.name).toBe('天山路街道');
    expect(towns.filter((t) => t.kind === 'street')).toHaveLength(6);
    expect(towns.every((t) => t.parent_id === '410611')).toBe(true);
    expect((await findOrganisationByCode(db, '410611'))?.name).toBe('淇滨区');
    const departments = await listOrganisations(db, { kind: 'department' });
    expect(departments.map((d) => d.name)).toContain('区生态环境分局');
  });

  it('upserts sites by code, keeps unicode names and maps booleans', async () => {
    const { db } = current();
    await seedPlaces(db);
    const a = await upsertSite(
      db,
      {
        code: 'QB-01',
        name: '淇滨区·金山站 ①',
        kind: 'air_station',
        tier: 'township',
        townshipId: '410611001',
        isSample: true,
      },
      1000,
    );
    expect(a).toMatchObject({
      code: 'QB-01',
      name: '淇滨区·金山站 ①',
      isSample: true,
      inDistrictValue: true,
      createdAt: 1000,
    });
    const b = await upsertSite(
      db,
      { code: 'QB-01', name: '金山站', kind: 'air_station', tier: 'township', inDistrictValue: false },
      2000,
    );
    expect(b).toMatchObject({
      id: a.id,
      name: '金山站',
      isSample: false,
      inDistrictValue: false,
      createdAt: 1000,
      townshipId: null,
    });
    expect((await findSiteByName(db, EVERY_SITE, '金山站'))?.id).toBe(a.id);
    expect(await findSiteByCode(db, EVERY_SITE, 'nope')).toBeUndefined();
  });

  it('lists sites with filters, in creation order', async () => {
    const { db } = current();
    await seedPlaces(db);
    await upsertSite(db, { code: 'N1', name: '国控一', kind: 'air_station', tier: 'national' });
    await upsertSite(db, {
      code: 'T1',
      name: '乡镇一',
      kind: 'air_station',
      tier: 'township',
      townshipId: '410611200',
    });
    await upsertSite(db, { code: 'O1', name: '排口一', kind: 'outlet', isSample: true });
    await upsertSite(db, {
      code: 'T2',
      name: '乡镇二',
      kind: 'air_station',
      tier: 'township',
      inDistrictValue: false,
    });
    const codes = async (filter: Parameters<typeof listSites>[2]) =>
      (await listSites(db, EVERY_SITE, filter)).map((s) => s.code);
    expect(await codes({})).toEqual(['N1', 'T1', 'O1', 'T2']);
    expect(await codes({ kind: 'air_station' })).toEqual(['N1', 'T1', 'T2']);
    expect(await codes({ tier: ['national', 'township'], inDistrictValue: true })).toEqual(['N1', 'T1']);
    expect(await codes({ townshipId: '410611200' })).toEqual(['T1']);
    expect(await codes({ isSample: true })).toEqual(['O1']);
    expect(await codes({ codes: ['T2', 'N1'] })).toEqual(['N1', 'T2']);
    expect(await codes({ codes: [] })).toEqual([]);
  });

  it('creates a site by name only when missing', async () => {
    const { db } = current();
    const first = await ensureSiteByName(db, 'Dongsi', { kind: 'air_station', tier: 'national' });
    const again = await ensureSiteByName(db, 'Dongsi', { kind: 'air_station', tier: 'national' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ site: first.site, created: false });
    expect(first.site).toMatchObject({ code: 'Dongsi', name: 'Dongsi', tier: 'national', isSample: false });
  });

  it('refuses a site in an unknown township (foreign key)', async () => {
    await expect(
      upsertSite(current().db, { code: 'X', name: 'X', kind: 'air_station', townshipId: 'nowhere' }),
    ).rejects.toThrow();
  });

  it('marks, lists and removes dust days', async () => {
    const { db } = current();
    await setDustDay(db, { date: '2023-04-11', note: '沙尘暴', createdBy: 'eeb' }, 5);
    await setDustDay(db, { date: '2023-03-22', createdBy: 'eeb' }, 6);
    // Marking a day again replaces the mark: its kind, 文号, note, who marked it and when.
    await setDustDay(
      db,
      {
        date: '2023-04-11',
        note: '沙尘暴（更正）',
        createdBy: 'office',
        kind: 'exceptional',
        noticeRef: '豫环监测〔2023〕5号',
      },
      7,
    );
    expect(await listDustDays(db)).toEqual([
      {
        date: '2023-03-22',
        note: null,
        created_by: 'eeb',
        created_at: 6,
        kind: 'sand_dust',
        notice_ref: null,
      },
      {
        date: '2023-04-11',
        note: '沙尘暴（更正）',
        created_by: 'office',
        created_at: 7,
        kind: 'exceptional',
        notice_ref: '豫环监测〔2023〕5号',
      },
    ]);
    expect([...(await dustDaySet(db, { from: '2023-04-01', to: '2023-04-30' }))]).toEqual(['2023-04-11']);
    expect(await removeDustDay(db, '2023-03-22')).toBe(true);
    expect(await removeDustDay(db, '2023-03-22')).toBe(false);
    await expect(setDustDay(db, { date: '2023-02-30', createdBy: 'x' })).rejects.toThrow(/calendar date/);
  });

  it('stores epoch-ms times beyond 2^31 exactly', async () => {
    const { db } = current();
    const t = 1_700_000_000_123;
    await setDustDay(db, { date: '2024-01-01', createdBy: 'x' }, t);
    const { rows } = await sql<{ created_at: unknown }>`select created_at from dust_days`.execute(db);
    expect(rows[0]?.created_at).toBe(t);
  });
});
