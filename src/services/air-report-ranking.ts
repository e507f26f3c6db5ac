import { compositeChangeRate } from '#rules/air/composite-index.ts';
import { rankByComposite, rankChange } from '#rules/air/period-ranking.ts';
import {
  DISPLAY_DECIMALS,
  displayedChange,
  type RoundingTable,
  roundChangeRate,
  roundComposite,
  roundConcentration,
  roundRatio,
} from '#rules/air/period-rounding.ts';
import type { PeriodStats } from '#rules/air/period-stats.ts';
import { type Incomparable, whyIncomparable } from '#rules/air/periods.ts';
import type { Assessed, PlacesAssessment } from './air-places.service.ts';

/** Change against another period, of the displayed figures; all null with the reason when not comparable. */
export interface PeriodChange {
  /** Composite index, this − that, 2 dp. */
  compositeIndex: number | null;
  /** (this − that)/that × 100 %, 1 dp; > 0 worse (环办监测函〔2017〕197号 [S]). */
  compositeRate: number | null;
  /** Good-day ratio, this − that, in 个百分点 (percentage points), 1 dp. */
  goodRatioPp: number | null;
  /** PM2.5 mean, this − that, µg/m³, 1 dp. */
  pm25: number | null;
  /** Why the periods are not compared (rules/air/periods.ts whyIncomparable); null when they are. */
  incomparable: Incomparable | null;
}

/** A place's rank by composite index and its changes; nulls when there is nothing to rank or compare. */
export interface PlaceComparison {
  rank: number | null;
  previousRank: number | null;
  /** Places gained since the period before (> 0 up, < 0 down). */
  rankChange: number | null;
  /** 环比: against the period before. */
  mom: PeriodChange | null;
  /** 同比: against the same period a year earlier. */
  yoy: PeriodChange | null;
}

export function changeOf(
  current: PeriodStats,
  other: PeriodStats | undefined,
  t: RoundingTable = DISPLAY_DECIMALS,
): PeriodChange | null {
  if (!other) return null;
  const incomparable = whyIncomparable(
    { range: { from: current.from, to: current.to }, validDays: current.validDays },
    { range: { from: other.from, to: other.to }, validDays: other.validDays },
  );
  if (incomparable)
    return { compositeIndex: null, compositeRate: null, goodRatioPp: null, pm25: null, incomparable };
  const ci = roundComposite(current.composite.value, t);
  const pi = roundComposite(other.composite.value, t);
  const pm = (s: PeriodStats) => roundConcentration('PM2.5', s.pollutants['PM2.5'].mean, t);
  return {
    compositeIndex: displayedChange(ci, pi, t.composite),
    compositeRate: roundChangeRate(compositeChangeRate(ci, pi), t),
    goodRatioPp: displayedChange(roundRatio(current.goodRatio, t), roundRatio(other.goodRatio, t), t.ratio),
    pm25: displayedChange(pm(current), pm(other), t.concentration['PM2.5']),
    incomparable: null,
  };
}

function rankedGroup<K>(
  current: Map<K, Assessed>,
  before: Map<K, Assessed> | undefined,
  yearAgo: Map<K, Assessed> | undefined,
  t: RoundingTable,
): Map<K, PlaceComparison> {
  const rows = (m: Map<K, Assessed>) =>
    [...m].map(([key, a]) => ({ key, compositeIndex: a.report.whole.composite.value }));
  const ranks = rankByComposite(rows(current), t);
  const prevRanks = before ? rankByComposite(rows(before), t) : new Map<K, number>();
  const out = new Map<K, PlaceComparison>();
  for (const [key, a] of current) {
    const rank = ranks.get(key);
    const prev = prevRanks.get(key);
    out.set(key, {
      rank: rank ?? null,
      previousRank: prev ?? null,
      rankChange: rankChange(rank, prev),
      mom: changeOf(a.report.whole, before?.get(key)?.report.whole, t),
      yoy: changeOf(a.report.whole, yearAgo?.get(key)?.report.whole, t),
    });
  }
  return out;
}

/** Ranks stations among stations and townships among townships, with rank change, 环比 and 同比. */
export function rankPlaces(
  current: PlacesAssessment,
  before: PlacesAssessment | undefined,
  yearAgo: PlacesAssessment | undefined,
  t: RoundingTable = DISPLAY_DECIMALS,
) {
  return {
    district: {
      mom: changeOf(current.district.report.whole, before?.district.report.whole, t),
      yoy: changeOf(current.district.report.whole, yearAgo?.district.report.whole, t),
    },
    stations: rankedGroup(current.stations, before?.stations, yearAgo?.stations, t),
    townships: rankedGroup(current.townships, before?.townships, yearAgo?.townships, t),
  };
}
