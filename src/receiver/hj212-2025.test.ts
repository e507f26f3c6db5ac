/**
 * HJ 212-2025 over real TCP through the whole platform (temporary SQLite, HTTP and the receiver on free ports):
 * a logger registered through the API is known to its very first encrypted packet, an unknown MN is quarantined
 * whatever its encryption, the encryption-required policy (§6.4.4), heartbeats (9015) and the tolerated 2025
 * deviations named in the packet's record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { listDeviceStatus } from '#store/device-status.repository.ts';
import { countMeasurements } from '#store/measurements.repository.ts';
import { listRawPackets } from '#store/raw-packets.repository.ts';
import { listSites, upsertSite } from '#store/sites.repository.ts';
import { encodePacket } from '../protocol/hj212/index.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { adminBearer } from '../test-support/admin-token.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { connectLogger, type LoggerClient, sleep } from './test-logger-client.ts';

// HJ 212-2025 附录A.2, first example, verbatim (key sixteen 0x30 bytes; CN=2051, Flag=9 asks for an answer).
const A2 =
  '##0295QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&{0xE4,0x3E,0x15,0x9A,0xCF,0xAB,0x24,0x2C,0xB5,0x31,0x55,0xFB,0x8B,0x92,0x81,0xA1,0xA2,0x42,0x57,0x7A,0xBF,0xAE,0xD8,0x81,0xBE,0x88,0xB7,0x2D,0x69,0xFC,0x55,0xED,0x1A,0x80,0x11,0x9F,0xAA,0xC8,0xB3,0xCD,0x33,0xD2,0x85,0xCC,0x76,0xF5,0x7F,0x2C,0xA7,0xF8,0x8B,0x95,0x73,0xC6,0x64,0x7E,0x0F,0x07,0xE2,0x46,0x09,0xBD,0x6B,0x63,0xEB,0x20,0xC5,0xB9,0x78,0x4F,0x28,0xE7,0x1D,0x2F,0x49,0x94,0xFF,0x61,0xD9,0xE1,0xC2,0xB3,0x07,0x55,0x92,0xB4,0xD1,0xE0,0x9C,0x4D,0x8B,0xB2,0x7B,0xE9,0x7B,0x55,0x9E,0x3D,0xA6,0x64,0x37,0x81,0xA6,0xF4,0x77,0x76,0x9D,0xEE,0xB0,0x09,0xB1,0x0D,0xFF,0xF3,0x42,0x69,0x22,0x72,0x5D,0x60,0x7D,0xC4,0x48,0x0F,0x0C,0xAC,0x5F,0x70,0xDB,0x25,0x87,0xB1,0x24,0xBC,0xB2,0x81,0x59,0x27,0x21,0xD6,0xE4,0xBC,0x18,0x0A,0x97,0xE5,0xE1,0x11,0x49,0x9C,0xBE,0x82,0x2E,0x31,0xC8,0xD7,0x76,0x15,0x53,0x54,0x3A,0xA2,0x42,0x07,0xC2,0x90,0x99,0x7B,0xBD,0xE6,0x4F,0x92,0x66,0xBC,0x5F,0x52,0x9A,0x17,0x2E,0x38,0x1C,0x1D,0x89,0x8C,0xA1,0xA0,0xD7,0x71,0xA9,0x14,0xA7,0xB2,0xD7,0x46,0x7C,0x70,0xB9,0x4F,0x1D,0x4A,0x7B,0x03,0x50,0xA4,0x8D,0xBF,0x8B,0x41}&&2200';
const A2_MN = '010000A8900016F000169DC0';
const KEY_HEX = '30'.repeat(16);
const log = memoryLogger('info');
// A fake clock near the examples' DataTime (2024-05-20 21:06 Beijing), inside the back-fill window.
let clock = Date.parse('2024-05-20T21:10:00+08:00');
let platform: RunningPlatform;
let auth: Record<string, string>;

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: { db: tempDbPath(), httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  platform = await startPlatform(config, { log, now: () => clock });
  await platform.ready;
  await upsertSite(platform.db.db, { code: 'QB-25', name: '淇滨2025站', kind: 'air_station' });
  auth = await adminBearer(platform.db.db, clock);
});

afterAll(async () => {
  await platform?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${platform.url}${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const connect = () => connectLogger(platform.receiver.port);
const frame = (text: string) => Buffer.from(`${text}\r\n`);
const rawOf = async (mn: string) => {
  await platform.receiver.housekeeping();
  return listRawPackets(platform.db.db, { mn });
};
/** Waits until the packets sent so far are committed: an answered packet sent after them has its answer. */
async function settle(logger: LoggerClient, mn: string, pw: string): Promise<void> {
  const before = logger.answers.length;
  logger.send(encodePacket({ qn: '20240520211000999', st: '91', cn: '9015', pw, mn, flag: 9, cp: '' }));
  await logger.waitForAnswers(before + 1);
}

