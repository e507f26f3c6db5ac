import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { countMeasurements } from '#store/measurements.repository.ts';
import { listRawPackets } from '#store/raw-packets.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { adminBearer } from '../test-support/admin-token.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { connectLogger, dataPacket, sleep } from './test-logger-client.ts';

// The whole platform on a temporary SQLite file: HTTP on a free port, the HJ 212 receiver on a free port,
// a simulated logger over real TCP.
const MN = '010000A8900016F000169DC0';
const PW = '123456';
const AIR = { a34004: 35, a34002: 60, a21026: 8, a21004: 25, a21005: 0.6, a05024: 90 };
let platform: RunningPlatform;
let siteId: number;
let auth: Record<string, string>;
const log = memoryLogger('info');

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: { db: tempDbPath(), httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  // A fixed clock just after the packets' June 2025 DataTimes: they are inside the back-fill window (issue 11).
  platform = await startPlatform(config, { log, now: () => Date.parse('2025-06-10T12:00:00+08:00') });
  await platform.ready;
  const site = await upsertSite(platform.db.db, { code: 'QB-HJ1', name: '淇滨测试站', kind: 'air_station' });
  siteId = site.id;
  await upsertDevice(platform.db.db, {
    mn: MN,
    siteId,
    password: PW,
    expectedIntervalS: 3600,
    factors: [
      { factor: 'a34004', parameter: 'PM2.5' },
      { factor: 'a34002', parameter: 'PM10' },
      { factor: 'a21026', parameter: 'SO2' },
      { factor: 'a21004', parameter: 'NO2' },
      { factor: 'a21005', parameter: 'CO' },
      { factor: 'a05024', parameter: 'O3' },
    ],
  });
  await platform.receiver.registry.reload();
  auth = await adminBearer(platform.db.db);
});

