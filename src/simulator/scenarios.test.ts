import { describe, expect, it } from 'vitest';
import { modelValue } from '../demo/air-model.ts';
import { demoLoggers } from './demo-loggers.ts';
import { LoggerModel } from './logger-model.ts';
import type { AirLoggerSpec, LoggerSpec, OutletLoggerSpec } from './logger-spec.ts';
import { planScenario, ScenarioError, type ScenarioName } from './scenarios.ts';
import { beijing, fieldValue, HOUR, must, wire } from './test-support.ts';

const loggers = demoLoggers();
const START = beijing(2025, 1, 15, 9, 20);
const WINDOW = beijing(2025, 1, 15, 10); // first full hour after START

function run(name: ScenarioName, options: { target?: string; version?: '2017' | '2025' } = {}) {
  const specs = options.version ? demoLoggers({ version: options.version }) : loggers;
  const plan = planScenario(name, specs, START, options.target ? { target: options.target } : {});
  const spec = specs.find((l) => l.mn === plan.mn) as LoggerSpec;
  const packets = new LoggerModel(spec, { scenario: plan }).packetsBetween(START, plan.end + 2 * HOUR);
  const plain = new LoggerModel(spec).packetsBetween(START, plan.end + 2 * HOUR);
  return { plan, spec, packets, plain };
}