const factors = [
  { factor: 'a34004', parameter: 'PM2.5' },
  { factor: 'a21026', parameter: 'SO2' },
];

describe('a logger registered a moment ago (pushed to the receiver, not polled)', () => {
  it('its MN is quarantined as unknown before, and its encrypted packet is answered right after the API call', async () => {
    const logger = await connect();
    logger.send(frame(A2));
    await sleep(100);
    expect(logger.answers).toHaveLength(0);
    const before = await rawOf(A2_MN);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ verdict: 'quarantined' });
    expect(before[0]?.reason).toMatch(/^unknown MN/);

    // The registry reconciles only on the monitor's tick (15 s): this answer can only come from the push.
    const res = await api('POST', '/api/devices', {
      mn: A2_MN,
      siteCode: 'QB-25',
      password: '123456',
      sm4: KEY_HEX,
      encryptionRequired: true,
      factors,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).device).toMatchObject({ encrypted: true, encryptionRequired: true });
    logger.send(frame(A2));
    const [answer] = await logger.waitForAnswers(1);
    expect(answer).toMatchObject({ cn: '9014', qn: '20240520210700000', mn: A2_MN, st: '91' });
    // 2025 Flag: version bits 000010, no answer requested → 8.
    expect(answer?.flag?.value).toBe(8);
    const stored = (await rawOf(A2_MN)).find((r) => r.verdict === 'stored');
    expect(stored?.reason).toContain('deviation length-counts-plaintext');
    logger.close();
  });

  it('a change (disable) applies to the next packet at once', async () => {
    const logger = await connect();
    expect((await api('PATCH', `/api/devices/${A2_MN}`, { enabled: false })).status).toBe(200);
    logger.send(frame(A2));
    await sleep(100);
    expect(logger.answers).toHaveLength(0);
    const last = (await rawOf(A2_MN))[0];
    expect(last).toMatchObject({ verdict: 'quarantined', reason: 'device disabled in the registry' });
    expect((await api('PATCH', `/api/devices/${A2_MN}`, { enabled: true })).status).toBe(200);
    logger.send(frame(A2));
    expect((await logger.waitForAnswers(1))[0]?.cn).toBe('9014');
    logger.close();
  });
});

describe('encryption required (HJ 212-2025 §6.4.4)', () => {
  it('quarantines an unencrypted 2000–2999 data packet from that logger, with the reason, unanswered', async () => {
    const logger = await connect();
    const plain = encodePacket({
      qn: '20240520210700001',
      st: '22',
      cn: '2051',
      pw: '123456',
      mn: A2_MN,
      flag: 9,
      cp: 'DataTime=20240520210600;a34004-Avg=30,a34004-Flag=N',
    });
    logger.send(plain);
    await settle(logger, A2_MN, '123456');
    // Only the heartbeat (not a data command) was answered.
    expect(logger.answers.map((a) => a.ok && a.packet.cn)).toEqual(['9013']);
    const row = (await rawOf(A2_MN)).find((r) => r.qn === '20240520210700001');
    expect(row?.verdict).toBe('quarantined');
    expect(row?.reason).toContain('HJ 212-2025 §6.4.4');
    expect(
      await api('POST', '/api/devices', { mn: 'NOKEY01', siteCode: 'QB-25', encryptionRequired: true }),
    ).toHaveProperty('status', 422);
    logger.close();
  });
});

