import type { AirFormat, ParsedRow, RowError, RowParser } from './air-format.ts';
import { isMissing, parseConcentration, shanghaiHourStart } from './values.ts';

/**
 * The Beijing multi-site files (UCI "Beijing Multi-Site Air-Quality Data", PRSA_Data_<station>_….csv) as they
 * are: `No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station`.
 * - `hour` h is the hour h:00–h+1:00 local time; stored time = start of that hour in Asia/Shanghai (UTC+8).
 * - All pollutants in µg/m³, CO included: CO is divided by 1000 (exact decimal shift) into mg/m³.
 * - `NA` → value not stored. Weather columns are not imported.
 * - `station` names the site (created if new: air_station, tier national, not a sample).
 */
const POLLUTANTS = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'] as const;
const REQUIRED = ['year', 'month', 'day', 'hour', ...POLLUTANTS, 'station'] as const;

const INT = /^\d{1,4}$/;

function int(text: string): number {
  return INT.test(text) ? Number(text) : Number.NaN;
}

function prsaHeader(cells: string[]): RowParser | RowError {
  const at = new Map(cells.map((c, i) => [c, i]));
  const missing = REQUIRED.filter((c) => !at.has(c));
  if (missing.length > 0) return { error: `not a PRSA header: missing column(s) ${missing.join(', ')}` };
  const col = (name: (typeof REQUIRED)[number]) => at.get(name) as number;
  const [year, month, day, hour, station] = [
    col('year'),
    col('month'),
    col('day'),
    col('hour'),
    col('station'),
  ];
  const pollutantCols = POLLUTANTS.map(col);
  const width = cells.length;

  return (row: string[]): ParsedRow | RowError => {
    if (row.length !== width) return { error: `expected ${width} columns, got ${row.length}` };
    const y = row[year] as string;
    const mo = row[month] as string;
    const d = row[day] as string;
    const h = row[hour] as string;
    const time = shanghaiHourStart(int(y), int(mo), int(d), int(h));
    if (time === undefined) return { error: `bad date/hour ${y}-${mo}-${d} hour ${h}` };
    const site = (row[station] as string).trim();
    if (site === '') return { error: 'empty station' };
    const values: (number | undefined)[] = new Array(POLLUTANTS.length);
    for (let k = 0; k < POLLUTANTS.length; k++) {
      const text = row[pollutantCols[k] as number] as string;
      if (isMissing(text)) continue;
      const v = parseConcentration(text, POLLUTANTS[k] === 'CO');
      if (typeof v !== 'number') return { error: `${POLLUTANTS[k]}: ${v.error}` };
      values[k] = v;
    }
    return { site, time, parameters: POLLUTANTS, values };
  };
}

export const prsaFormat: AirFormat = {
  name: 'prsa',
  source: 'import:prsa',
  newSite: { kind: 'air_station', tier: 'national', isSample: false },
  header: prsaHeader,
};
