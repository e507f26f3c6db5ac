import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { AqiSummary, PollutantValues } from '#contract/dashboard.ts';
import { computeAqi } from '#rules/air/aqi.ts';
import type { HourlyGrid } from '#rules/air/daily-series.ts';
import { ruleSetFor } from '#rules/air/rule-sets.ts';
import type { AqiResult, IndicatorValues, Pollutant } from '#rules/air/types.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { VALIDITY } from '#rules/air/validity.ts';
import { dateOf, HOUR_MS } from '#rules/time/calendar.ts';

/** The dashboard's view of an AQI result: value, level, colour, primary pollutants. */
export function summaryOf(result: Pick<AqiResult, 'aqi' | 'category' | 'primaryPollutants'>): AqiSummary {
  return {
    aqi: result.aqi,
    level: result.category?.level ?? null,
    color: result.category?.color ?? null,
    primary: [...result.primaryPollutants],
  };
}

export const NO_AQI: AqiSummary = { aqi: null, level: null, color: null, primary: [] };

function at(grid: HourlyGrid, p: Pollutant, slot: number): number | undefined {
  const v = grid.values[p][slot];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** Mean of the `span` hours ending at `slot`, when at least `min` of them are present. */
function slidingMean(grid: HourlyGrid, p: Pollutant, slot: number, span: number, min: number) {
  let sum = 0;
  let count = 0;
  for (let i = Math.max(0, slot - span + 1); i <= slot; i++) {
    const v = at(grid, p, i);
    if (v !== undefined) {
      sum += v;
      count++;
    }
  }
  return count >= min ? sum / count : undefined;
}

/**
 * Real-time (hourly) AQI of one slot of a grid, HJ 633 §5 by the rule set of the hour's date:
 * 2026 reads the 1-hour values only; 2012 reads PM as the 24-hour sliding mean and adds the O3 8-hour
 * sliding mean (the same reading as `air aqi --kind hourly`), so the grid should start a day earlier. Which PM
 * value the 2012 reading takes is a configured assumption [M] (`air.pmHourly2012`): with '1h-on-24h-breakpoints'
 * the hour's own value is read on the 24-h breakpoints, as HJ 633-2026 eq. 1 does.
 */
export function hourlyAqiAt(
  grid: HourlyGrid,
  slot: number,
  method: Pick<AirMethod, 'pmHourly2012' | 'iaqi'> = DEFAULT_AIR_METHOD,
): AqiSummary {
  const time = grid.t0 + slot * HOUR_MS;
  const ruleSet = ruleSetFor(dateOf(time));
  const values: IndicatorValues = {};
  const put = (key: keyof IndicatorValues, v: number | undefined) => {
    if (v !== undefined) values[key] = v;
  };
  put('SO2_1h', at(grid, 'SO2', slot));
  put('NO2_1h', at(grid, 'NO2', slot));
  put('CO_1h', at(grid, 'CO', slot));
  put('O3_1h', at(grid, 'O3', slot));
  if (ruleSet === '2026') {
    put('PM10_1h', at(grid, 'PM10', slot));
    put('PM2.5_1h', at(grid, 'PM2.5', slot));
  } else {
    const min = VALIDITY.dailyMeanMinHours;
    const hourOnly = method.pmHourly2012 === '1h-on-24h-breakpoints';
    put('PM10_24h', hourOnly ? at(grid, 'PM10', slot) : slidingMean(grid, 'PM10', slot, 24, min));
    put('PM2.5_24h', hourOnly ? at(grid, 'PM2.5', slot) : slidingMean(grid, 'PM2.5', slot, 24, min));
    put('O3_8h', slidingMean(grid, 'O3', slot, 8, VALIDITY.o3WindowMinHours));
  }
  if (Object.keys(values).length === 0) return NO_AQI;
  return summaryOf(computeAqi({ kind: 'hourly', ruleSet, values, iaqi: method.iaqi }));
}

/** The six hourly values of a slot (null = missing). */
export function valuesAt(grid: HourlyGrid, slot: number): PollutantValues {
  const out = {} as PollutantValues;
  for (const p of POLLUTANTS) out[p] = at(grid, p, slot) ?? null;
  return out;
}

/** True when any pollutant has a value in the slot. */
export function hasData(grid: HourlyGrid, slot: number): boolean {
  return POLLUTANTS.some((p) => at(grid, p, slot) !== undefined);
}
