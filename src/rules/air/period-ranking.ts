/**
 * Ranking of stations or townships by composite index, as the national rankings do (环办监测〔2018〕19号 [S],
 * air-quality.md §4.1): ascending (smaller is better) on the published value (2 decimals), ties share a rank
 * ("以并列计", standard competition ranking 1, 2, 2, 4), places without an index are not ranked.
 */
import { DISPLAY_DECIMALS, type RoundingTable, roundComposite } from './period-rounding.ts';

export function rankByComposite<K>(
  rows: readonly { key: K; compositeIndex: number | null }[],
  rounding: RoundingTable = DISPLAY_DECIMALS,
): Map<K, number> {
  const ranked = rows
    .map((r) => ({ key: r.key, v: roundComposite(r.compositeIndex, rounding) }))
    .filter((r): r is { key: K; v: number } => r.v !== null)
    .sort((a, b) => a.v - b.v);
  const out = new Map<K, number>();
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    out.set(r.key, prev !== undefined && prev.v === r.v ? (out.get(prev.key) as number) : i + 1);
  });
  return out;
}

/** Places gained since the previous period: previous rank − rank (> 0 moved up); null when either is missing. */
export function rankChange(rank: number | undefined, previous: number | undefined): number | null {
  return rank === undefined || previous === undefined ? null : previous - rank;
}
