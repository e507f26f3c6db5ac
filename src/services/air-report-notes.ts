/**
 * The notes of a period report (issue 13): one line per rule, method, divisor set and rounding table that
 * produced its figures, and per working assumption ([M], [I]) in effect, so a reader of 报表, the export or
 * the CLI knows how every figure was made. Each note has a stable `code`; other parts add their own lines
 * (e.g. the day rule) with `reportNote`.
 */

import type { AirMethod } from '#config/air-method.ts';
import type { ReportNote } from '#contract/air-responses.ts';
import { dayRuleNote as dayRuleText } from '#rules/air/day-rule.ts';
import { describeRounding } from '#rules/air/period-rounding.ts';
import type { PeriodReport, PeriodStats } from '#rules/air/period-stats.ts';
import { RULE_SETS } from '#rules/air/rule-sets.ts';

export type { ReportNote };

export function reportNote(code: string, zh: string, en: string, unverified = false): ReportNote {
  return unverified ? { code, zh, en, unverified } : { code, zh, en };
}

/** Which standards' rules the days of the period were assessed under. */
function standardsNote(whole: PeriodStats): ReportNote {
  const sets = whole.ruleSets.map((id) => {
    const r = RULE_SETS[id];
    return `${r.aqi.code} / ${r.assessment.code} / ${r.limits.code}`;
  });
  return reportNote(
    'standards',
    `评价依据：${sets.join('；')}（按数据日期）`,
    `Rules: ${sets.join('; ')} (by the date of the data)`,
  );
}

/**
 * Which days counted as assessed (rules/air/day-rule.ts): by the rule set of each day's date (2012: all six valid
 * [M]; from 2026-03-01: its AQI is published, HJ 633-2026 §5.3.1/§5.3.2), or the old all-six rule when configured.
 */
export function dayRuleNote(
  method: Pick<AirMethod, 'dayRule'>,
  whole: Pick<PeriodStats, 'ruleSets'>,
): ReportNote {
  const n = dayRuleText(method.dayRule, whole.ruleSets);
  const m = n.unverified ? ' [M]' : '';
  return reportNote('day-rule', `${n.zh}${m}`, `${n.en}${m}`, n.unverified);
}

/**
 * Which figure is the headline: the one with sand-dust and exceptional days deducted, as the Ministry's 2025
 * national good-day ratio (89.3 % deducted, 88.1 % actual; air-2026.md [S]). `days`: the marked days of the period.
 */
export function headlineNote(days: number): ReportNote {
  return days === 0
    ? reportNote(
        'headline',
        '主要数据为扣除沙尘等异常天后数据；本期无此类日，与实况相同',
        'Headline: sand-dust and exceptional days deducted; none in this period, so it equals the actual figures.',
      )
    : reportNote(
        'headline',
        `主要数据为扣除沙尘等异常天（${days} 天）后数据，实况数据并列`,
        `Headline: ${days} sand-dust or exceptional day(s) deducted from the day counts, PM10/PM2.5 and the ` +
          'composite index; the actual figures are given beside it.',
      );
}

function districtNote(method: AirMethod): ReportNote {
  return method.districtMethod === 'hour-first'
    ? reportNote(
        'district-method',
        '区域值：先逐小时取各站有效值的算术平均，再计算日值和统计值（先小时后站点）[M]',
        'District value: hourly mean of the valid station values first, then daily and period statistics (hour-first) [M]',
        true,
      )
    : reportNote(
        'district-method',
        '区域值：先计算各站日值，再逐日取各站有效日值的算术平均（先站点后日均）[M]',
        'District value: each station’s daily values first, then the daily mean of the stations (station-first) [M]',
        true,
      );
}

function compositeNote(whole: PeriodStats): ReportNote[] {
  const m = whole.compositeMethod;
  const d = Object.entries(m.denominators)
    .map(([p, s]) => `${p} ${s}`)
    .join(', ');
  const byDate = m.id !== 'gb3095-2012' && !m.id.startsWith('gb3095-2012-');
  const notes = [
    reportNote(
      'composite-divisors',
      `综合指数分母（${m.id}）：${d}${byDate ? '（按数据日期所执行的 GB 3095 二级限值 [I]）' : ''}`,
      `Composite index divisors (${m.id}): ${d}${byDate ? ' (GB 3095 grade II limits in force on the data date [I])' : ''}`,
      byDate,
    ),
  ];
  if (!m.verified) {
    notes.push(
      reportNote(
        'composite-weights',
        '综合指数权重 PM2.5×3、NO2×2、O3×2 未经核实 [M]',
        'Composite index weights PM2.5 × 3, NO2 × 2, O3 × 2 are UNVERIFIED [M]',
        true,
      ),
    );
  }
  return notes;
}

function roundingNote(method: AirMethod): ReportNote {
  const t = describeRounding(method.rounding);
  return reportNote(
    'rounding',
    `修约（GB/T 8170，四舍六入五成双）：${t}`,
    `Rounding (GB/T 8170, round half to even): ${t}`,
  );
}

