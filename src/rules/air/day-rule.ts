/**
 * When a day counts as assessed (有效监测天: the denominator of the good-day ratio, the level counts …), and why.
 *
 * - 2012 rule set (to 2026-02-28): a day counts when all six indicators are valid (five daily means and the O3
 *   MDA8, GB 3095-2012 表4). [M] convention: HJ 633-2012 only marks a missing indicator NA and says nothing of
 *   the day; air-quality.md §4.2.
 * - 2026 rule set (from 2026-03-01): a day counts when its AQI is published (air-2026.md [I] from [P] clauses):
 *   all six valid; or, with a pollutant missing or invalid, the AQI from the others above 100 (HJ 633-2026
 *   §5.3.1: "publish the AQI if it is above 100, otherwise … mark the AQI NA"); or the missing pollutant is one
 *   the monitoring plan does not cover (HJ 633-2026 §5.3.2, the station's configured exemption).
 *
 * Per-pollutant validity still governs the concentration statistics (period-stats.ts); this decides day counts only.
 */
import type { Pollutant, RuleSetId } from './types.ts';

/**
 * Which day rule a deployment applies (config `air.dayRule`):
 * - 'by-date': each day by the rule set of its date (2012 → all six; 2026 → AQI published). The default.
 * - 'all-six': every day needs all six indicators, whatever its date (the platform's behaviour before issue 13).
 */
export type DayRuleChoice = 'by-date' | 'all-six';
export const DEFAULT_DAY_RULE: DayRuleChoice = 'by-date';

/** The rule that judged a day. */
export type DayRuleId = 'all-six' | 'aqi-published-2026';

export type DayVerdictReason =
  /** All six indicators valid. */
  | 'all-six-valid'
  /** A pollutant missing under the all-six rule. */
  | 'missing'
  /** HJ 633-2026 §5.3.1: a pollutant missing, the AQI of the others > 100: published. */
  | 'partial-aqi-over-100'
  /** HJ 633-2026 §5.3.1: a pollutant missing, the AQI of the others ≤ 100 (or none): NA. */
  | 'partial-aqi-na'
  /** HJ 633-2026 §5.3.2: only pollutants the monitoring plan does not cover are absent. */
  | 'exempt';

export interface DayVerdict {
  counts: boolean;
  rule: DayRuleId;
  reason: DayVerdictReason;
  /** Pollutants without a valid daily value, exempt ones excluded. */
  missing: Pollutant[];
  /** Exempt pollutants (§5.3.2) absent on the day. */
  exempt: Pollutant[];
  /** The AQI from the pollutants that are there. */
  aqiFromAvailable: number | null;
  /** Pollutants with a valid daily value, of six. */
  available: number;
  /** The clause that decides. */
  clause: string;
}

export interface DayRuleInput {
  ruleSet: RuleSetId;
  choice: DayRuleChoice;
  /** Pollutants without a valid daily value (five daily means, O3 MDA8). */
  absent: readonly Pollutant[];
  /** The station's §5.3.2 exemptions (pollutants its monitoring plan does not cover). */
  exempt?: readonly Pollutant[];
  aqiFromAvailable: number | null;
}

const CLAUSE_2012 = 'GB 3095-2012 Table 4 [M]';
const CLAUSE_531 = 'HJ 633-2026 §5.3.1';
const CLAUSE_532 = 'HJ 633-2026 §5.3.2';

/** Whether a day counts as assessed, by which rule and why. */
export function judgeDay(input: DayRuleInput): DayVerdict {
  const exemptSet = new Set(
    input.ruleSet === '2026' && input.choice === 'by-date' ? (input.exempt ?? []) : [],
  );
  const missing = input.absent.filter((p) => !exemptSet.has(p));
  const exempt = input.absent.filter((p) => exemptSet.has(p));
  const base = {
    aqiFromAvailable: input.aqiFromAvailable,
    available: 6 - input.absent.length,
    missing,
    exempt,
  };
  if (input.choice === 'all-six' || input.ruleSet === '2012') {
    const ok = input.absent.length === 0;
    return {
      ...base,
      counts: ok,
      rule: 'all-six',
      reason: ok ? 'all-six-valid' : 'missing',
      clause: CLAUSE_2012,
    };
  }
  const rule: DayRuleId = 'aqi-published-2026';
  if (missing.length === 0) {
    // §5.3.2: an exempt pollutant's absence does not block publication; with none absent all six are valid.
    if (exempt.length > 0)
      return { ...base, counts: input.aqiFromAvailable !== null, rule, reason: 'exempt', clause: CLAUSE_532 };
    return { ...base, counts: true, rule, reason: 'all-six-valid', clause: CLAUSE_531 };
  }
  // §5.3.1: the AQI from the others can only rise when the missing pollutant is added, so > 100 stays true.
  const over = input.aqiFromAvailable !== null && input.aqiFromAvailable > 100;
  return {
    ...base,
    counts: over,
    rule,
    reason: over ? 'partial-aqi-over-100' : 'partial-aqi-na',
    clause: CLAUSE_531,
  };
}

