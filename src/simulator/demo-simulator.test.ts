import { afterEach, describe, expect, it } from 'vitest';
import type { Pollutant } from '#rules/air/types.ts';
import { listDevices } from '#store/devices.repository.ts';
import { findSiteByCode } from '#store/sites.repository.ts';
import { modelValue } from '../demo/air-model.ts';
import { DEMO_DEVICES, registerDemoDevices } from '../demo/demo-devices.ts';
import { demoSiteByCode } from '../demo/demo-sites.ts';
import { useMemoryDb } from '../demo/demo-test-support.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { startHj212Receiver } from '../receiver/tcp-server.ts';
import { memoryLogger } from '../services/logger.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { demoLoggers } from './demo-loggers.ts';
import { startDemoSimulator } from './demo-simulator.ts';
import { type Simulator, startSimulator } from './simulator.ts';
import { type ReceivedPacket, startTestReceiver, type TestReceiver } from './test-receiver.ts';
import { beijing, dataTimeText, HOUR, must } from './test-support.ts';

describe('the demo over HJ 212', () => {
  const current = useMemoryDb();
  let sim: Simulator | undefined;
  let receiver: TestReceiver | undefined;
  afterEach(async () => {
    await sim?.stop();
    await receiver?.close();
    sim = undefined;
    receiver = undefined;
  });

  it('startDemoSimulator registers the sample devices and plays every one of them', async () => {
    const { db } = current();
    receiver = await startTestReceiver();
    // A clock that runs 600× fast, so the first 2011 packets (every 30 s) come within a fraction of a second.
    const t0 = Date.now();
    sim = await startDemoSimulator({
      host: '127.0.0.1',
      port: receiver.port,
      db,
      log: memoryLogger(),
      now: () => t0 + (Date.now() - t0) * 600,
    });
    expect(await listDevices(db, EVERY_SITE)).toHaveLength(DEMO_DEVICES.length);
    await receiver.waitFor((ps) => new Set(ps.map((p) => p.packet.mn)).size === DEMO_DEVICES.length);
    expect(sim.stats()).toMatchObject({ loggers: 15, connected: 15, failed: 0 });
    expect(receiver.rejected).toEqual([]);
  });

  it('re-sends (补传) the hours the store lacks since its last stored hour, for each sample station', async () => {
    const { db } = current();
    const t0 = beijing(2025, 5, 6, 14, 25);
    await seedDemo(db, { now: t0 - 3 * HOUR, days: 1 }); // history up to 10:00–11:00
    receiver = await startTestReceiver();
    const r0 = Date.now();
    sim = await startDemoSimulator({
      host: '127.0.0.1',
      port: receiver.port,
      db,
      log: memoryLogger(),
      now: () => t0 + (Date.now() - r0),
      minuteData: false,
    });
    const resentTo = (mn: string) => (ps: readonly ReceivedPacket[]) =>
      ps.filter((p) => p.packet.mn === mn && p.packet.cn === '2061').map((p) => dataTimeText(p.packet));
    const t01 = must(DEMO_DEVICES.find((d) => d.siteCode === 'QB-T01')).mn;
    await receiver.waitFor((ps) => resentTo(t01)(ps).length === 3);
    // 11:00, 12:00 and 13:00 ended while "the platform was down"; 14:00 has not ended yet.
    expect(resentTo(t01)(receiver.packets)).toEqual(['20250506110000', '20250506120000', '20250506130000']);
    await receiver.waitFor((ps) => ps.filter((p) => p.packet.cn === '2061').length === 12 * 3);
    const kiln = must(DEMO_DEVICES.find((d) => d.siteCode === 'QB-E01')).mn;
    expect(resentTo(kiln)(receiver.packets)).toEqual([]); // no stored history: nothing to fill
  });

  it("end to end with the platform's receiver: stored hourly values equal the demo air model", async () => {
    const db = current();
    const log = memoryLogger('warn');
    await registerDemoDevices(db.db);
    const start = beijing(2025, 4, 2, 6);
    // The receiver's clock at the end of the simulated hours: their DataTimes are plausible (issue 11).
    const tcp = await startHj212Receiver({
      db,
      log,
      host: '127.0.0.1',
      port: 0,
      now: () => start + 3 * HOUR,
    });
    try {
      sim = startSimulator({
        to: { host: '127.0.0.1', port: tcp.port },
        loggers: demoLoggers({ sites: ['QB-T06', 'QB-E01'], minuteData: false }),
        start,
        until: start + 3 * HOUR,
        speed: 36_000,
        tickMs: 10,
        ackTimeoutMs: 2_000,
        log,
      });
      await sim.finished;
      expect(sim.stats()).toMatchObject({ failed: 0, pending: 0 });
      expect(sim.stats().acked).toBe(sim.stats().sent);
    } finally {
      await sim?.stop();
      sim = undefined;
      await tcp.close();
    }
    const site = await findSiteByCode(db.db, EVERY_SITE, 'QB-T06');
    const demo = demoSiteByCode('QB-T06');
    const rows = await db.db
      .selectFrom('measurements')
      .select(['parameter', 'time', 'value', 'flag'])
      .where('site_id', '=', site?.id as number)
      .where('period', '=', 'hour')
      .orderBy('time')
      .execute();
    expect(rows.length).toBe(3 * 6);
    for (const r of rows) {
      expect(r.value).toBe(
        modelValue(r.parameter as Pollutant, Number(r.time), demo?.seed as number, demo?.factor),
      );
    }
  });
});
