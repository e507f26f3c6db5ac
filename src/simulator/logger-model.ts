/**
 * What one virtual logger sends and when, as a pure function of simulated time: 2011 real-time data every
 * `rtdIntervalS` (Rtd + Flag), 2051 minute data at each minute's end and 2061 hourly data at each hour's end
 * (Avg/Min/Max + Flag; flue gas adds Zs* 折算 values and Cou), DataTime = the sampling instant for 2011 and the
 * START of the interval for 2051/2061 (HJ 212-2017 表4, hj212.md §1.6). The scenario, if any, changes values or
 * silences the logger inside its window. Same spec, seed and time → same packets, byte for byte.
 */
import { buildFlag, formatDataTime, formatQn, type PacketInput } from '../protocol/hj212/index.ts';
import { airHour } from './air-values.ts';
import type { FactorHour, HourProfile } from './hour-profile.ts';
import { type LoggerSpec, systemCodeOf } from './logger-spec.ts';
import { hashSigned, roundTo, stringSeed } from './noise.ts';
import { outletHour } from './outlet-values.ts';
import { inWindow, isSilenced, type ScenarioPlan } from './scenarios.ts';
import { floorTo, HOUR, MINUTE, nextMultiple, SECOND } from './time.ts';

/** Data commands the loggers send (HJ 212-2017 表9). */
export type DataCn = '2011' | '2051' | '2061';

export interface PlannedPacket {
  readonly mn: string;
  readonly cn: DataCn;
  /** Simulated time at which the logger sends it. */
  readonly due: number;
  /** DataTime of its CP (epoch ms). */
  readonly dataTime: number;
  /** Re-sent after an outage (补传). */
  readonly resend: boolean;
  readonly packet: PacketInput;
}

export interface LoggerModelOptions {
  /** Varies noise and faults; the air stations' hourly values never depend on it. Default 0. */
  readonly seed?: number;
  readonly scenario?: ScenarioPlan;
  /** Flag bit A: ask the platform for a 9014 answer. Default true. */
  readonly ackRequired?: boolean;
}

interface FieldValues {
  avg: number;
  min: number;
  max: number;
}

const CACHE_HOURS = 8;

/** O2 above this means the stack carries ambient air (plant stopped): no 折算 value is sent. */
const ZS_MAX_O2 = 19;

export class LoggerModel {
  readonly spec: LoggerSpec;
  private readonly seed: number;
  private readonly scenario: ScenarioPlan | undefined;
  private readonly flag: number;
  private readonly hours = new Map<number, HourProfile>();

  constructor(spec: LoggerSpec, options: LoggerModelOptions = {}) {
    this.spec = spec;
    this.seed = options.seed ?? 0;
    this.scenario = options.scenario;
    this.flag = buildFlag({ version: spec.version, ackRequired: options.ackRequired ?? true });
  }

  /** Base values of the hour starting at `hourStart` (before the scenario). */
  hour(hourStart: number): HourProfile {
    let h = this.hours.get(hourStart);
    if (h === undefined) {
      h =
        this.spec.kind === 'air'
          ? airHour(this.spec, hourStart, this.seed)
          : outletHour(this.spec, hourStart, this.seed);
      this.hours.set(hourStart, h);
      if (this.hours.size > CACHE_HOURS) this.hours.delete(this.hours.keys().next().value as number);
    }
    return h;
  }

  /** The scenario's effect on one value of factor `code` at time `t`. */
  private effect(code: string, t: number, value: number): number {
    const plan = this.scenario;
    if (!inWindow(plan, this.spec.mn, t)) return value;
    const e = plan.effect;
    if (e.kind === 'scale') return value * (e.factors[code] ?? 1);
    if (e.kind === 'freeze' && e.factors.includes(code)) {
      // The value shown at the window's start, at the hourly precision so every field repeats it exactly.
      const start = this.hour(floorTo(plan.start, HOUR)).factors.find((f) => f.code === code);
      const shown = start?.minutes[Math.floor((plan.start % HOUR) / MINUTE)];
      return start === undefined || shown === undefined ? value : roundTo(shown, start.hourDecimals);
    }
    return value;
  }

  private realtime(f: FactorHour, hourStart: number, t: number): number {
    const i = Math.floor((t - hourStart) / MINUTE);
    const base =
      (f.minutes[i] as number) *
      (1 + f.jitter * hashSigned(Math.floor(t / SECOND), this.seed, stringSeed(f.code)));
    return roundTo(this.effect(f.code, t, roundTo(Math.max(0, base), f.decimals)), f.decimals);
  }

