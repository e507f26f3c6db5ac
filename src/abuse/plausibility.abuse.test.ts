import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { connectLogger, dataPacket, type LoggerClient } from '../receiver/test-logger-client.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { adminBearer } from '../test-support/admin-token.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';

// Issue 11, finding 2: "One packet breaks the public dashboard." Reproduced as found — a registered logger on
// the real receiver sends hourly (CN 2061) packets dated 9999-12-31 23:00, 2099 and 0000, and one with a value
// of 1e308 — then the anonymous dashboard is read over real HTTP. And rows stored before the fix are planted
// directly in the store. The clock is fixed: 2026-05-01 10:30 Beijing.
const NOW = Date.parse('2026-05-01T10:30:00+08:00');
const HOUR = 3_600_000;
const LAST_HOUR = Date.parse('2026-05-01T09:00:00+08:00');
const MN = 'QBABUSE00000000000000001';
const PW = '246810';
const SITE = 'QB-AB1';
const FACTORS = { a34004: 'PM2.5', a34002: 'PM10', a21026: 'SO2', a21004: 'NO2', a21005: 'CO', a05024: 'O3' };
const GOOD = { a34004: 40, a34002: 60, a21026: 10, a21004: 20, a21005: 0.6, a05024: 100 };

let platform: RunningPlatform;
let auth: Record<string, string>;
const log = memoryLogger('info');

