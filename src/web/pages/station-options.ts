import type { DayRow, HoursBody } from '#contract/dashboard.ts';
import { LEVELS, levelColor, NO_DATA_COLOR } from '../aqi.ts';
import type { EChartsOption } from '../charts/echarts.ts';
import { pollutantLabel } from '../format.ts';
import { hourEndClock, hourEndLabel } from '../hour-label.ts';
import type { Lang } from '../i18n-messages.ts';
import { localName } from '../names.ts';

const HOUR = 3_600_000;
export const SERIES_POLLUTANTS = ['PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'] as const;
const LINE_COLORS = ['#7b4fd0', '#b07a2a', '#2a8fb0', '#c0392b', '#5b6470', '#2f7d4f'];

/** Each hour by its END, in full (11月28日 20时: the axis tooltip's heading); the axis shows it short. */
function hourLabels(body: HoursBody, lang: Lang): string[] {
  return Array.from({ length: body.count }, (_, i) => hourEndLabel(body.t0 + i * HOUR, lang));
}

/** Short axis label: the hour (20时), or the date where a day begins (0时 → 11/29). */
function shortLabel(body: HoursBody, lang: Lang): (value: string, index: number) => string {
  return (_value, index) => {
    const ms = body.t0 + index * HOUR;
    const clock = hourEndClock(ms, lang);
    if (clock !== '0时' && clock !== '00:00') return clock;
    const end = new Date(ms + HOUR + 8 * HOUR);
    return `${end.getUTCMonth() + 1}/${end.getUTCDate()}`;
  };
}

const unitOf = (p: string) => (p === 'AQI' ? '' : p === 'CO' ? ' mg/m³' : ' µg/m³');
/** Tooltip values with their unit, and a dash for a missing hour. */
const withUnit = (p: string) => (v: unknown) => (typeof v === 'number' ? `${v}${unitOf(p)}` : '—');

/** AQI as bars in its category colours above the six pollutants as lines (CO on its own axis, mg/m³). */
export function seriesOption(body: HoursBody, lang: Lang): EChartsOption {
  const site = body.sites[0];
  if (!site) return {};
  const x = hourLabels(body, lang);
  const axisLabel = { formatter: shortLabel(body, lang) };
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['AQI', ...SERIES_POLLUTANTS.map(pollutantLabel)] },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 44, right: 44, top: 36, height: '26%' },
      { left: 44, right: 44, top: '46%', bottom: 56 },
    ],
    xAxis: [
      { type: 'category', data: x, gridIndex: 0, axisLabel: { show: false } },
      { type: 'category', data: x, gridIndex: 1, axisLabel },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'AQI', splitNumber: 2 },
      { type: 'value', gridIndex: 1, name: 'µg/m³' },
      { type: 'value', gridIndex: 1, name: 'CO mg/m³', position: 'right', splitLine: { show: false } },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1] },
      { type: 'slider', xAxisIndex: [0, 1], height: 18, bottom: 8 },
    ],
    series: [
      {
        name: 'AQI',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: site.aqi.map((v) => ({
          value: v,
          itemStyle: {
            color: v === null ? NO_DATA_COLOR : levelColor(LEVELS.find((l) => v <= l.max)?.level),
          },
        })),
        barCategoryGap: '10%',
        tooltip: { valueFormatter: withUnit('AQI') },
      },
      ...SERIES_POLLUTANTS.map((p, i) => ({
        name: pollutantLabel(p),
        type: 'line' as const,
        xAxisIndex: 1,
        yAxisIndex: p === 'CO' ? 2 : 1,
        data: site.values[p],
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        color: LINE_COLORS[i],
        tooltip: { valueFormatter: withUnit(p) },
      })),
    ],
  } as EChartsOption;
}

/** One pollutant (or AQI) at several stations. */
export function compareOption(body: HoursBody, pollutant: string, lang: Lang): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 44, right: 20, top: 36, bottom: 30 },
    xAxis: {
      type: 'category',
      data: hourLabels(body, lang),
      axisLabel: { formatter: shortLabel(body, lang) },
    },
    yAxis: { type: 'value', name: pollutant === 'AQI' ? 'AQI' : pollutant === 'CO' ? 'mg/m³' : 'µg/m³' },
    series: body.sites.map((s) => ({
      name: localName(s, lang),
      type: 'line',
      showSymbol: false,
      data: pollutant === 'AQI' ? s.aqi : (s.values[pollutant as (typeof SERIES_POLLUTANTS)[number]] ?? []),
      tooltip: { valueFormatter: withUnit(pollutant) },
    })),
  } as EChartsOption;
}

/** A year as coloured squares: each day's AQI in its category colour; days that do not count in grey. */
export function calendarOption(days: DayRow[], year: number, lang: Lang, narrow: boolean): EChartsOption {
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const v = (p as { value: [string, number | null] }).value;
        const day = days.find((d) => d.date === v[0]);
        const note = day && !day.valid ? (lang === 'zh' ? '<br/>不计入统计' : '<br/>does not count') : '';
        return `${v[0]}<br/>AQI ${v[1] ?? '—'}${note}`;
      },
    },
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 1,
      seriesIndex: 0,
      pieces: LEVELS.map((l) => ({
        min: l.min,
        max: Number.isFinite(l.max) ? l.max : 100000,
        color: l.color,
      })),
      outOfRange: { color: NO_DATA_COLOR },
    },
    calendar: {
      range: String(year),
      orient: narrow ? 'vertical' : 'horizontal',
      cellSize: narrow ? [18, 12] : [14, 14],
      top: narrow ? 40 : 28,
      left: narrow ? 40 : 36,
      right: narrow ? 10 : 10,
      dayLabel: { nameMap: lang === 'zh' ? 'ZH' : 'EN', firstDay: 1, fontSize: 10 },
      monthLabel: { nameMap: lang === 'zh' ? 'ZH' : 'EN', fontSize: 10 },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#ffffff', borderWidth: 1, color: '#f3f4f6' },
      splitLine: { lineStyle: { color: '#9aa2ad', width: 1 } },
    },
    series: [
      {
        type: 'heatmap',
        coordinateSystem: 'calendar',
        data: days.filter((d) => d.aqi.aqi !== null).map((d) => [d.date, d.aqi.aqi]),
      },
      {
        type: 'scatter',
        coordinateSystem: 'calendar',
        symbol: 'rect',
        symbolSize: narrow ? [16, 10] : [12, 12],
        itemStyle: { color: NO_DATA_COLOR },
        data: days.filter((d) => d.aqi.aqi === null).map((d) => [d.date, null]),
        silent: true,
      },
    ],
  } as EChartsOption;
}
