import type { DeviceValue } from '../../api.ts';
import type { EChartsOption } from '../../charts/echarts.ts';
import { chemHtml } from '../../chem.ts';
import { fmtClock, fmtTimestamp } from '../../format.ts';
import { hourEndLabel } from '../../hour-label.ts';
import type { Lang } from '../../i18n-messages.ts';

export const SERIES_COLOR = '#2f7d4f';

/**
 * One parameter of one device over time, as a line on a time axis (Beijing clock labels whatever the browser's
 * zone). A gap of more than three periods breaks the line: a logger that was silent is not drawn as if it sent.
 */
export function deviceSeriesOption(
  values: readonly DeviceValue[],
  label: string,
  unit: string | undefined,
  stepMs: number,
  range: { from: number; to: number },
  /** Given, hourly values (stepMs of 1 h) are labelled by the end of their hour in the tooltip (20时). */
  lang?: Lang,
): EChartsOption {
  const when = (time: number) =>
    lang && stepMs === 3_600_000 ? hourEndLabel(time, lang) : fmtTimestamp(time);
  const points = [...values].filter((v) => v.value !== null).sort((a, b) => a.time - b.time);
  const data: [number, number | null][] = [];
  let previous: number | undefined;
  for (const p of points) {
    if (previous !== undefined && p.time - previous > 3 * stepMs) data.push([previous + stepMs, null]);
    data.push([p.time, p.value]);
    previous = p.time;
  }
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (params as { value: [number, number | null] }[])[0];
        if (!first) return '';
        const [time, value] = first.value;
        return `${when(time)}<br/>${chemHtml(label)}: <b>${value ?? '—'}</b>${unit ? ` ${unit}` : ''}`;
      },
    },
    grid: { left: 52, right: 20, top: 30, bottom: 56 },
    xAxis: {
      type: 'time',
      min: range.from,
      max: range.to,
      axisLabel: { formatter: (v: number) => fmtClock(v), hideOverlap: true },
    },
    yAxis: { type: 'value', name: unit ?? '', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: [
      {
        name: label,
        type: 'line',
        data,
        showSymbol: data.length < 60,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        color: SERIES_COLOR,
      },
    ],
  } as EChartsOption;
}