function complianceNote(method: AirMethod): ReportNote {
  const t = Object.entries(method.complianceDecimals)
    .map(([p, dp]) => `${p} ${dp}`)
    .join(', ');
  return reportNote(
    'compliance-decimals',
    `达标评价前修约的小数位：${t} [M]`,
    `Decimals of values compared with limits: ${t} [M]`,
    true,
  );
}

/** Working assumptions of the 2012 daily AQI, in effect when a day of the period is under the 2012 set. */
function rules2012Notes(whole: PeriodStats, method: AirMethod): ReportNote[] {
  if (!whole.ruleSets.includes('2012')) return [];
  return [
    reportNote(
      'o3-max1h-hours',
      `HJ 633-2012 日报的 O3 日最大 1 小时值需 ≥ ${method.o3Max1hMinHours} 个有效小时（或超过 1 小时限值），参照日均值规定 [M]`,
      `HJ 633-2012 daily report: an O3 daily max 1-h needs ≥ ${method.o3Max1hMinHours} valid hours (or to exceed the 1-h limit), by analogy with the daily mean [M]`,
      true,
    ),
    percentiles2012Note(method),
    method.iaqi.inputRounding2012 === 'none'
      ? reportNote(
          'iaqi-input-rounding-2012',
          'HJ 633-2012 未规定 IAQI 输入浓度的修约；按配置不修约，以实测浓度计算 [M]',
          'HJ 633-2012 does not say how IAQI inputs are rounded; as configured they are used unrounded [M]',
          true,
        )
      : reportNote(
          'iaqi-input-rounding-2012',
          'HJ 633-2012 未规定 IAQI 输入浓度的修约；按 HJ 633-2026 §4.2.2 修约（整数，CO 一位小数）[M]',
          'HJ 633-2012 does not say how IAQI inputs are rounded; HJ 633-2026 §4.2.2 is applied (integers, CO 1 decimal) [M]',
          true,
        ),
  ];
}

const P_2026 = { SO2: 98, NO2: 98, PM10: 95, 'PM2.5': 95, CO: 95, O3: 90 } as const;

function percentiles2012Note(method: AirMethod): ReportNote {
  const p = method.percentiles2012;
  const same = (Object.keys(P_2026) as (keyof typeof P_2026)[]).every((k) => p[k] === P_2026[k]);
  const list = Object.entries(p)
    .map(([k, v]) => `${k} P${v}`)
    .join(', ');
  return same
    ? reportNote(
        'percentiles-2012',
        'HJ 663-2013 的评价百分位数按 SO2、NO2 第 98，PM10、PM2.5、CO 第 95，O3 日最大 8 小时第 90 百分位（与 HJ 663-2026 表1 相同）计 [M]',
        'HJ 663-2013 assessment percentiles taken as P98 for SO2 and NO2, P95 for PM10, PM2.5 and CO, P90 of the O3 daily max 8-h (as HJ 663-2026 Table 1) [M]',
        true,
      )
    : reportNote(
        'percentiles-2012',
        `HJ 663-2013 的评价百分位数按配置计：${list} [M]`,
        `HJ 663-2013 assessment percentiles as configured: ${list} [M]`,
        true,
      );
}

/** Days of the period with an indicator above its top breakpoint, where the IAQI is a configured assumption [M]. */
export function aboveTopNote(
  days: readonly { aqi: { iaqi: Partial<Record<string, { note?: string }>> } }[],
  method: Pick<AirMethod, 'iaqi'>,
): ReportNote[] {
  const n = days.filter((d) =>
    Object.values(d.aqi.iaqi).some((r) => r?.note?.includes('above the top breakpoint')),
  ).length;
  if (n === 0) return [];
  return [
    method.iaqi.aboveTop === 'none'
      ? reportNote(
          'iaqi-above-top',
          `${n} 天有指标浓度高于最高浓度限值，标准未规定其 IAQI，按配置不计算该指标的 IAQI [M]`,
          `${n} day(s) had an indicator above its top breakpoint; no standard defines that IAQI, and as configured none is given [M]`,
          true,
        )
      : reportNote(
          'iaqi-above-top',
          `${n} 天有指标浓度高于最高浓度限值，标准未规定其 IAQI，按 500 计（"爆表"）[M]`,
          `${n} day(s) had an indicator above its top breakpoint; no standard defines that IAQI, taken as 500 [M]`,
          true,
        ),
  ];
}