  private minute(f: FactorHour, hourStart: number, i: number): FieldValues {
    const t = hourStart + i * MINUTE;
    const avg = f.minutes[i] as number;
    const spread = (k: number) =>
      Math.abs(hashSigned(Math.floor(t / MINUTE), this.seed, stringSeed(f.code), k));
    const at = (v: number) => roundTo(this.effect(f.code, t, roundTo(v, f.decimals)), f.decimals);
    return {
      avg: at(avg),
      min: at(avg * (1 - f.jitter * spread(1))),
      max: at(avg * (1 + f.jitter * spread(2))),
    };
  }

  private zsRatio(profile: HourProfile, o2: number | undefined): number | undefined {
    if (profile.refO2 === undefined || o2 === undefined || o2 >= ZS_MAX_O2) return undefined;
    return (21 - profile.refO2) / (21 - o2);
  }

  private realtimePacket(t: number): PacketInput['cp'] {
    const h = this.hour(floorTo(t, HOUR));
    const values = new Map(h.factors.map((f) => [f.code, this.realtime(f, h.hourStart, t)]));
    const ratio = this.zsRatio(h, h.o2Code === undefined ? undefined : values.get(h.o2Code));
    const i = Math.floor((t - h.hourStart) / MINUTE);
    return {
      dataTime: formatDataTime(t),
      factors: h.factors.map((f) => {
        const v = values.get(f.code) as number;
        const fields = [{ name: 'Rtd', text: v.toFixed(f.decimals) }];
        if (f.zs && ratio !== undefined)
          fields.push({ name: 'ZsRtd', text: (v * ratio).toFixed(f.decimals) });
        fields.push({ name: 'Flag', text: f.flags[i] as string });
        return { code: f.code, fields };
      }),
    };
  }

  private minutePacket(minuteStart: number): PacketInput['cp'] {
    const h = this.hour(floorTo(minuteStart, HOUR));
    const i = Math.floor((minuteStart - h.hourStart) / MINUTE);
    const values = new Map(h.factors.map((f) => [f.code, this.minute(f, h.hourStart, i)]));
    const ratio = this.zsRatio(h, h.o2Code === undefined ? undefined : values.get(h.o2Code)?.avg);
    const flow = h.flowCode === undefined ? undefined : values.get(h.flowCode)?.avg;
    return {
      dataTime: formatDataTime(minuteStart),
      factors: h.factors.map((f) => {
        const v = values.get(f.code) as FieldValues;
        const cou = f.cou === undefined || flow === undefined ? undefined : couOf(f.cou, v.avg, flow, MINUTE);
        return { code: f.code, fields: aggregateFields(f, v, f.decimals, ratio, cou, f.flags[i] as string) };
      }),
    };
  }

  private hourPacket(hourStart: number): PacketInput['cp'] {
    const h = this.hour(hourStart);
    const perMinute = h.factors.map((f) =>
      Array.from({ length: 60 }, (_, i) => this.minute(f, hourStart, i)),
    );
    const column = (code: string | undefined) => {
      const k = h.factors.findIndex((f) => f.code === code);
      return k < 0 ? undefined : (perMinute[k] as FieldValues[]);
    };
    const o2 = column(h.o2Code);
    const flow = column(h.flowCode);
    return {
      dataTime: formatDataTime(hourStart),
      factors: h.factors.map((f, k) => {
        const minutes = perMinute[k] as FieldValues[];
        let valid = minutes.filter((_, i) => f.flags[i] === 'N');
        if (valid.length === 0) valid = minutes;
        const mean = valid.reduce((a, v) => a + v.avg, 0) / valid.length;
        const avg = roundTo(
          f.hourAvg === undefined ? mean : this.effect(f.code, hourStart, f.hourAvg),
          f.hourDecimals,
        );
        const v = {
          avg,
          min: Math.min(avg, ...valid.map((m) => m.min)),
          max: Math.max(avg, ...valid.map((m) => m.max)),
        };
        let ratio: number | undefined;
        if (f.zs && o2 !== undefined) {
          const o2Mean = valid.reduce((a, _, i) => a + (o2[i]?.avg ?? 0), 0) / valid.length;
          ratio = this.zsRatio(h, o2Mean);
        }
        let cou: number | undefined;
        if (f.cou !== undefined && flow !== undefined) {
          cou = minutes.reduce(
            (a, m, i) => a + couOf(f.cou as 'pollutant' | 'flow', m.avg, flow[i]?.avg ?? 0, MINUTE),
            0,
          );
        }
        return { code: f.code, fields: aggregateFields(f, v, f.hourDecimals, ratio, cou, f.hourFlag) };
      }),
    };
  }

