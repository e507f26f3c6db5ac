import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { listSiteValues } from '#store/device-data.repository.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { adminBearer } from '../test-support/admin-token.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { connectLogger, dataPacket } from './test-logger-client.ts';

// Issue 12, "a second logger at a site breaks the station": two loggers of one station over real TCP, the whole
// platform on a temporary SQLite file with a fake clock. The main falls silent; the station stays online through
// its backup, the backup fills the hours the main missed, the main's late (补传) values replace them, and each
// logger's page shows only what it sent itself.
const MAIN = '010000A8900016F0001ML001';
const BACKUP = '010000A8900016F0001ML002';
const PW = '123456';
const at = (hhmm: string) => Date.parse(`2025-06-10T${hhmm}:00+08:00`);
const dataTime = (hh: number) => `20250610${String(hh).padStart(2, '0')}0000`;
let clock = at('09:05');
let platform: RunningPlatform;
let siteId: number;
let auth: Record<string, string>;

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: { db: tempDbPath(), httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  platform = await startPlatform(config, { log: memoryLogger('error'), now: () => clock });
  await platform.ready;
  const site = await upsertSite(platform.db.db, {
    code: 'QB-ML1',
    name: '双数采测试站',
    kind: 'air_station',
    lon: 114.3,
    lat: 35.7,
  });
  siteId = site.id;
  const factors = [
    { factor: 'a34004', parameter: 'PM2.5' },
    { factor: 'a34002', parameter: 'PM10' },
  ];
  await upsertDevice(platform.db.db, { mn: MAIN, siteId, password: PW, factors });
  await upsertDevice(platform.db.db, { mn: BACKUP, siteId, password: PW, role: 'backup', factors });
  await platform.receiver.registry.reload();
  auth = await adminBearer(platform.db.db);
}, 30_000);

