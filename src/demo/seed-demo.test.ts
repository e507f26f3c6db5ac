import { describe, expect, it } from 'vitest';
import { countMeasurements } from '#store/measurements.repository.ts';
import { listOrganisations } from '#store/organisations.repository.ts';
import { listSites } from '#store/sites.repository.ts';
import { memoryLogger } from '../services/logger.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { modelMissing, modelValue } from './air-model.ts';
import { expectedValues, HOUR, shanghai, useMemoryDb } from './demo-test-support.ts';
import { seedDemo } from './seed-demo.ts';

describe('seedDemo', () => {
  const current = useMemoryDb();
  // 2025-06-10 11:30 in Shanghai: the last complete hour is 10:00–11:00.
  const now = shanghai(2025, 6, 10, 11, 30);
  const from = shanghai(2025, 6, 7);
  const to = shanghai(2025, 6, 10, 10);

  it('creates 10 township and 2 city sample stations, in the right townships', async () => {
    const { db } = current();
    await seedDemo(db, { now, days: 0 });
    const sites = await listSites(db, EVERY_SITE);
    expect(sites).toHaveLength(12);
    expect(sites.every((s) => s.isSample && s.inDistrictValue && s.kind === 'air_station')).toBe(true);
    const towns = (await listOrganisations(db)).filter((o) => o.kind === 'township' || o.kind === 'street');
    const township = sites.filter((s) => s.tier === 'township');
    expect(township).toHaveLength(10);
    for (const site of township) {
      const town = towns.find((t) => t.id === site.townshipId);
      expect(site.name).toBe(`${town?.name}站`);
    }
    const city = sites.filter((s) => s.tier === 'city');
    expect(city.map((s) => s.name)).toEqual(['淇滨区政府站', '鹤壁职业技术学院站']);
    for (const site of city) expect(towns.find((t) => t.id === site.townshipId)?.kind).toBe('street');
  });

  it('writes every complete hour of the window for all six pollutants, minus modelled gaps', async () => {
    const { db } = current();
    const progress: number[] = [];
    const log = memoryLogger();
    const result = await seedDemo(db, { now, days: 3, log, onProgress: (p) => progress.push(p.hoursDone) });
    const hours = (to - from) / HOUR + 1;
    expect(hours).toBe(3 * 24 + 11);
    const expected = expectedValues(from, to);
    expect(expected).toBeLessThan(hours * 12 * 6);
    expect(expected).toBeGreaterThan(hours * 12 * 6 * 0.97);
    expect(result).toMatchObject({ sites: 12, from, to, hours: hours * 12, values: expected });
    expect(await countMeasurements(db, EVERY_SITE, { source: 'demo', period: 'hour' })).toBe(expected);
    expect(progress.at(-1)).toBe(hours * 12);
    expect(log.lines.some((l) => l.includes('demo history'))).toBe(true);

    const rows = await db.selectFrom('measurements').selectAll().orderBy('time').execute();
    expect(rows[0]?.time).toBe(from);
    expect(rows.at(-1)?.time).toBe(to);
    expect(rows.every((r) => r.time % HOUR === 0 && r.flag === 'N' && r.received_at === now)).toBe(true);
  });

  it('stores the model value for the station', async () => {
    const { db } = current();
    await seedDemo(db, { now, days: 1 });
    const site = (await listSites(db, EVERY_SITE, { codes: ['QB-T09'] }))[0];
    const row = await db
      .selectFrom('measurements')
      .selectAll()
      .where('site_id', '=', site?.id ?? -1)
      .where('parameter', '=', 'PM2.5')
      .where('time', '=', to)
      .executeTakeFirst();
    // 上峪乡站: seed 9, factor 0.85 (demo-sites.ts); this hour is not one the model leaves out.
    expect(modelMissing(to, 9, 'PM2.5')).toBe(false);
    expect(row?.value).toBe(modelValue('PM2.5', to, 9, 0.85));
    expect(row?.source).toBe('demo');
  });

  it('a second run adds nothing; a later run adds only the hours ended since', async () => {
    const { db } = current();
    await seedDemo(db, { now, days: 2 });
    const before = await countMeasurements(db, EVERY_SITE);
    const again = await seedDemo(db, { now, days: 2 });
    expect(again).toMatchObject({ hours: 0, values: 0 });
    expect(await countMeasurements(db, EVERY_SITE)).toBe(before);

    const later = await seedDemo(db, { now: now + 3 * HOUR, days: 2 });
    expect(later.hours).toBe(3 * 12);
    expect(later.values).toBe(expectedValues(to + HOUR, to + 3 * HOUR));
    expect(await countMeasurements(db, EVERY_SITE)).toBe(before + later.values);
  });

  it('with days = 0 covers today up to the last complete hour', async () => {
    const result = await seedDemo(current().db, { now, days: 0 });
    expect(result.from).toBe(shanghai(2025, 6, 10));
    expect(result.to).toBe(shanghai(2025, 6, 10, 10));
    expect(result.hours).toBe(11 * 12);
  });
});