beforeAll(async () => {
  const file = tempDbPath();
  const db = await openDb(file);
  await migrateToLatest(db.db);
  const site = await upsertSite(db.db, { code: SITE, name: '滥用测试站', kind: 'air_station' });
  await upsertDevice(db.db, {
    mn: MN,
    siteId: site.id,
    password: PW,
    factors: Object.entries(FACTORS).map(([factor, parameter]) => ({ factor, parameter })),
  });
  auth = await adminBearer(db.db, NOW);
  await db.close();
  const config = loadConfig({
    env: {},
    overrides: { db: file, httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  platform = await startPlatform(config, { log, now: () => NOW });
  await platform.ready;
});

afterAll(async () => {
  await platform?.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${platform.url}${path}`, { headers });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/**
 * The public pages' APIs (and the station page's) all answer, the newest hour is the real one, and the station's
 * AQI is that of the one real packet (recorded after it arrived), not 500.
 */
let realAqi: number | undefined;
async function expectDashboardWhole(): Promise<void> {
  for (const path of [
    '/api/dashboard/snapshot',
    '/api/dashboard/hours',
    `/api/dashboard/hours?sites=${SITE}&hours=24`,
    '/api/dashboard/overview',
    `/api/dashboard/days?site=${SITE}&from=2026-04-01&to=2026-05-01`,
    `/api/air/report?from=2026-04-01&to=2026-05-01&sites=${SITE}`,
  ]) {
    expect((await get(path)).status, path).toBe(200);
  }
  const snapshot = (await get('/api/dashboard/snapshot')).body;
  expect(snapshot.latestHour).toBe(LAST_HOUR);
  const station = snapshot.stations.find((s: { code: string }) => s.code === SITE);
  realAqi ??= station.aqi.aqi as number;
  expect(station.aqi.aqi).toBe(realAqi);
  expect(realAqi).toBeLessThan(100);
}

let logger: LoggerClient;
let qn = 0;
const send = (dataTime: string, values: Record<string, number>) => {
  qn++;
  logger.send(
    dataPacket({ qn: `2026050110300000${qn}`.slice(0, 17), mn: MN, pw: PW, cn: '2061', dataTime, values }),
  );
};

describe('abuse: implausible packets from a registered logger', () => {
  it('are answered and kept raw with their reason, never enter the data, and break no page', async () => {
    logger = await connectLogger(platform.receiver.port);
    send('20260501090000', GOOD);
    expect(await logger.waitForAnswers(1)).toMatchObject([{ cn: '9014' }]);
    await expectDashboardWhole();

    send('99991231230000', GOOD); // far future
    send('20990101000000', GOOD); // 2099
    send('20260501080000', { ...GOOD, a34004: 1e308 }); // absurd value (sent as 1e+308)
    send('20260501070000', { ...GOOD, a34002: -3 }); // a negative concentration
    send('00000101000000', GOOD); // year 0000 (was stored as 1900)
    send('20250101000000', GOOD); // older than the 90-day back-fill window
    // Each is answered with 9014, so the logger does not resend it.
    const answers = await logger.waitForAnswers(7);
    expect(answers.map((a) => a.cn)).toEqual(Array(7).fill('9014'));
    logger.close();

    await expectDashboardWhole();
    const db = platform.db.db;
    const hours = await db
      .selectFrom('measurements')
      .select('time')
      .distinct()
      .where('period', '=', 'hour')
      .execute();
    expect(hours.map((h) => Number(h.time))).toEqual([LAST_HOUR]);
    const raw = await db.selectFrom('raw_packets').select(['verdict', 'reason']).orderBy('id').execute();
    expect(raw.map((r) => r.verdict)).toEqual(['stored', ...Array(6).fill('implausible')]);
    expect(raw[1]?.reason).toMatch(/^implausible time-ahead: 数据时间超前接收时间 .+ \/ DataTime .+ ahead/);
    expect(raw[3]?.reason).toMatch(/PM2\.5 数值 1\.000e\+308 超出合理范围 0–2000/);
    expect(raw[4]?.reason).toMatch(/value-out-of-range: PM10 数值 -3 超出合理范围 0–10000/);
    expect(raw[5]?.reason).toMatch(
      /time-invalid: 数据时间无效 "00000101000000" \/ .*year 0000 is before 1970/,
    );
    expect(raw[6]?.reason).toMatch(/time-too-old/);
    // The device's last DataTime is the real one, not 9999.
    const status = (await get('/api/devices/status', auth)).body.devices.find(
      (d: { mn: string }) => d.mn === MN,
    );
    expect(status.lastDataTime).toBe(LAST_HOUR);
    expect(log.lines.some((l) => l.includes(`MN ${MN}: packet implausible`))).toBe(true);
  });

  it('shows the refused packets on the device page, newest first, with their reasons', async () => {
    const { status, body } = await get(`/api/devices/${MN}/refused`, auth);
    expect(status).toBe(200);
    expect(body.packets).toHaveLength(6);
    expect(body.packets[0]).toMatchObject({ verdict: 'implausible', cn: '2061', codes: ['time-too-old'] });
    expect(body.packets[5].codes).toEqual(['time-ahead']);
    expect(body.packets[5].reason).toMatch(/数据时间超前/);
    expect(body.packets[5].packet).toContain('PW=***');
    expect((await get(`/api/devices/${MN}/refused`)).status).toBe(401);
  });

  it('tolerates rows stored before the check: far-future times and absurd values break no page', async () => {
    const db = platform.db.db;
    const site = await db.selectFrom('sites').select('id').where('code', '=', SITE).executeTakeFirstOrThrow();
    const row = (time: number, parameter: string, value: number) => ({
      site_id: site.id,
      parameter,
      period: 'hour' as const,
      time,
      value,
      flag: 'N',
      source: 'hj212',
      received_at: NOW,
    });
    await db
      .insertInto('measurements')
      .values([
        row(Date.parse('9999-12-31T23:00:00+08:00'), 'PM2.5', 35),
        row(Date.parse('2099-01-01T00:00:00+08:00'), 'PM10', 50),
        row(NOW + 2 * HOUR, 'O3', 100),
        row(LAST_HOUR - HOUR, 'PM2.5', 1e308),
        row(LAST_HOUR - 2 * HOUR, 'SO2', -5),
      ])
      .execute();
    await expectDashboardWhole();
    // The series ends at the real newest hour; the stored 1e308 and −5 read as missing, not as AQI 500.
    const hours = (await get(`/api/dashboard/hours?sites=${SITE}&hours=24`)).body;
    expect(hours.t0 + (hours.count - 1) * HOUR).toBe(LAST_HOUR);
    const series = hours.sites[0];
    expect(series.values['PM2.5'].at(-2)).toBeNull();
    expect(series.values.SO2.at(-3)).toBeNull();
    expect(Math.max(...series.aqi.filter((a: number | null) => a !== null))).toBe(realAqi);
  });
});
