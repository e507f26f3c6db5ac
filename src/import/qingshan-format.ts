import { DATA_FLAGS } from '../store/measurements.table.ts';
import type { AirFormat, ParsedRow, RowError, RowParser } from './air-format.ts';
import { isMissing, parseConcentration, parseLocalHour } from './values.ts';

/**
 * Qingshan's own hourly CSV (docs/data-formats.md), UTF-8, comma-separated, RFC 4180 quotes allowed.
 * The header decides the form:
 * - long:  `site,time,parameter,value[,flag]` — one value per line; flag one of N F M S D C T B (HJ 212).
 * - wide:  `site,time,<parameter>,<parameter>…` e.g. `site,time,PM2.5,PM10,SO2,NO2,CO,O3`.
 * `site` is a site code (or, failing that, a site name); an unknown site is created (air_station, no tier).
 * `time` is `YYYY-MM-DD HH:mm`, local Asia/Shanghai time, the START of the hour (minutes 00).
 * Values are in the parameter's stored unit (parameters.unit): µg/m³, CO in mg/m³ — no conversion.
 * Empty or `NA` → not stored; in the long form an empty value WITH a flag is stored as null + flag.
 */
const FLAGS: ReadonlySet<string> = new Set(DATA_FLAGS);

function longParser(width: number, known: ReadonlySet<string>): RowParser {
  return (row: string[]): ParsedRow | RowError => {
    if (row.length !== width) return { error: `expected ${width} columns, got ${row.length}` };
    const [site = '', timeText = '', parameter = '', valueText = '', flagText = ''] = row;
    if (site.trim() === '') return { error: 'empty site' };
    const time = parseLocalHour(timeText);
    if (typeof time !== 'number') return time;
    if (!known.has(parameter)) return { error: `unknown parameter "${parameter}"` };
    const flag = flagText === '' ? null : flagText;
    if (flag !== null && !FLAGS.has(flag)) return { error: `unknown flag "${flag}" (use N F M S D C T B)` };
    let value: number | null | undefined;
    if (isMissing(valueText)) value = flag === null ? undefined : null;
    else {
      const v = parseConcentration(valueText);
      if (typeof v !== 'number') return { error: `${parameter}: ${v.error}` };
      value = v;
    }
    return { site: site.trim(), time, parameters: [parameter], values: [value], flags: [flag] };
  };
}

function wideParser(columns: string[]): RowParser {
  const parameters = columns.slice(2);
  const width = columns.length;
  return (row: string[]): ParsedRow | RowError => {
    if (row.length !== width) return { error: `expected ${width} columns, got ${row.length}` };
    const site = (row[0] as string).trim();
    if (site === '') return { error: 'empty site' };
    const time = parseLocalHour(row[1] as string);
    if (typeof time !== 'number') return time;
    const values: (number | undefined)[] = new Array(parameters.length);
    for (let k = 0; k < parameters.length; k++) {
      const text = row[k + 2] as string;
      if (isMissing(text)) continue;
      const v = parseConcentration(text);
      if (typeof v !== 'number') return { error: `${parameters[k]}: ${v.error}` };
      values[k] = v;
    }
    return { site, time, parameters, values };
  };
}

function qingshanHeader(cells: string[], known: ReadonlySet<string>): RowParser | RowError {
  const names = cells.map((c) => c.trim());
  if (names[0] !== 'site' || names[1] !== 'time') return { error: 'header must start with site,time' };
  if (names[2] === 'parameter') {
    const long = names.join(',');
    if (long !== 'site,time,parameter,value' && long !== 'site,time,parameter,value,flag') {
      return { error: 'long form header must be site,time,parameter,value[,flag]' };
    }
    return longParser(names.length, known);
  }
  const params = names.slice(2);
  if (params.length === 0) return { error: 'wide form header names no parameter' };
  const unknown = params.filter((p) => !known.has(p));
  if (unknown.length > 0) return { error: `unknown parameter column(s): ${unknown.join(', ')}` };
  if (new Set(params).size !== params.length) return { error: 'a parameter column appears twice' };
  return wideParser(names);
}

export const qingshanFormat: AirFormat = {
  name: 'qingshan',
  source: 'import:qingshan',
  newSite: { kind: 'air_station', tier: null, isSample: false },
  header: qingshanHeader,
};
