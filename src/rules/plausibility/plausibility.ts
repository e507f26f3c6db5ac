/**
 * Plausibility at the edge (issue 11, finding 2): is a data packet's time and are its values possible at all,
 * before anything enters the data? This is a guard against the absurd (a DataTime in 9999, a value of 1e308, a
 * negative concentration), not the quality review of HJ 818 / HJ 630: the limits are generous on purpose, and a
 * packet that fails them is kept raw with the reason, never stored as data.
 *
 * Pure: plain data in and out, no clock of its own (the receiver's arrival time is an input).
 */

/** A closed interval of possible values, in the unit the parameter is stored in. */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

export interface PlausibilityPolicy {
  /** How far back (ms before arrival) a DataTime may reach: the back-fill window of a 补传 (resend). */
  readonly backfillMs: number;
  /** How far ahead of the receiver's clock a DataTime may be (ms): the logger's clock skew allowance. */
  readonly clockSkewMs: number;
  /** Per stored parameter code ('PM2.5', 'CO', 'a21026', …). Without a range a value is checked to be finite. */
  readonly ranges: Readonly<Record<string, ValueRange>>;
}

/** What one device changes of the policy (unset = the platform's). */
export interface PlausibilityOverride {
  readonly backfillMs?: number;
  readonly clockSkewMs?: number;
  readonly ranges?: Readonly<Record<string, ValueRange>>;
}

export interface ValueToCheck {
  readonly parameter: string;
  /** Null or absent = the packet carried no number (an empty field): nothing to check. */
  readonly value?: number | null | undefined;
}

export type Implausibility =
  /** A DataTime that is no date at all (year 0000, 30 February): `detail` says why, in English. */
  | { readonly code: 'time-invalid'; readonly text: string; readonly detail: string }
  | {
      readonly code: 'time-ahead';
      readonly dataTime: number;
      readonly aheadMs: number;
      readonly allowedMs: number;
    }
  | {
      readonly code: 'time-too-old';
      readonly dataTime: number;
      readonly behindMs: number;
      readonly allowedMs: number;
    }
  | { readonly code: 'value-not-finite'; readonly parameter: string; readonly value: number }
  | {
      readonly code: 'value-out-of-range';
      readonly parameter: string;
      readonly value: number;
      readonly range: ValueRange;
    };

export type ImplausibilityCode = Implausibility['code'];

/** The policy for one device: its overrides over the platform's, range by range. */
export function policyFor(base: PlausibilityPolicy, override?: PlausibilityOverride): PlausibilityPolicy {
  if (override === undefined) return base;
  return {
    backfillMs: override.backfillMs ?? base.backfillMs,
    clockSkewMs: override.clockSkewMs ?? base.clockSkewMs,
    ranges: override.ranges === undefined ? base.ranges : { ...base.ranges, ...override.ranges },
  };
}

/** A DataTime (epoch ms) against the arrival time: not beyond now + skew, not older than the back-fill window. */
export function checkTime(
  dataTime: number,
  receivedAt: number,
  policy: PlausibilityPolicy,
): Implausibility | undefined {
  if (!Number.isFinite(dataTime)) {
    return { code: 'time-ahead', dataTime, aheadMs: Number.POSITIVE_INFINITY, allowedMs: policy.clockSkewMs };
  }
  const ahead = dataTime - receivedAt;
  if (ahead > policy.clockSkewMs) {
    return { code: 'time-ahead', dataTime, aheadMs: ahead, allowedMs: policy.clockSkewMs };
  }
  if (-ahead > policy.backfillMs) {
    return { code: 'time-too-old', dataTime, behindMs: -ahead, allowedMs: policy.backfillMs };
  }
  return undefined;
}