afterAll(async () => {
  await platform?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
const get = async (path: string): Promise<any> =>
  (await fetch(`${platform.url}${path}`, { headers: auth })).json();
const port = () => platform.receiver.port;
const hour = (h: number) => `20250601${String(h).padStart(2, '0')}0000`;

describe('HJ 212 receiver over TCP', () => {
  it('acknowledges 2011 and 2061 uploads with a correct 9014 and the values appear through the API', async () => {
    const logger = await connectLogger(port());
    logger.send(
      dataPacket({
        qn: '20250601083000001',
        mn: MN,
        pw: PW,
        cn: '2011',
        dataTime: '20250601083000',
        values: AIR,
      }),
    );
    for (let h = 0; h < 24; h++) {
      logger.send(
        dataPacket({ qn: `${hour(h)}002`, mn: MN, pw: PW, cn: '2061', dataTime: hour(h), values: AIR }),
      );
    }
    const answers = await logger.waitForAnswers(25);
    logger.close();
    // Decoded with the strict policy: the answer's length and CRC are right, or it would not decode.
    expect(logger.answers.every((a) => a.ok && a.crc.status === 'ok')).toBe(true);
    expect(answers[0]).toMatchObject({
      qn: '20250601083000001',
      st: '91',
      cn: '9014',
      mn: MN,
      pw: PW,
      cpText: '',
    });
    expect(answers[0]?.flag?.value).toBe(4);
    expect(answers.slice(1).every((a) => a.cn === '9014')).toBe(true);

    const raw = await get(`/api/devices/${MN}/data?period=raw`);
    expect(raw.values).toHaveLength(6);
    expect(raw.values.find((v: { parameter: string }) => v.parameter === 'CO')).toMatchObject({
      value: 0.6,
      flag: 'N',
      time: Date.parse('2025-06-01T08:30:00+08:00'),
    });
    // Real-time reads are bounded (they scan every logger's traffic in the window): 7 days at most.
    const tooLong = await fetch(
      `${platform.url}/api/devices/${MN}/data?period=raw&from=0&to=${8 * 86_400_000}`,
      {
        headers: auth,
      },
    );
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: { code: 'window_too_long' } });
    const hourly = await get(`/api/devices/${MN}/data?period=hour&limit=1000`);
    expect(hourly.values).toHaveLength(24 * 6);
    // Hourly air-station data feed the air-quality engine directly.
    const daily = await get('/api/air/daily?from=2025-06-01&to=2025-06-01&sites=QB-HJ1');
    expect(daily.rows[0]).toMatchObject({ date: '2025-06-01', aqi: expect.any(Number) });
    // The packets are stored sightings; the health check decides from them that the logger is online (issue 14).
    expect(await platform.receiver.monitor.check()).toEqual([]);
    const status = await get('/api/devices/status');
    expect(status.devices[0]).toMatchObject({
      mn: MN,
      state: 'online',
      lastPeer: expect.stringMatching(/^127\.0\.0\.1:/),
    });
    expect(status.devices[0].clockDriftMs).toBeGreaterThan(0);
  });

  it('keeps unknown MN and wrong password in quarantine: no answer, no data, visible to the operator', async () => {
    const before = await countMeasurements(platform.db.db, EVERY_SITE, { siteIds: [siteId] });
    const logger = await connectLogger(port());
    logger.send(
      dataPacket({
        qn: '20250602010000001',
        mn: 'NOSUCHMN0001',
        pw: '999999',
        cn: '2061',
        dataTime: '20250602010000',
        values: AIR,
      }),
    );
    logger.send(
      dataPacket({
        qn: '20250602010000002',
        mn: MN,
        pw: 'guess1',
        cn: '2061',
        dataTime: '20250602010000',
        values: AIR,
      }),
    );
    await sleep(300);
    logger.close();
    expect(logger.answers).toHaveLength(0);
    expect(await countMeasurements(platform.db.db, EVERY_SITE, { siteIds: [siteId] })).toBe(before);
    const q = await get('/api/hj212/quarantine');
    expect(q.packets.map((p: { reason: string }) => p.reason)).toEqual([
      'wrong password (PW)',
      'unknown MN (not in the device registry)',
    ]);
    expect(q.packets[0]).toMatchObject({
      mn: MN,
      qn: '20250602010000002',
      peer: expect.stringMatching(/^127\.0\.0\.1:/),
    });
    expect(q.packets[0].packet).toContain('CN=2061');
    expect(q.packets[0].packet).toContain('PW=***');
    expect(log.lines.some((l) => l.includes('quarantined (wrong password (PW))'))).toBe(true);
  });

  it('stores a retransmission and a 补传 back-fill once: same MN, CN, DataTime, factor → one value', async () => {
    const logger = await connectLogger(port());
    const p = dataPacket({
      qn: '20250603010000001',
      mn: MN,
      pw: PW,
      cn: '2061',
      dataTime: '20250603010000',
      values: { a34004: 41 },
    });
    logger.send(p);
    await logger.waitForAnswers(1);
    logger.send(p);
    logger.send(
      dataPacket({
        qn: '20250603020000009',
        mn: MN,
        pw: PW,
        cn: '2061',
        dataTime: '20250603010000',
        values: { a34004: 41 },
      }),
    );
    await logger.waitForAnswers(3);
    logger.close();
    const t = Date.parse('2025-06-03T01:00:00+08:00');
    const values = await get(`/api/devices/${MN}/data?period=hour&from=${t}&to=${t + 1}`);
    expect(values.values).toEqual([expect.objectContaining({ parameter: 'PM2.5', value: 41 })]);
    const raw = await listRawPackets(platform.db.db, { mn: MN, limit: 3 });
    expect(raw.map((r) => r.verdict)).toEqual(['duplicate', 'duplicate', 'stored']);
  });

  it('frames packets split across writes and glued together', async () => {
    const logger = await connectLogger(port());
    const a = dataPacket({
      qn: '20250604010000001',
      mn: MN,
      pw: PW,
      cn: '2061',
      dataTime: '20250604010000',
      values: AIR,
    });
    const b = dataPacket({
      qn: '20250604020000001',
      mn: MN,
      pw: PW,
      cn: '2061',
      dataTime: '20250604020000',
      values: AIR,
    });
    for (let i = 0; i < a.length; i += 7) {
      logger.send(a.subarray(i, i + 7));
      await sleep(1);
    }
    // b and c glued in one write, c without its CR LF before the next `##` (pitfall §7.1).
    const c = dataPacket({
      qn: '20250604030000001',
      mn: MN,
      pw: PW,
      cn: '2061',
      dataTime: '20250604030000',
      values: AIR,
    });
    logger.send(Buffer.concat([b, c.subarray(0, c.length - 2), a]));
    const answers = await logger.waitForAnswers(4);
    logger.close();
    expect(answers.map((x) => x.qn)).toEqual([
      '20250604010000001',
      '20250604020000001',
      '20250604030000001',
      '20250604010000001',
    ]);
  });

  it('lists devices without their passwords', async () => {
    const body = await get('/api/devices');
    expect(body.devices[0]).toMatchObject({
      mn: MN,
      siteCode: 'QB-HJ1',
      crcPolicy: 'standard',
      encrypted: false,
    });
    expect(JSON.stringify(body)).not.toContain(PW);
    expect(log.lines.join('\n')).not.toContain(`PW=${PW}`);
  });
});