/** One line for a report or the CLI, e.g. "AQI 132 from 5 of 6 (CO missing) > 100: counts (HJ 633-2026 §5.3.1)". */
export function describeVerdict(v: DayVerdict, lang: 'zh' | 'en'): string {
  const miss = v.missing.join('、');
  const ex = v.exempt.join('、');
  const aqi = v.aqiFromAvailable ?? 'NA';
  if (lang === 'zh') {
    const verdict = v.counts ? '计入' : '不计入';
    const clause = v.clause.replace('Table ', '表');
    switch (v.reason) {
      case 'all-six-valid':
        return `六项均有效：${verdict}（${clause}）`;
      case 'missing':
        return `${miss} 缺测，六项不全：${verdict}（${clause}）`;
      case 'partial-aqi-over-100':
        return `由 ${v.available}/6 项算得 AQI ${aqi}（${miss} 缺测）> 100：${verdict}（${clause}）`;
      case 'partial-aqi-na':
        return `由 ${v.available}/6 项算得 AQI ${aqi}（${miss} 缺测）≤ 100，AQI 记 NA：${verdict}（${clause}）`;
      case 'exempt':
        return `${ex} 不在监测方案内（豁免）：${verdict}（${clause}）`;
    }
  }
  const verdict = v.counts ? 'counts' : 'does not count';
  switch (v.reason) {
    case 'all-six-valid':
      return `all six valid: ${verdict} (${v.clause})`;
    case 'missing':
      return `${miss} missing, not all six: ${verdict} (${v.clause})`;
    case 'partial-aqi-over-100':
      return `AQI ${aqi} from ${v.available} of 6 (${miss} missing) > 100: ${verdict} (${v.clause})`;
    case 'partial-aqi-na':
      return `AQI ${aqi} from ${v.available} of 6 (${miss} missing) ≤ 100, AQI NA: ${verdict} (${v.clause})`;
    case 'exempt':
      return `${ex} not in the monitoring plan (exempt): ${verdict} (${v.clause})`;
  }
}

/**
 * The report note saying which day rule produced the figures, in each language. `unverified`: the 2012 all-six
 * convention is [M] (HJ 633-2012 says nothing of the day); the 2026 rule rests on §5.3.1/§5.3.2 [P] read as
 * "counts when published" [I].
 */
export function dayRuleNote(
  choice: DayRuleChoice,
  ruleSets: readonly RuleSetId[],
): { zh: string; en: string; unverified: boolean } {
  if (choice === 'all-six') {
    return {
      zh: '有效天：六项指标均有效方计入（旧规则，配置 air.dayRule = all-six）',
      en: 'Assessed days: all six indicators valid (old rule, air.dayRule = all-six)',
      unverified: true,
    };
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (ruleSets.includes('2012')) {
    zh.push('2026-03-01 前：六项指标均有效方计入');
    en.push('before 2026-03-01: all six valid');
  }
  if (ruleSets.includes('2026')) {
    zh.push(
      '2026-03-01 起：发布 AQI 之日计入（六项有效，或缺项时其余项 AQI > 100，或监测方案豁免；HJ 633-2026 §5.3.1/§5.3.2）',
    );
    en.push(
      'from 2026-03-01: days whose AQI is published (all six valid, or the AQI of the others > 100, or the ' +
        'monitoring-plan exemption; HJ 633-2026 §5.3.1/§5.3.2)',
    );
  }
  return {
    zh: `有效天规则（按数据日期）：${zh.join('；')}`,
    en: `Day rule by date: ${en.join('; ')}`,
    unverified: ruleSets.includes('2012'),
  };
}