/** One value: finite, and inside its parameter's range when there is one (bounds included). */
export function checkValue(v: ValueToCheck, policy: PlausibilityPolicy): Implausibility | undefined {
  if (v.value === null || v.value === undefined) return undefined;
  if (!Number.isFinite(v.value)) return { code: 'value-not-finite', parameter: v.parameter, value: v.value };
  const range = policy.ranges[v.parameter];
  if (range !== undefined && (v.value < range.min || v.value > range.max)) {
    return { code: 'value-out-of-range', parameter: v.parameter, value: v.value, range };
  }
  return undefined;
}

/** Everything implausible about one packet's time and values; empty when it may enter the data. */
export function checkPacket(
  packet: {
    readonly dataTime: number;
    readonly receivedAt: number;
    readonly values: readonly ValueToCheck[];
  },
  policy: PlausibilityPolicy,
): Implausibility[] {
  const found: Implausibility[] = [];
  const time = checkTime(packet.dataTime, packet.receivedAt, policy);
  if (time !== undefined) found.push(time);
  for (const v of packet.values) {
    const bad = checkValue(v, policy);
    if (bad !== undefined) found.push(bad);
  }
  return found;
}

function span(ms: number): { zh: string; en: string } {
  if (!Number.isFinite(ms)) return { zh: '无穷', en: 'infinitely' };
  const minutes = ms / 60_000;
  if (minutes < 120) {
    const m = Math.round(minutes);
    return { zh: `${m} 分钟`, en: `${m} min` };
  }
  const hours = minutes / 60;
  if (hours < 72) {
    const h = Math.round(hours);
    return { zh: `${h} 小时`, en: `${h} h` };
  }
  const days = Math.round(hours / 24);
  if (days < 730) return { zh: `${days} 天`, en: `${days} days` };
  const years = Math.round(days / 365.2425);
  return { zh: `约 ${years} 年`, en: `about ${years} years` };
}

/** Numbers as an operator reads them: 1e+308 stays short, 12.5 stays 12.5. */
function num(n: number): string {
  return Math.abs(n) >= 1e9 || (n !== 0 && Math.abs(n) < 1e-6) ? n.toExponential(3) : String(n);
}

/** One implausibility in Chinese and in English. */
export function describeImplausibility(i: Implausibility): { zh: string; en: string } {
  switch (i.code) {
    case 'time-invalid':
      return { zh: `数据时间无效 "${i.text}"`, en: i.detail };
    case 'time-ahead': {
      const a = span(i.aheadMs);
      const b = span(i.allowedMs);
      return {
        zh: `数据时间超前接收时间 ${a.zh}（允许 ${b.zh}）`,
        en: `DataTime ${a.en} ahead of the receiver clock (allowed ${b.en})`,
      };
    }
    case 'time-too-old': {
      const a = span(i.behindMs);
      const b = span(i.allowedMs);
      return {
        zh: `数据时间早于补传时限：${a.zh}前（允许 ${b.zh}）`,
        en: `DataTime ${a.en} old, beyond the back-fill window (allowed ${b.en})`,
      };
    }
    case 'value-not-finite':
      return {
        zh: `${i.parameter} 数值无效 ${i.value}`,
        en: `${i.parameter} value is not finite (${i.value})`,
      };
    case 'value-out-of-range':
      return {
        zh: `${i.parameter} 数值 ${num(i.value)} 超出合理范围 ${num(i.range.min)}–${num(i.range.max)}`,
        en: `${i.parameter} value ${num(i.value)} outside the plausible range ${num(i.range.min)}–${num(i.range.max)}`,
      };
  }
}

/**
 * The reason kept with the raw packet: `implausible <codes>: <中文> / <English>`, the codes first so a reader
 * (the device page) can tell the kind without parsing prose.
 */
export function implausibilityReason(found: readonly Implausibility[]): string {
  const codes = [...new Set(found.map((i) => i.code))].join(',');
  const texts = found.map(describeImplausibility);
  return `implausible ${codes}: ${texts.map((t) => t.zh).join('；')} / ${texts.map((t) => t.en).join('; ')}`;
}
