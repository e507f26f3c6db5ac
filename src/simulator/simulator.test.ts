import { afterEach, describe, expect, it } from 'vitest';
import { dataTimeToEpochMs, decodePacket } from '../protocol/hj212/index.ts';
import { memoryLogger } from '../services/logger.ts';
import { demoLoggers } from './demo-loggers.ts';
import { LoggerModel } from './logger-model.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator.ts';
import { type ReceivedPacket, startTestReceiver, type TestReceiver } from './test-receiver.ts';
import { beijing, dataTimeMs, dataTimeText, HOUR, MINUTE, must } from './test-support.ts';

const START = beijing(2025, 3, 10, 8);
const twoStations = demoLoggers({ sites: ['QB-T02', 'QB-E03'], minuteData: false });

let receiver: TestReceiver | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

function simulate(r: TestReceiver, options: Partial<SimulatorOptions> = {}): Simulator {
  sim = startSimulator({
    to: { host: '127.0.0.1', port: r.port },
    loggers: twoStations,
    start: START,
    speed: 36_000, // ten simulated hours per real second
    tickMs: 10,
    ackTimeoutMs: 1_000, // generous: answers can lag on a loaded test run; the re-send tests shorten it
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    log: memoryLogger(),
    ...options,
  });
  return sim;
}

const firsts = (ps: readonly ReceivedPacket[]) => ps.filter((p) => p.repeat === 0);

