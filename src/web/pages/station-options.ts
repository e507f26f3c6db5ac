import type { DayRow, HoursBody } from '#contract/dashboard.ts';
import { LEVELS, levelColor, NO_DATA_COLOR } from '../aqi.ts';
import type { EChartsOption } from '../charts/echarts.ts';
import { type Gap, gapAt, gapReasonText } from '../charts/gaps.ts';
import { hourAxisLabels } from '../charts/hour-axis.ts';
import { chemHtml } from '../chem.ts';
import { pollutantLabel } from '../format.ts';
import { hourEndLabel } from '../hour-label.ts';
import { translator } from '../i18n.ts';
import type { Lang } from '../i18n-messages.ts';
import { localName } from '../names.ts';

const HOUR = 3_600_000;
export const SERIES_POLLUTANTS = ['PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'] as const;
const LINE_COLORS = ['#7b4fd0', '#b07a2a', '#2a8fb0', '#c0392b', '#5b6470', '#2f7d4f'];
/** Missing hours: a pale band behind the series, so the break in the lines reads as "no value here". */
const GAP_COLOR = 'rgba(120, 128, 140, 0.16)';

/** Each hour by its END, in full (11月28日 20时: the axis tooltip's heading); the axis shows it short. */
function hourLabels(body: HoursBody, lang: Lang): string[] {
  return Array.from({ length: body.count }, (_, i) => hourEndLabel(body.t0 + i * HOUR, lang));
}

/** The x-axis labels: hours with the date at each midnight (hour-axis.ts); fewer on a phone. */
function axisLabel(body: HoursBody, lang: Lang, narrow: boolean) {
  const { interval, formatter } = hourAxisLabels(body.t0, body.count, lang, narrow ? 6 : 14);
  return { axisLabel: { interval, formatter, hideOverlap: true, lineHeight: 14 }, axisTick: { interval } };
}

/** Units as stored and published (HJ 633 Table 1): CO in mg/m³, the other pollutants in µg/m³, AQI none. */
export const unitOf = (p: string) => (p === 'AQI' ? '' : p === 'CO' ? ' mg/m³' : ' µg/m³');

interface TooltipParam {
  seriesName?: string;
  value?: unknown;
  marker?: unknown;
  dataIndex: number;
}

const numberOf = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && 'value' in v) return numberOf((v as { value: unknown }).value);
  return null;
};

/**
 * The axis tooltip (HTML, so formulas get <sub>): the hour in full, each value with its unit, a dash where a value
 * is missing, and why the hour is missing when the station has no value at all then.
 */
function axisTooltip(
  labels: readonly string[],
  unitBySeries: ReadonlyMap<string, string>,
  gaps: readonly Gap[],
  gapName: string,
  lang: Lang,
  /** The series of one station: name the pollutants missing in an hour that is not missing as a whole. */
  explainPartial = false,
) {
  return (raw: unknown) => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const first = params[0];
    if (!first) return '';
    const i = first.dataIndex;
    const lines = [`<b>${chemHtml(labels[i] ?? '')}</b>`];
    const missing: string[] = [];
    for (const p of params) {
      if (!p.seriesName || p.seriesName === gapName) continue;
      const v = numberOf(p.value);
      if (v === null && p.seriesName !== 'AQI' && unitBySeries.get(p.seriesName) !== undefined)
        missing.push(p.seriesName);
      const unit = unitBySeries.get(p.seriesName) ?? '';
      lines.push(
        `${typeof p.marker === 'string' ? p.marker : ''}${chemHtml(p.seriesName)}: ${v === null ? '—' : `${v}${unit}`}`,
      );
    }
    const gap = gapAt(gaps, i);
    const note = (text: string, reason: string) =>
      lines.push(`<span data-gap-reason="${reason}" style="color:#5b6470">${chemHtml(text)}</span>`);
    if (gap) note(`${gapName}：${gapReasonText(gap, lang)}`, gap.reason);
    // Some pollutants missing, the station not: the hour's AQI comes from the others (or is not published).
    else if (explainPartial && missing.length > 0)
      note(translator(lang)('gap.partial', { list: missing.join(lang === 'zh' ? '、' : ', ') }), 'partial');
    return lines.join('<br/>');
  };
}

/**
 * AQI as bars in its category colours above the six pollutants as lines (CO on its own axis, mg/m³). Missing
 * hours stay gaps (never bridged) on a pale band — the legend's 数据缺失 — whose tooltip says why.
 */
