import type { StationNow } from '#contract/dashboard.ts';
import { levelColor, NO_DATA_COLOR, pollutantLevel } from '../aqi.ts';
import type { EChartsOption } from '../charts/echarts.ts';
import type { ColorBy } from '../map-legend.ts';

export type { ColorBy } from '../map-legend.ts';

export const QIBIN = '淇滨区';
/** Qibin's extent in the map data, with a margin: the map opens on the district, neighbours at the edges. */
const BOUNDS: [[number, number], [number, number]] = [
  [113.97, 35.94],
  [114.45, 35.62],
];

export function stationLevel(s: StationNow, by: ColorBy): number | null {
  return by === 'AQI' ? s.aqi.level : pollutantLevel(by, s.values[by]);
}

/** What a station's marker says: its AQI or the chosen concentration; × offline, — without a value. */
export function stationValueText(s: StationNow, by: ColorBy): string {
  if (s.status === 'offline') return '×';
  const v = by === 'AQI' ? s.aqi.aqi : s.values[by];
  return v === null ? '—' : by === 'CO' ? v.toFixed(1) : String(Math.round(v));
}

/** The marker's fill: the level's HJ 633 colour, grey offline or without a value. */
export function stationColor(s: StationNow, by: ColorBy): string {
  return s.status === 'offline' ? NO_DATA_COLOR : levelColor(stationLevel(s, by));
}

/**
 * The Hebi outline with Qibin picked out. Stations are not drawn by ECharts: they are buttons over the map
 * (components/station-map.tsx), laid out so that none hides another (map-declutter.ts).
 */
export function mapOption(): EChartsOption {
  return {
    geo: {
      map: 'hebi',
      roam: true,
      scaleLimit: { min: 0.8, max: 12 },
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
    backgroundColor: 'transparent',
  } as EChartsOption;
}