afterAll(async () => {
  await platform?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
const get = async (path: string): Promise<any> => {
  const res = await fetch(`${platform.url}${path}`, { headers: auth });
  expect(res.status).toBe(200);
  return res.json();
};

/** One logger sends hourly packets for these hours (PM2.5 = value, PM10 = 2 × value) and waits for the 9014s. */
async function sendHours(mn: string, hours: [number, number][]): Promise<void> {
  const logger = await connectLogger(platform.receiver.port);
  for (const [hh, value] of hours) {
    logger.send(
      dataPacket({
        qn: `${dataTime(hh)}${mn.slice(-3)}`,
        mn,
        pw: PW,
        cn: '2061',
        dataTime: dataTime(hh),
        values: { a34004: value, a34002: 2 * value },
      }),
    );
  }
  const answers = await logger.waitForAnswers(hours.length);
  logger.close();
  expect(answers.every((a) => a.cn === '9014')).toBe(true);
}

async function sendRealtime(mn: string, time: string, value: number): Promise<void> {
  const logger = await connectLogger(platform.receiver.port);
  logger.send(
    dataPacket({
      qn: `${time}${mn.slice(-3)}`,
      mn,
      pw: PW,
      cn: '2011',
      dataTime: time,
      values: { a34004: value },
    }),
  );
  await logger.waitForAnswers(1);
  logger.close();
}

/** A logger's own PM2.5 hours through its API: [Beijing hour, value]. */
async function ownHours(mn: string): Promise<[number, number][]> {
  const { values } = await get(`/api/devices/${mn}/data?period=hour&limit=100`);
  return (values as { parameter: string; time: number; value: number }[])
    .filter((v) => v.parameter === 'PM2.5')
    .map((v): [number, number] => [new Date(v.time + 8 * 3_600_000).getUTCHours(), v.value])
    .sort((a, b) => a[0] - b[0]);
}

/** The station's PM2.5 hours as stored for the site, with the logger that fed each. */
async function siteHours(): Promise<[number, number | null, string][]> {
  const rows = await listSiteValues(platform.db.db, EVERY_SITE, {
    siteId,
    parameters: ['PM2.5'],
    period: 'hour',
  });
  return rows
    .map((r): [number, number | null, string] => [
      new Date(r.time + 8 * 3_600_000).getUTCHours(),
      r.value,
      r.source,
    ])
    .sort((a, b) => a[0] - b[0]);
}

async function station() {
  const snapshot = await get('/api/dashboard/snapshot');
  return (snapshot.stations as { code: string; status: string; statusNote?: string | null }[]).find(
    (s) => s.code === 'QB-ML1',
  );
}

it('two loggers on one station: each keeps its own values, the main’s feed the station', async () => {
  await sendHours(BACKUP, [[8, 50]]);
  await sendHours(MAIN, [[8, 35]]);
  await sendRealtime(MAIN, '20250610090000', 36);
  await sendRealtime(BACKUP, '20250610090000', 51);
  expect(await siteHours()).toEqual([[8, 35, `hj212:${MAIN}`]]);
  expect(await ownHours(MAIN)).toEqual([[8, 35]]);
  expect(await ownHours(BACKUP)).toEqual([[8, 50]]);
  // Real-time readings too: each logger's page shows its own series, not the site's.
  const raw = async (mn: string) =>
    ((await get(`/api/devices/${mn}/data?period=raw`)).values as { value: number }[]).map((v) => v.value);
  expect(await raw(MAIN)).toEqual([36]);
  expect(await raw(BACKUP)).toEqual([51]);
  const devices = (await get('/api/devices')).devices as { mn: string; role: string }[];
  expect(devices.map((d) => [d.mn, d.role]).sort()).toEqual([
    [MAIN, 'main'],
    [BACKUP, 'backup'],
  ]);
  expect(await station()).toMatchObject({ status: 'online', statusNote: null });
});

it('the main falls silent: the station stays online through its backup, which fills the missing hours', async () => {
  clock = at('12:06');
  await sendHours(BACKUP, [
    [9, 52],
    [10, 53],
    [11, 54],
  ]);
  // Three hourly intervals without data from the main: the receiver marks it, and only it, offline.
  expect(await platform.receiver.monitor.check()).toEqual([MAIN]);
  const status = (await get('/api/devices/status')).devices as { mn: string; state: string }[];
  expect(Object.fromEntries(status.map((s) => [s.mn, s.state]))).toEqual({
    [MAIN]: 'offline',
    [BACKUP]: 'online',
  });
  expect(await station()).toMatchObject({ status: 'online', statusNote: 'backup-online' });
  const overview = await get('/api/dashboard/overview');
  expect(
    (overview.stations as { code: string; status: string }[]).find((s) => s.code === 'QB-ML1'),
  ).toMatchObject({ status: 'online', statusNote: 'backup-online' });
  expect(await siteHours()).toEqual([
    [8, 35, `hj212:${MAIN}`],
    [9, 52, `hj212:${BACKUP}`],
    [10, 53, `hj212:${BACKUP}`],
    [11, 54, `hj212:${BACKUP}`],
  ]);
  // The silent main's page shows only what it sent; the backup's only its own.
  expect(await ownHours(MAIN)).toEqual([[8, 35]]);
  expect(await ownHours(BACKUP)).toEqual([
    [8, 50],
    [9, 52],
    [10, 53],
    [11, 54],
  ]);
});

it('the main comes back with its back-fill (补传): its values replace the backup’s, the note goes', async () => {
  clock = at('12:20');
  await sendHours(MAIN, [
    [9, 40],
    [10, 41],
  ]);
  expect(await siteHours()).toEqual([
    [8, 35, `hj212:${MAIN}`],
    [9, 40, `hj212:${MAIN}`],
    [10, 41, `hj212:${MAIN}`],
    [11, 54, `hj212:${BACKUP}`],
  ]);
  expect(await ownHours(MAIN)).toEqual([
    [8, 35],
    [9, 40],
    [10, 41],
  ]);
  expect((await ownHours(BACKUP)).map(([h]) => h)).toEqual([8, 9, 10, 11]);
  // Its packets are stored sightings; the next health check brings it back online (issue 14).
  expect(await platform.receiver.monitor.check()).toEqual([]);
  expect(await station()).toMatchObject({ status: 'online', statusNote: null });
});

it('both silent: the station is offline', async () => {
  clock = at('16:00');
  expect((await platform.receiver.monitor.check()).sort()).toEqual([MAIN, BACKUP].sort());
  expect(await station()).toMatchObject({ status: 'offline' });
});