describe('scenarios', () => {
  it('are planned from the first full hour after the start, on their usual demo site', () => {
    const plan = planScenario('station-spike', loggers, START);
    expect(plan).toMatchObject({ siteCode: 'QB-T01', start: WINDOW, end: WINDOW + 2 * HOUR });
    expect(planScenario('outlet-exceedance', loggers, START).siteCode).toBe('QB-E01');
    expect(() => planScenario('outlet-exceedance', loggers, START, { target: 'QB-T01' })).toThrow(
      ScenarioError,
    );
    expect(() => planScenario('offline', loggers, START, { target: 'QB-X99' })).toThrow(/no logger/);
    // Without the usual site the first logger of the right kind is used.
    expect(planScenario('station-spike', demoLoggers({ sites: ['QB-T04'] }), START).siteCode).toBe('QB-T04');
  });

  it('station-spike: PM2.5 and PM10 hourly values ×4 exactly inside the window, untouched outside', () => {
    const { plan, spec, packets } = run('station-spike');
    const air = spec as AirLoggerSpec;
    for (const p of packets.filter((x) => x.cn === '2061')) {
      const d = wire(p);
      const k = p.dataTime >= plan.start && p.dataTime < plan.end ? 4 : 1;
      expect(fieldValue(d, 'a34004', 'Avg')).toBe(
        k * modelValue('PM2.5', p.dataTime, air.siteSeed, air.siteFactor),
      );
      expect(fieldValue(d, 'a34002', 'Avg')).toBe(
        k * modelValue('PM10', p.dataTime, air.siteSeed, air.siteFactor),
      );
      expect(fieldValue(d, 'a21026', 'Avg')).toBe(
        modelValue('SO2', p.dataTime, air.siteSeed, air.siteFactor),
      );
    }
  });

  it('station-spike: real-time and minute values ×4 too', () => {
    const { plan, packets, plain } = run('station-spike');
    const inside = (cn: string) => (ps: typeof packets) =>
      ps
        .filter((p) => p.cn === cn && p.dataTime >= plan.start && p.dataTime < plan.end)
        .map((p) => fieldValue(wire(p), 'a34004', cn === '2011' ? 'Rtd' : 'Avg') as number);
    for (const cn of ['2011', '2051']) {
      const spiked = inside(cn)(packets);
      const base = inside(cn)(plain);
      expect(spiked.length).toBeGreaterThan(50);
      spiked.forEach((v, i) => {
        expect(v).toBeCloseTo(4 * (base[i] as number), 6);
      });
    }
  });

  it('outlet-exceedance: SO2 and NOx above the limit in the window, below it outside', () => {
    const { plan, spec, packets } = run('outlet-exceedance');
    const limits = (spec as OutletLoggerSpec).profile.limits;
    for (const p of packets.filter((x) => x.cn === '2061')) {
      const d = wire(p);
      const inWindow = p.dataTime >= plan.start && p.dataTime < plan.end;
      const so2 = fieldValue(d, 'a21026', 'ZsAvg') as number;
      const nox = fieldValue(d, 'a21002', 'ZsAvg') as number;
      if (inWindow) {
        expect(so2).toBeGreaterThan(limits.so2 * 1.5);
        expect(nox).toBeGreaterThan(limits.nox * 1.5);
      } else {
        expect(so2).toBeLessThan(limits.so2);
        expect(nox).toBeLessThan(limits.nox);
      }
    }
  });

  it('flatline: the analyser repeats exactly one value in every field for the whole window', () => {
    const { plan, packets } = run('flatline');
    expect(plan.siteCode).toBe('QB-T05');
    const values = new Set<number>();
    let n = 0;
    for (const p of packets.filter((x) => x.dataTime >= plan.start && x.dataTime < plan.end)) {
      const d = wire(p);
      for (const field of p.cn === '2011' ? ['Rtd'] : ['Avg', 'Min', 'Max']) {
        values.add(fieldValue(d, 'a05024', field) as number);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
    expect(values.size).toBe(1);
    // Other analysers keep moving; and outside the window O3 varies again.
    const after = packets
      .filter((x) => x.cn === '2011' && x.dataTime >= plan.end)
      .map((p) => fieldValue(wire(p), 'a05024', 'Rtd'));
    expect(new Set(after).size).toBeGreaterThan(10);
  });

  it('offline: nothing is sent for the window; the missed hours are never sent', () => {
    const { plan, packets } = run('offline');
    const dueInside = packets.filter((p) => p.due > plan.start && p.due <= plan.end);
    expect(dueInside).toEqual([]);
    const hours = packets.filter((p) => p.cn === '2061').map((p) => p.dataTime);
    for (let h = plan.start; h < plan.end; h += HOUR) expect(hours).not.toContain(h);
    expect(hours).toContain(plan.start - HOUR);
    expect(hours).toContain(plan.end);
    expect(packets.some((p) => p.resend)).toBe(false);
  });

  it('backfill: silent for the window, then the missed hours are re-sent as 2061 with their historical DataTime', () => {
    const { plan, packets, plain } = run('backfill');
    expect(packets.filter((p) => p.due > plan.start && p.due < plan.end)).toEqual([]);
    const resent = packets.filter((p) => p.resend);
    expect(new Set(packets.map((p) => p.packet.qn)).size).toBe(packets.length);
    expect(resent.map((p) => p.dataTime)).toEqual([plan.start, plan.start + HOUR, plan.start + 2 * HOUR]);
    for (const p of resent) {
      expect(p.cn).toBe('2061');
      expect(p.due).toBe(plan.end);
      // Same content as the hour would have had (the logger kept measuring), a new QN, no RF marker in 2017.
      const original = must(plain.find((x) => x.cn === '2061' && x.dataTime === p.dataTime));
      expect(wire(p).cp).toEqual(wire(original).cp);
      expect(p.packet.qn?.slice(0, 14)).toBe('20250115130000'); // QN = when it is sent, DataTime = the hour
      expect(wire(p).resend).toBeUndefined();
    }
  });

  it('backfill from an HJ 212-2025 logger carries RF=1 and Flag=9 [M]', () => {
    const { packets } = run('backfill', { version: '2025' });
    const resent = packets.filter((p) => p.resend).map(wire);
    expect(resent.length).toBe(3);
    for (const d of resent) expect(d).toMatchObject({ resend: true, version: '2025', flag: { value: 9 } });
    expect(
      packets
        .filter((p) => !p.resend)
        .map(wire)
        .every((d) => d.resend === undefined),
    ).toBe(true);
  });
});
