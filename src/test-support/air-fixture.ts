import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Hourly values of two stations, constant over the day, so report figures can be worked out by hand. */
export const STATION_A = { 'PM2.5': 40, PM10: 60, SO2: 10, NO2: 20, CO: 0.6, O3: 100 };
export const STATION_B = { 'PM2.5': 80, PM10: 100, SO2: 20, NO2: 40, CO: 1.0, O3: 140 };

/** A wide-format CSV (docs/data-formats.md) with every hour of the given days for stations A and B. */
export function writeTwoStationCsv(days: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'qs-air-'));
  const file = join(dir, 'two-stations.csv');
  const lines = ['site,time,PM2.5,PM10,SO2,NO2,CO,O3'];
  for (const [code, v] of [
    ['A', STATION_A],
    ['B', STATION_B],
  ] as const) {
    for (const day of days) {
      for (let h = 0; h < 24; h++) {
        lines.push(
          `${code},${day} ${String(h).padStart(2, '0')}:00,${v['PM2.5']},${v.PM10},${v.SO2},${v.NO2},${v.CO},${v.O3}`,
        );
      }
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'qs-db-')), 'qingshan.sqlite');
}
