import type { SnapshotBody, StationNow } from '#contract/dashboard.ts';
import { levelColor, NO_DATA_COLOR, pollutantLevel } from '../aqi.ts';
import type { EChartsOption } from '../charts/echarts.ts';
import { chemHtml } from '../chem.ts';
import { hourEndLabel } from '../hour-label.ts';
import type { Lang } from '../i18n-messages.ts';
import { localName } from '../names.ts';

export const QIBIN = '淇滨区';
/** Qibin's extent in the map data, with a margin: the map opens on the district, neighbours at the edges. */
const BOUNDS: [[number, number], [number, number]] = [
  [113.97, 35.94],
  [114.45, 35.62],
];

export type ColorBy = 'AQI' | 'SO2' | 'NO2' | 'PM10' | 'PM2.5' | 'CO' | 'O3';

export function stationLevel(s: StationNow, by: ColorBy): number | null {
  return by === 'AQI' ? s.aqi.level : pollutantLevel(by, s.values[by]);
}

function label(s: StationNow, by: ColorBy): string {
  if (s.status === 'offline') return '×';
  const v = by === 'AQI' ? s.aqi.aqi : s.values[by];
  return v === null ? '—' : by === 'CO' ? v.toFixed(1) : String(Math.round(v));
}

/** The Hebi outline with Qibin picked out, and each station as a dot in its AQI (or pollutant) colour. */
export function mapOption(
  snap: SnapshotBody,
  by: ColorBy,
  lang: Lang,
  selected: string | null,
): EChartsOption {
  const points = snap.stations
    .filter((s) => s.lon !== null && s.lat !== null)
    .map((s) => {
      const level = stationLevel(s, by);
      const off = s.status !== 'online';
      return {
        name: s.code,
        value: [s.lon, s.lat, label(s, by)],
        symbol: s.status === 'offline' ? 'diamond' : 'circle',
        symbolSize: s.code === selected ? 30 : 24,
        itemStyle: {
          color: s.status === 'offline' ? NO_DATA_COLOR : levelColor(level),
          borderColor: off ? '#5b6470' : s.code === selected ? '#1d2430' : '#ffffff',
          borderWidth: s.code === selected ? 3 : 1.5,
          borderType: off ? ('dashed' as const) : ('solid' as const),
          opacity: off ? 0.8 : 1,
        },
        label: { color: level !== null && level <= 3 && !off ? '#1d2430' : '#ffffff' },
        stationName: localName(s, lang),
      };
    });
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data?: { stationName?: string; value?: unknown[] }; name: string }).data;
        if (!d?.stationName) return (p as { name: string }).name;
        // The tooltip is HTML: the pollutant gets its <sub>, the value its unit, the hour its end (20时).
        const unit = by === 'AQI' ? '' : ` ${by === 'CO' ? 'mg/m³' : 'µg/m³'}`;
        const what = by === 'AQI' ? 'AQI' : chemHtml(by);
        return `${d.stationName}<br/>${what} ${String(d.value?.[2] ?? '')}${unit}<br/>${hourEndLabel(snap.at, lang)}`;
      },
    },
    geo: {
      map: 'hebi',
      roam: true,
      boundingCoords: BOUNDS,
      itemStyle: { areaColor: '#eef0f3', borderColor: '#b4bac3', borderWidth: 1 },
      label: { show: true, color: '#8a929c', fontSize: 11 },
      emphasis: { disabled: true },
      select: { disabled: true },
      regions: [
        {
          name: QIBIN,
          itemStyle: { areaColor: '#e3f1e8', borderColor: '#2f7d4f', borderWidth: 2.5 },
          label: { show: true, color: '#2f7d4f', fontSize: 14, fontWeight: 'bold' },
        },
      ],
    },
    series: [
      {
        type: 'scatter',
        coordinateSystem: 'geo',
        data: points,
        label: {
          show: true,
          formatter: (p: { value: unknown[] }) => String(p.value[2]),
          fontSize: 10,
          fontWeight: 'bold',
        },
        z: 3,
      },
    ],
    backgroundColor: 'transparent',
    color: [NO_DATA_COLOR],
  } as EChartsOption;
}