describe('simulator over real TCP', () => {
  it('sends every planned packet, well-formed with a CRC that verifies, and each is answered', async () => {
    receiver = await startTestReceiver();
    const s = simulate(receiver, { until: START + HOUR });
    await s.finished;
    const expected = twoStations.flatMap((spec) => new LoggerModel(spec).packetsBetween(START, START + HOUR));
    expect(receiver.rejected).toEqual([]);
    expect(firsts(receiver.packets)).toHaveLength(expected.length);
    expect(new Set(receiver.packets.map((p) => `${p.packet.mn}/${p.packet.qn}`))).toEqual(
      new Set(expected.map((p) => `${p.mn}/${p.packet.qn}`)),
    );
    for (const p of receiver.packets) {
      const strict = decodePacket(p.bytes, { crc: 'strict' });
      expect(strict.ok && strict.crc.status).toBe('ok');
    }
    expect(s.stats()).toMatchObject({
      sent: expected.length,
      acked: expected.length,
      retransmitted: 0,
      failed: 0,
      pending: 0,
    });
    expect(s.stats().byCn).toEqual({ '2011': 240, '2061': 2 });
  });

  it('re-sends a packet whose answer does not come within the timeout, with the same QN', async () => {
    const withheld = new Set<string>();
    receiver = await startTestReceiver({
      // Hold the answer to the first transmission of the first three packets.
      answer: (p) => {
        if (p.repeat > 0 || withheld.size >= 3 || withheld.has(p.packet.qn as string)) return true;
        withheld.add(p.packet.qn as string);
        return false;
      },
    });
    const s = simulate(receiver, {
      until: START + 10 * MINUTE,
      loggers: twoStations.slice(0, 1),
      ackTimeoutMs: 250,
    });
    await s.finished;
    const repeats = new Set(receiver.packets.filter((p) => p.repeat > 0).map((p) => p.packet.qn));
    expect(withheld.size).toBe(3);
    for (const qn of withheld) expect(repeats.has(qn)).toBe(true);
    const stats = s.stats();
    expect(stats.retransmitted).toBeGreaterThanOrEqual(3);
    expect(stats).toMatchObject({ failed: 0, pending: 0 });
    expect(stats.acked).toBe(stats.sent);
  });

  it('gives up after the bounded number of re-sends (表1: 3) when no answer ever comes', async () => {
    receiver = await startTestReceiver({ answer: (p) => p.packet.cn !== '2061' });
    const log = memoryLogger();
    const s = simulate(receiver, {
      until: START + HOUR,
      loggers: twoStations.slice(0, 1),
      maxRetries: 3,
      log,
      ackTimeoutMs: 150,
    });
    await s.finished;
    const hourly = receiver.packets.filter((p) => p.packet.cn === '2061');
    expect(hourly).toHaveLength(4); // one send + three re-sends
    expect(s.stats()).toMatchObject({ failed: 1, pending: 0 });
    expect(log.lines.some((l) => l.includes('giving up'))).toBe(true);
  });

  it('connects once the receiver comes up, and reconnects after it restarts without losing data', async () => {
    receiver = await startTestReceiver();
    const port = receiver.port;
    await receiver.close();
    // Started while the receiver is down: the loggers retry with backoff.
    const s = simulate(receiver, { speed: 600, loggers: twoStations.slice(0, 1) });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(s.stats().connected).toBe(0);
    await receiver.restart();
    expect(receiver.port).toBe(port);
    await receiver.waitFor((ps) => ps.length >= 5);
    await receiver.close(); // a crash: connections dropped, unanswered packets stay with the logger
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = receiver.connections;
    await receiver.restart();
    const restarted = receiver;
    await restarted.waitFor(() => restarted.connections > before);
    const target = s.simNow() + 5 * 30_000;
    await receiver.waitFor((ps) =>
      ps.some((p) => (dataTimeToEpochMs(p.packet.cp.dataTime?.text ?? '') ?? 0) > target),
    );
    await s.stop({ drainMs: 500 });
    expect(s.stats().reconnects).toBeGreaterThanOrEqual(1);
    // No gap: every 30-s sample from the first to the last arrived.
    const times = [
      ...new Set(receiver.packets.filter((p) => p.packet.cn === '2011').map((p) => dataTimeMs(p.packet))),
    ].sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBe(30_000);
  });

  it('offline: the logger drops its connection and sends nothing for the window, then comes back', async () => {
    receiver = await startTestReceiver();
    const loggers = demoLoggers({ sites: ['QB-T08'], minuteData: false });
    const s = simulate(receiver, { loggers, scenario: 'offline', until: START + 5 * HOUR, speed: 20_000 });
    await s.finished;
    const plan = must(s.scenario);
    expect(plan).toMatchObject({ siteCode: 'QB-T08', start: START + HOUR, end: START + 3 * HOUR });
    const times = receiver.packets.map((p) => dataTimeMs(p.packet));
    expect(times.filter((t) => t > plan.start && t < plan.end)).toEqual([]);
    expect(times.some((t) => t > plan.end)).toBe(true);
    const hours = receiver.packets.filter((p) => p.packet.cn === '2061').map((p) => dataTimeText(p.packet));
    expect(hours.sort()).toEqual(['20250310080000', '20250310110000', '20250310120000']); // 09:00, 10:00 lost
    expect(receiver.connections).toBeGreaterThanOrEqual(2); // it went away and came back
  });

  it('backfill: after the outage the missed hours arrive with their historical DataTime', async () => {
    receiver = await startTestReceiver();
    const loggers = demoLoggers({ sites: ['QB-T09'], minuteData: false });
    const s = simulate(receiver, { loggers, scenario: 'backfill', until: START + 5 * HOUR, speed: 20_000 });
    await s.finished;
    const plan = must(s.scenario);
    const hourly = firsts(receiver.packets)
      .filter((p) => p.packet.cn === '2061')
      .map((p) => dataTimeText(p.packet));
    // Every hour from 08:00 to 12:00 arrives once — the three of the outage late, as 补传.
    expect([...hourly].sort()).toEqual([
      '20250310080000',
      '20250310090000',
      '20250310100000',
      '20250310110000',
      '20250310120000',
    ]);
    const realtime = receiver.packets.filter((p) => p.packet.cn === '2011').map((p) => dataTimeMs(p.packet));
    expect(realtime.filter((t) => t > plan.start && t <= plan.end)).toEqual([]);
  });

  it('re-sends missed hours at start-up when told where the platform stopped (补传)', async () => {
    receiver = await startTestReceiver();
    const [station] = twoStations;
    const s = simulate(receiver, {
      loggers: twoStations.slice(0, 1),
      until: START + HOUR,
      backfillFrom: new Map([[must(station).mn, START - 3 * HOUR]]),
    });
    await s.finished;
    const hourly = receiver.packets.filter((p) => p.packet.cn === '2061').map((p) => dataTimeText(p.packet));
    expect(hourly).toEqual(['20250310050000', '20250310060000', '20250310070000', '20250310080000']);
    expect(s.stats()).toMatchObject({ failed: 0, pending: 0 });
  });

  it('is deterministic: two runs deliver identical packets', async () => {
    const run = async () => {
      receiver = await startTestReceiver();
      const s = simulate(receiver, {
        until: START + 30 * MINUTE,
        scenario: 'flatline',
        scenarioOptions: { target: 'QB-T02', start: START },
      });
      await s.finished;
      await s.stop();
      await receiver.close();
      return firsts(receiver.packets)
        .map((p) => p.bytes.toString())
        .sort();
    };
    const a = await run();
    const b = await run();
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });
});