  /** The packet of one data command with the given DataTime. */
  build(cn: DataCn, dataTime: number, qn: string, resend = false): PacketInput {
    const cp =
      cn === '2011'
        ? this.realtimePacket(dataTime)
        : cn === '2051'
          ? this.minutePacket(dataTime)
          : this.hourPacket(dataTime);
    return {
      qn,
      st: systemCodeOf(this.spec),
      cn,
      pw: this.spec.pw,
      mn: this.spec.mn,
      flag: this.flag,
      // RF=1 marks re-sent data in HJ 212-2025 [M]; HJ 212-2017 has no marker (same CN, historical DataTime).
      ...(resend && this.spec.version === '2025' ? { resend: true } : {}),
      ...(cp === undefined ? {} : { cp }),
    };
  }

  /**
   * 补传: the 2061 packets of the given hours (starts), re-sent at `sendAt` with their historical DataTime. QNs are
   * `sendAt`'s second + 500 ms + k, clear of the QNs of regular packets (whole seconds + a few ms).
   */
  resendHours(hours: readonly number[], sendAt: number): PlannedPacket[] {
    const qnBase = Math.floor(sendAt / SECOND) * SECOND + 500;
    return hours.slice(0, 499).map((h, k) => ({
      mn: this.spec.mn,
      cn: '2061' as const,
      due: sendAt,
      dataTime: h,
      resend: true,
      packet: this.build('2061', h, formatQn(qnBase + k), true),
    }));
  }

  /** Every packet due in the simulated interval (from, to], in sending order, with its QN. */
  packetsBetween(from: number, to: number): PlannedPacket[] {
    const events: { due: number; order: number; cn: DataCn; dataTime: number }[] = [];
    const every = (step: number, cn: DataCn, order: number, lag: number) => {
      for (let t = nextMultiple(from, step); t <= to; t += step) {
        if (!isSilenced(this.scenario, this.spec.mn, t))
          events.push({ due: t, order, cn, dataTime: t - lag });
      }
    };
    every(this.spec.rtdIntervalS * SECOND, '2011', 0, 0);
    if (this.spec.minuteData) every(MINUTE, '2051', 1, MINUTE);
    every(HOUR, '2061', 2, HOUR);
    events.sort((a, b) => a.due - b.due || a.order - b.order);
    const out: PlannedPacket[] = [];
    let lastDue = Number.NaN;
    let k = 0;
    for (const e of events) {
      k = e.due === lastDue ? k + 1 : 0;
      lastDue = e.due;
      // Several packets due at one instant get consecutive QNs (QN is per-millisecond, 表3).
      const packet = this.build(e.cn, e.dataTime, formatQn(e.due + k));
      out.push({ mn: this.spec.mn, cn: e.cn, due: e.due, dataTime: e.dataTime, resend: false, packet });
    }
    // Back from a link outage (the backfill scenario): the window's hours, after the regular packets due then.
    const plan = this.scenario;
    if (plan?.mn === this.spec.mn && plan.effect.kind === 'silence' && plan.effect.backfill) {
      if (plan.end > from && plan.end <= to) {
        const hours: number[] = [];
        for (let h = plan.start; h < plan.end; h += HOUR) hours.push(h);
        out.push(...this.resendHours(hours, plan.end));
      }
    }
    return out;
  }
}

/** Emission amount over `ms`: kg for a pollutant (mg/m³ × m³/s), m³ for the flow itself. */
function couOf(kind: 'pollutant' | 'flow', value: number, flow: number, ms: number): number {
  const seconds = ms / SECOND;
  return kind === 'flow' ? value * seconds : (value * flow * seconds) / 1e6;
}

function aggregateFields(
  f: FactorHour,
  v: FieldValues,
  decimals: number,
  ratio: number | undefined,
  cou: number | undefined,
  flag: string,
): { name: string; text: string }[] {
  const fields = [
    { name: 'Avg', text: v.avg.toFixed(decimals) },
    { name: 'Min', text: v.min.toFixed(decimals) },
    { name: 'Max', text: v.max.toFixed(decimals) },
  ];
  if (f.zs && ratio !== undefined) {
    fields.push({ name: 'ZsAvg', text: (v.avg * ratio).toFixed(decimals) });
    fields.push({ name: 'ZsMin', text: (v.min * ratio).toFixed(decimals) });
    fields.push({ name: 'ZsMax', text: (v.max * ratio).toFixed(decimals) });
  }
  if (cou !== undefined) fields.push({ name: 'Cou', text: cou.toFixed(f.cou === 'flow' ? 1 : 4) });
  fields.push({ name: 'Flag', text: flag });
  return fields;
}