describe('heartbeat 9015 and tolerated 2025 deviations', () => {
  const MN = 'HB2025000000000000000001';
  const PW = 'hb-pw';
  const hb = (qn: string, flag: number) =>
    encodePacket({ qn, st: '22', cn: '9015', pw: PW, mn: MN, flag, cp: '' });

  it('answers 9013 only when Flag bit 0 asks, and keeps the logger online without data', async () => {
    const res = await api('POST', '/api/devices', {
      mn: MN,
      siteCode: 'QB-25',
      password: PW,
      expectedIntervalS: 60,
      offlineAfterMissed: 3,
      factors,
    });
    expect(res.status).toBe(200);
    const logger = await connect();
    logger.send(hb('20240520211000001', 8)); // no answer asked
    logger.send(hb('20240520211000002', 9)); // answer asked
    const answers = await logger.waitForAnswers(1);
    await sleep(100);
    expect(logger.answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ cn: '9013', qn: '20240520211000002', st: '91', cpText: '' });
    expect(answers[0]?.flag).toMatchObject({ version: '2025', ackRequired: false });
    // The heartbeats are stored sightings; the health check (not the packet) brings the logger online.
    expect(await platform.receiver.monitor.check()).not.toContain(MN);
    const status = (await listDeviceStatus(platform.db.db, EVERY_SITE)).find((r) => r.mn === MN);
    expect(status?.state).toBe('online');
    expect(status?.last_data_time).toBeNull();
    expect(status?.last_alive_at).toBe(clock);

    // 3 × 60 s without data but with heartbeats: still online; without them: offline.
    clock += 150_000;
    logger.send(hb('20240520211230003', 9));
    await logger.waitForAnswers(2);
    clock += 150_000;
    expect(await platform.receiver.monitor.check()).not.toContain(MN);
    clock += 60_000;
    expect(await platform.receiver.monitor.check()).toContain(MN);
    logger.close();
  });

  it('keeps a logger online on a heartbeat with a non-empty CP, stores none of it, and names heartbeat-cp', async () => {
    // The logger went offline at the end of the last test; its heartbeat comes a second later.
    clock += 1_000;
    const logger = await connect();
    const cp = 'DataTime=20240520211300;a34004-Rtd=31.5,a34004-Flag=N';
    logger.send(encodePacket({ qn: '20240520211300001', st: '22', cn: '9015', pw: PW, mn: MN, flag: 9, cp }));
    const [answer] = await logger.waitForAnswers(1);
    expect(answer).toMatchObject({ cn: '9013', qn: '20240520211300001', cpText: '' });
    const row = (await rawOf(MN)).find((r) => r.qn === '20240520211300001');
    expect(row?.verdict).toBe('answered');
    expect(row?.reason).toContain('deviation heartbeat-cp');
    // The heartbeat is a stored sighting; the device-health check (not the packet) decides online.
    await platform.receiver.monitor.check();
    expect((await listDeviceStatus(platform.db.db, EVERY_SITE)).find((r) => r.mn === MN)?.state).toBe(
      'online',
    );
    // Nothing of its CP became a value: the site still has no PM2.5 at that minute.
    const [site] = await listSites(platform.db.db, EVERY_SITE, { codes: ['QB-25'] });
    expect(await countMeasurements(platform.db.db, EVERY_SITE, { siteIds: [site?.id ?? -1] })).toBe(0);
    expect(log.lines.join('\n')).toMatch(/packet accepted with deviation heartbeat-cp/);
    logger.close();
    // The warning is throttled per logger and minute: the next test's deviations get their own line.
    clock += 61_000;
  });

  it('stores the values of RF=2 and of a CP without its closing "&&", naming each deviation', async () => {
    const logger = await connect();
    const seg = (qn: string, extra: string, close: string) =>
      `QN=${qn};ST=22;CN=2051;PW=${PW};MN=${MN};Flag=9;${extra}CP=&&DataTime=20240520210600;a34004-Avg=31.5,a34004-Flag=N${close}`;
    const { hj212CrcHex } = await import('../protocol/hj212/index.ts');
    const framed = (s: string) => `##${String(s.length).padStart(4, '0')}${s}${hj212CrcHex(s)}\r\n`;
    logger.send(framed(seg('20240520210700101', 'RF=2;', '&&')));
    logger.send(framed(seg('20240520210700102', '', '')));
    const answers = await logger.waitForAnswers(2);
    expect(answers.map((a) => [a.cn, a.qn])).toEqual([
      ['9014', '20240520210700101'],
      ['9014', '20240520210700102'],
    ]);
    const rows = await rawOf(MN);
    const byQn = (qn: string) => rows.find((r) => r.qn === qn);
    expect(byQn('20240520210700101')?.verdict).toMatch(/stored|duplicate/);
    expect(byQn('20240520210700101')?.reason).toContain('deviation rf-value');
    expect(byQn('20240520210700102')?.reason).toContain('deviation cp-unclosed');
    // A warning, not a rejection: logged once per logger and minute.
    expect(log.lines.join('\n')).toMatch(
      /MN HB2025000000000000000001: packet accepted with deviation rf-value/,
    );
    const stored = await platform.db.db
      .selectFrom('device_measurements')
      .select(['parameter', 'value', 'period'])
      .where('mn', '=', MN)
      .execute();
    expect(stored).toEqual([{ parameter: 'PM2.5', value: 31.5, period: 'minute' }]);
    logger.close();
  });
});