export function seriesOption(body: HoursBody, lang: Lang, narrow = false): EChartsOption {
  const site = body.sites[0];
  if (!site) return {};
  const t = translator(lang);
  const x = hourLabels(body, lang);
  const axis = axisLabel(body, lang, narrow);
  const gaps = site.gaps ?? [];
  const gapName = t('chartGap');
  const gapData = x.map((_, i) => (gapAt(gaps, i) ? 1 : null));
  const units = new Map<string, string>([
    ['AQI', ''],
    ...SERIES_POLLUTANTS.map((p) => [pollutantLabel(p), unitOf(p)] as [string, string]),
  ]);
  const gapBand = (grid: 0 | 1) => ({
    name: gapName,
    type: 'bar' as const,
    xAxisIndex: grid + 2,
    yAxisIndex: grid + 3,
    data: gapData,
    barCategoryGap: '0%',
    itemStyle: { color: GAP_COLOR },
    color: GAP_COLOR,
    silent: true,
    z: 0,
  });
  const hiddenX = (gridIndex: number) => ({
    type: 'category' as const,
    data: x,
    gridIndex,
    show: false,
  });
  const hiddenY = (gridIndex: number) => ({ type: 'value' as const, gridIndex, min: 0, max: 1, show: false });
  return {
    tooltip: { trigger: 'axis', formatter: axisTooltip(x, units, gaps, gapName, lang, true) },
    legend: { top: 0, data: ['AQI', ...SERIES_POLLUTANTS.map(pollutantLabel), gapName] },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 44, right: 48, top: 36, height: '24%' },
      { left: 44, right: 48, top: '44%', bottom: 66 },
    ],
    xAxis: [
      { type: 'category', data: x, gridIndex: 0, axisLabel: { show: false }, axisTick: axis.axisTick },
      { type: 'category', data: x, gridIndex: 1, ...axis },
      hiddenX(0),
      hiddenX(1),
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: t('axisAqi'), splitNumber: 2 },
      { type: 'value', gridIndex: 1, name: t('axisUg') },
      { type: 'value', gridIndex: 1, name: t('axisCo'), position: 'right', splitLine: { show: false } },
      hiddenY(0),
      hiddenY(1),
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1, 2, 3] },
      {
        type: 'slider',
        xAxisIndex: [0, 1, 2, 3],
        height: 18,
        bottom: 8,
        labelFormatter: (_: number, v: string) => v,
      },
    ],
    series: [
      gapBand(0),
      gapBand(1),
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
      },
      ...SERIES_POLLUTANTS.map((p, i) => ({
        name: pollutantLabel(p),
        type: 'line' as const,
        xAxisIndex: 1,
        yAxisIndex: p === 'CO' ? 2 : 1,
        data: site.values[p],
        showSymbol: false,
        // A missing hour is a gap in the line, never an interpolated segment.
        connectNulls: false,
        lineStyle: { width: 1.5 },
        color: LINE_COLORS[i],
      })),
    ],
  } as EChartsOption;
}

/** One pollutant (or AQI) at several stations; each value with its unit, missing hours as gaps. */
export function compareOption(body: HoursBody, pollutant: string, lang: Lang, narrow = false): EChartsOption {
  const t = translator(lang);
  const x = hourLabels(body, lang);
  const names = body.sites.map((s) => localName(s, lang));
  const units = new Map(names.map((n) => [n, unitOf(pollutant)]));
  const main = body.sites[0]?.gaps ?? [];
  return {
    tooltip: { trigger: 'axis', formatter: axisTooltip(x, units, main, t('chartGap'), lang) },
    legend: { top: 0 },
    grid: { left: 44, right: 20, top: 36, bottom: 44 },
    xAxis: { type: 'category', data: x, ...axisLabel(body, lang, narrow) },
    yAxis: {
      type: 'value',
      name: pollutant === 'AQI' ? 'AQI' : `${pollutantLabel(pollutant)}${unitOf(pollutant)}`,
    },
    series: body.sites.map((s, i) => ({
      name: names[i],
      type: 'line',
      showSymbol: false,
      connectNulls: false,
      data: pollutant === 'AQI' ? s.aqi : (s.values[pollutant as (typeof SERIES_POLLUTANTS)[number]] ?? []),
    })),
  } as EChartsOption;
}

/**
 * A year as coloured squares: each day's AQI in its category colour; days without an AQI in grey. The colours'
 * legend is HTML under the chart (AqiScaleLegend), with the category names.
 */
export function calendarOption(days: DayRow[], year: number, lang: Lang, narrow: boolean): EChartsOption {
  const t = translator(lang);
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const v = (p as { value: [string, number | null] }).value;
        const day = days.find((d) => d.date === v[0]);
        const level = v[1] === null ? undefined : LEVELS.find((l) => (v[1] as number) <= l.max);
        const category = level ? ` ${level[lang]}` : '';
        const note = day && !day.valid ? `<br/>${t('calendarInvalid')}` : '';
        return `${v[0]}<br/>AQI ${v[1] ?? '—'}${category}${note}`;
      },
    },
    visualMap: {
      type: 'piecewise',
      // Drawn as HTML under the chart instead (names and colours as on the rest of the page).
      show: false,
      dimension: 1,
      seriesIndex: 0,
      pieces: LEVELS.map((l) => ({
        min: l.min,
        max: Number.isFinite(l.max) ? l.max : 100000,
        color: l.color,
        label: l[lang],
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
