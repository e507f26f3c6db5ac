import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { airMethodConfig, airMethodOf } from '#config/air-method.ts';
import { startOfDay } from '#rules/time/calendar.ts';
import { upsertMeasurements } from '#store/measurements.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { airReport } from './air-report.service.ts';
import { airDays } from './air-series.service.ts';

// Issue 13, "a day with a missing pollutant", through the report: the same three days in April 2025 (2012 rules)
// and April 2026 (2026 rules). Day 1 clean and complete; day 2 polluted (PM10 250 → IAQI 150) with the CO analyser
// down; day 3 clean with CO down.
let db: Db;

async function seed(year: number) {
  const site = await upsertSite(db.db, { code: `S${year}`, name: '站', kind: 'air_station' });
  const rows = [];
  for (const [day, pm10, co] of [
    [`${year}-04-01`, 50, true],
    [`${year}-04-02`, 250, false],
    [`${year}-04-03`, 50, false],
  ] as const) {
    for (let h = 0; h < 24; h++) {
      const time = startOfDay(day) + h * 3_600_000;
      const values: Record<string, number> = { 'PM2.5': 30, PM10: pm10, SO2: 10, NO2: 20, O3: 80 };
      if (co) values.CO = 0.5;
      for (const [parameter, value] of Object.entries(values)) {
        rows.push({ site_id: site.id, parameter, period: 'hour' as const, time, value, source: 'test' });
      }
    }
  }
  await upsertMeasurements(db.db, rows);
}

beforeEach(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db.db);
  await seed(2025);
  await seed(2026);
});
afterEach(async () => {
  await db.close();
});

/** The air method from config `air` (day rule and §5.3.2 exemptions live beside the other air choices). */
const air = (config: unknown = {}) => airMethodOf(airMethodConfig.parse(config));
const noteText = (r: { notes: { en: string }[] }) => r.notes.map((n) => n.en).join('\n');

const report = (year: number, method = air()) =>
  airReport(
    db,
    EVERY_SITE,
    { from: `${year}-04-01`, to: `${year}-04-03`, sites: [`S${year}`], yoy: false },
    Date.now(),
    method,
  );

describe('which days count, by the rule set of their date', () => {
  it('2012 rules: only the complete day counts; the report note says so', async () => {
    const r = await report(2025);
    expect(r.district).toMatchObject({ validDays: 1, goodDays: 1, heavyDays: 0 });
    expect(r.dayRule).toBe('by-date');
    expect(noteText(r)).toContain('before 2026-03-01: all six valid');
  });

  it('2026 rules (HJ 633-2026 §5.3.1): the polluted day without CO counts, the clean one is NA', async () => {
    const r = await report(2026);
    // Day 2's AQI 150 from 5 of 6 is published: it enters the denominator, and the good-day ratio falls to 50 %.
    expect(r.district).toMatchObject({ validDays: 2, goodDays: 1, goodRatio: 50 });
    // Per-pollutant validity still governs concentrations: CO has one valid day.
    expect(r.district.pollutants.CO.validDays).toBe(1);
    expect(r.district.pollutants.PM10.validDays).toBe(3);
    const days = await airDays(db, EVERY_SITE, { site: 'S2026', from: '2026-04-01', to: '2026-04-03' });
    expect(days.days.map((d) => [d.date, d.valid, d.verdict.reason])).toEqual([
      ['2026-04-01', true, 'all-six-valid'],
      ['2026-04-02', true, 'partial-aqi-over-100'],
      ['2026-04-03', false, 'partial-aqi-na'],
    ]);
    expect(days.days[1]?.reasons).toEqual([{ pollutant: 'CO', kind: 'hours', have: 0, need: 20 }]);
  });

  it("the old rule stays selectable: air.dayRule 'all-six' counts only the complete day", async () => {
    const r = await report(2026, air({ dayRule: 'all-six' }));
    expect(r.district).toMatchObject({ validDays: 1, goodDays: 1 });
    expect(r.dayRule).toBe('all-six');
    expect(noteText(r)).toContain('air.dayRule = all-six');
  });

  it('HJ 633-2026 §5.3.2: with CO outside the station’s monitoring plan every day counts (2026 only)', async () => {
    const exempt = air({ exemptPollutants: { S2026: ['CO'], S2025: ['CO'] } });
    expect((await report(2026, exempt)).district).toMatchObject({ validDays: 3, goodDays: 2 });
    // 2012 has no such exemption: still one day.
    expect((await report(2025, exempt)).district.validDays).toBe(1);
  });

  it('§5.3.2 with the station-first district: the district days carry the stations’ exemption', async () => {
    const r = await report(
      2026,
      air({ districtMethod: 'station-first', exemptPollutants: { S2026: ['CO'] } }),
    );
    expect(r.district).toMatchObject({ validDays: 3, goodDays: 2 });
    expect(r.sites.S2026).toMatchObject({ validDays: 3, goodDays: 2 });
  });

  it('refuses an unknown pollutant in the configuration', () => {
    expect(airMethodConfig.safeParse({ exemptPollutants: { S: ['PM1'] } }).success).toBe(false);
    expect(airMethodConfig.safeParse({ dayRule: 'sometimes' }).success).toBe(false);
  });
});