/** Exceptional days (异常日) among the marked days, deducted like sand-dust days or not, as configured [M]. */
export function exceptionalDaysNote(
  marked: readonly { kind: string }[],
  method: Pick<AirMethod, 'exceptionalDays'>,
): ReportNote[] {
  const n = marked.filter((m) => m.kind === 'exceptional').length;
  if (n === 0) return [];
  return [
    method.exceptionalDays === 'not-deducted'
      ? reportNote(
          'exceptional-days',
          `本期 ${n} 个异常日按配置不扣除（仅扣除沙尘天）[M]`,
          `${n} exceptional day(s) in the period are not deducted, as configured (sand-dust days only) [M]`,
          true,
        )
      : reportNote(
          'exceptional-days',
          `本期 ${n} 个异常日与沙尘天同样扣除 [M]`,
          `${n} exceptional day(s) in the period are deducted like sand-dust days [M]`,
          true,
        ),
  ];
}

/** The year-end projection's and R-T4's working assumptions [M], as configured. */
export function targetNotes(
  method: Pick<AirMethod, 'compositeAtThreshold' | 'remainingValidDays'>,
): ReportNote[] {
  return [
    method.compositeAtThreshold === 'misses'
      ? reportNote(
          'r-t4-at-threshold',
          'R-T4"不劣于"按严格小于理解：与阈值城市相等视为未达到 [M]',
          'R-T4 "no worse than" read strictly (<): an index equal to the threshold city’s is not met [M]',
          true,
        )
      : reportNote(
          'r-t4-at-threshold',
          'R-T4"不劣于"按小于等于理解：与阈值城市相等视为达到 [M]',
          'R-T4 "no worse than" read as ≤: an index equal to the threshold city’s is met [M]',
          true,
        ),
    method.remainingValidDays === 'valid-share'
      ? reportNote(
          'remaining-valid-days',
          '年末预测：剩余天数按迄今有效天比例计为有效天 [M]',
          'Year-end projection: the remaining days count as valid in the share of days valid so far [M]',
          true,
        )
      : reportNote(
          'remaining-valid-days',
          '年末预测：剩余每一天均按有效天计 [M]',
          'Year-end projection: every remaining calendar day is expected to be valid [M]',
          true,
        ),
  ];
}

/** What the figures of the period rest on, before the period's own facts. */
export function methodNotes(report: PeriodReport, method: AirMethod, assessable: boolean): ReportNote[] {
  const whole = report.whole;
  return [
    standardsNote(whole),
    dayRuleNote(method, whole),
    districtNote(method),
    ...compositeNote(whole),
    roundingNote(method),
    ...(assessable ? [complianceNote(method)] : []),
    ...rules2012Notes(whole, method),
  ];
}

/**
 * When a compared period (环比, 同比) divided by other limits (e.g. 2025 under GB 3095-2012, 2026 under the 2026
 * transition limits), its index change mixes a change of air with a change of divisors: say so.
 */
export function comparedDivisorsNote(
  current: PeriodStats,
  others: (PeriodStats | undefined)[],
): ReportNote[] {
  const differ = others.filter(
    (o): o is PeriodStats => o !== undefined && o.compositeMethod.id !== current.compositeMethod.id,
  );
  if (differ.length === 0) return [];
  const ids = [...new Set(differ.map((o) => o.compositeMethod.id))].join(', ');
  return [
    reportNote(
      'composite-divisors-compared',
      `对比时段的综合指数使用不同的分母（${ids}），其环比、同比变化含分母变化的影响`,
      `A compared period's composite index used other divisors (${ids}): its change includes the change of divisors`,
    ),
  ];
}

/** The period's own facts: not a year, sand-dust days, rule sets spanned. */
export function periodNotes(report: PeriodReport): ReportNote[] {
  const whole = report.whole;
  const notes: ReportNote[] = [];
  if (whole.kind !== 'year') {
    notes.push(
      reportNote(
        'not-a-year',
        '非完整日历年：与年均值限值和百分位数的比较仅供参考',
        'Period is not a calendar year: comparison with annual limits and percentiles is indicative only.',
      ),
    );
  }
  if (whole.sandDustDays > 0) {
    notes.push(
      reportNote(
        'sand-dust',
        `扣除 ${whole.sandDustDays} 个沙尘或异常天：主要数据的有效天数、优良天数比例、PM10、PM2.5 浓度和综合指数均不含这些日子，实况数据（不扣除）并列`,
        `${whole.sandDustDays} sand-dust or exceptional day(s) deducted from the headline's day counts and ratios, ` +
          'PM10/PM2.5 and the composite index; the actual figures (nothing deducted) are given beside it.',
      ),
    );
  }
  if (report.spansRuleSets) {
    notes.push(
      reportNote(
        'spans-rule-sets',
        `时段跨 2026-03-01：日 AQI 按各日适用的标准计算；整段达标评价按 ${whole.to} 执行的限值（${whole.limitsStandard}），仅供参考，见分段结果`,
        `Period ${whole.from}…${whole.to} spans 2026-03-01: daily AQI follows each day's rule set; whole-period compliance uses the limits in force on ${whole.to} (${whole.limitsStandard}) and is indicative; see the per-rule-set parts.`,
      ),
    );
  }
  return notes;
}
