import { describe, expect, it } from 'vitest';
import { modelMissing, modelValue } from '../demo/air-model.ts';
import { encodePacket } from '../protocol/hj212/index.ts';
import { demoLoggers } from './demo-loggers.ts';
import { LoggerModel } from './logger-model.ts';
import type { AirLoggerSpec, OutletLoggerSpec } from './logger-spec.ts';
import { beijing, dataTimeMs, fieldValue, flagOf, HOUR, MINUTE, must, wire } from './test-support.ts';

const [station] = demoLoggers({ sites: ['QB-T03'] }) as [AirLoggerSpec];
const [kiln, sandPlant] = demoLoggers({ sites: ['QB-E01', 'QB-E02'] }) as [
  OutletLoggerSpec,
  OutletLoggerSpec,
];
const T0 = beijing(2025, 1, 15, 10);

describe('logger model: what a logger sends and when', () => {
  it('sends 2011 every 30 s, 2051 at each minute end and 2061 at each hour end, with DataTime per 表4', () => {
    const packets = new LoggerModel(station).packetsBetween(T0, T0 + HOUR);
    const byCn = (cn: string) => packets.filter((p) => p.cn === cn);
    expect(byCn('2011')).toHaveLength(120);
    expect(byCn('2051')).toHaveLength(60);
    expect(byCn('2061')).toHaveLength(1);
    // 2011: the sampling instant; 2051/2061: the START of the interval (hj212.md §1.6).
    expect(dataTimeMs(wire(must(byCn('2011')[0])))).toBe(T0 + 30_000);
    expect(dataTimeMs(wire(must(byCn('2051')[0])))).toBe(T0);
    const hourly = must(byCn('2061')[0]);
    expect(hourly.due).toBe(T0 + HOUR);
    expect(dataTimeMs(wire(hourly))).toBe(T0);
    // QNs are unique per logger even when several packets fall due at one instant.
    expect(new Set(packets.map((p) => p.packet.qn)).size).toBe(packets.length);
  });

  it('writes well-formed 2017 packets: ST=22, Flag=5 (answer requested), PW and MN, CRC per 附录A', () => {
    const [p] = new LoggerModel(station).packetsBetween(T0, T0 + 30_000);
    const decoded = wire(must(p));
    expect(decoded).toMatchObject({ st: '22', cn: '2011', pw: station.pw, mn: station.mn, version: '2017' });
    expect(decoded.flag).toMatchObject({ value: 5, ackRequired: true });
    expect(decoded.mn).toMatch(/^[0-9A-F]{24}$/);
    const text = encodePacket(must(p).packet).toString();
    expect(text).toMatch(/^##\d{4}QN=\d{17};ST=22;CN=2011;.*&&[0-9A-F]{4}\r\n$/);
  });

  it("sends the demo air model's value as the hourly Avg, so HJ 212 hours equal the seeded history", () => {
    const model = new LoggerModel(station);
    const day = model.packetsBetween(T0, T0 + 24 * HOUR).filter((p) => p.cn === '2061');
    expect(day).toHaveLength(24);
    let flagged = 0;
    for (const p of day) {
      const decoded = wire(p);
      for (const f of station.factors) {
        expect(fieldValue(decoded, f.code, 'Avg')).toBe(
          modelValue(f.pollutant, p.dataTime, station.siteSeed, station.siteFactor),
        );
        const min = fieldValue(decoded, f.code, 'Min') as number;
        const max = fieldValue(decoded, f.code, 'Max') as number;
        expect(min).toBeLessThanOrEqual(fieldValue(decoded, f.code, 'Avg') as number);
        expect(max).toBeGreaterThanOrEqual(fieldValue(decoded, f.code, 'Avg') as number);
        // Hours the history leaves out (modelMissing) arrive flagged D/C/M instead of N.
        const missing = modelMissing(p.dataTime, station.siteSeed, f.pollutant);
        expect(flagOf(decoded, f.code)).toSatisfy((flag: string) =>
          missing ? ['D', 'C', 'M'].includes(flag) : flag === 'N',
        );
        if (missing) flagged++;
      }
    }
    expect(flagged).toBeLessThan(10);
  });

  it('keeps minute values close to the hourly value and real-time values close to the minute', () => {
    const model = new LoggerModel(station);
    const packets = model.packetsBetween(T0, T0 + HOUR).map((p) => ({ p, d: wire(p) }));
    const minutes = packets
      .filter((x) => x.p.cn === '2051')
      .map((x) => fieldValue(x.d, 'a34004', 'Avg') as number);
    const avg = modelValue('PM2.5', T0, station.siteSeed, station.siteFactor);
    const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
    expect(Math.abs(mean - avg)).toBeLessThan(Math.max(1, avg * 0.05));
    for (const m of minutes) expect(Math.abs(m - avg) / avg).toBeLessThan(0.6);
    const realtime = packets
      .filter((x) => x.p.cn === '2011')
      .map((x) => fieldValue(x.d, 'a34004', 'Rtd') as number);
    // Samples at T0+30 s … T0+59.5 min (the one at T0+60 min belongs to the next hour): sample i is in minute ⌊(i+1)/2⌋.
    realtime.slice(0, 119).forEach((r, i) => {
      const minute = minutes[Math.floor((i + 1) / 2)] as number;
      expect(Math.abs(r - minute) / minute).toBeLessThan(0.1);
    });
  });

  it('gives outlets realistic stack values: O2 around 9–13 %, flow and temperature, Zs 折算 and Cou', () => {
    const packets = new LoggerModel(kiln).packetsBetween(T0, T0 + 6 * HOUR).filter((p) => p.cn === '2061');
    for (const p of packets) {
      const d = wire(p);
      expect(d.st).toBe('31');
      const o2 = fieldValue(d, 'a19001', 'Avg') as number;
      expect(o2).toBeGreaterThan(8.5);
      expect(o2).toBeLessThan(13);
      const so2 = fieldValue(d, 'a21026', 'Avg') as number;
      const zs = fieldValue(d, 'a21026', 'ZsAvg') as number;
      expect(zs / so2).toBeCloseTo((21 - kiln.profile.refO2) / (21 - o2), 1);
      const flow = fieldValue(d, 'a00000', 'Avg') as number;
      expect(flow).toBeGreaterThan(kiln.profile.flow * 0.6);
      // Cou of flow ≈ flow × 3600 s; of SO2 ≈ mg/m³ × m³ / 1e6 kg.
      expect((fieldValue(d, 'a00000', 'Cou') as number) / (flow * 3600)).toBeCloseTo(1, 1);
      expect(fieldValue(d, 'a21026', 'Cou') as number).toBeCloseTo((so2 * flow * 3600) / 1e6, 1);
      expect(so2).toBeLessThan(kiln.profile.limits.so2);
    }
  });

  it('flags a daytime plant F (停运) at night and N while it runs', () => {
    const night = new LoggerModel(sandPlant).packetsBetween(beijing(2025, 1, 15, 2), beijing(2025, 1, 15, 3));
    const day = new LoggerModel(sandPlant).packetsBetween(beijing(2025, 1, 15, 13), beijing(2025, 1, 15, 14));
    const hourlyFlag = (ps: typeof night) => flagOf(wire(must(ps.find((p) => p.cn === '2061'))), 'a21026');
    expect(hourlyFlag(night)).toBe('F');
    expect(hourlyFlag(day)).toBe('N');
  });

  it('runs a daily zero/span check on the gas analysers: minutes flagged C, the hour still N (≥ 75 % valid)', () => {
    const model = new LoggerModel(kiln);
    const calHour = [...Array(24).keys()].find((h) => {
      const ps = model.packetsBetween(beijing(2025, 1, 16, h), beijing(2025, 1, 16, h) + 15 * MINUTE);
      return ps.some((p) => p.cn === '2051' && flagOf(wire(p), 'a21026') === 'C');
    });
    expect(calHour).toBeDefined();
    const start = beijing(2025, 1, 16, calHour as number);
    const hourly = must(model.packetsBetween(start + HOUR - 1, start + HOUR).find((p) => p.cn === '2061'));
    expect(flagOf(wire(hourly), 'a21026')).toBe('N');
  });

  it('is deterministic: the same spec, seed and time give the same bytes whatever the step size', () => {
    const bytes = (ps: ReturnType<LoggerModel['packetsBetween']>) =>
      ps.map((p) => encodePacket(p.packet).toString());
    const once = bytes(new LoggerModel(kiln, { seed: 7 }).packetsBetween(T0, T0 + 2 * HOUR));
    const stepped: string[] = [];
    const model = new LoggerModel(kiln, { seed: 7 });
    for (let t = T0; t < T0 + 2 * HOUR; t += 7 * MINUTE + 13_000) {
      stepped.push(...bytes(model.packetsBetween(t, Math.min(t + 7 * MINUTE + 13_000, T0 + 2 * HOUR))));
    }
    expect(stepped).toEqual(once);
    expect(bytes(new LoggerModel(kiln, { seed: 8 }).packetsBetween(T0, T0 + HOUR))).not.toEqual(
      once.slice(0, 181),
    );
  });

  it("the seed varies noise but never an air station's hourly values", () => {
    const hourly = (seed: number) =>
      new LoggerModel(station, { seed })
        .packetsBetween(T0, T0 + 3 * HOUR)
        .filter((p) => p.cn === '2061')
        .map((p) => fieldValue(wire(p), 'a34004', 'Avg'));
    const realtime = (seed: number) =>
      new LoggerModel(station, { seed })
        .packetsBetween(T0, T0 + 10 * MINUTE)
        .filter((p) => p.cn === '2011')
        .map((p) => fieldValue(wire(p), 'a34004', 'Rtd'));
    expect(hourly(1)).toEqual(hourly(2));
    expect(realtime(1)).not.toEqual(realtime(2));
  });
});
