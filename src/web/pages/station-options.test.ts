import { describe, expect, it } from 'vitest';
import type { HoursBody } from '#contract/dashboard.ts';
import { seriesOption } from './station-options.ts';

const T0 = Date.parse('2026-12-03T00:00:00+08:00');

/** Six hours of one station: hours 2–3 missing (its logger offline), hour 4 invalid (flag D). */
const body: HoursBody = {
  t0: T0,
  count: 6,
  sites: [
    {
      code: 'QB-T01',
      name: '金山街道站',
      nameEn: 'Jinshan',
      values: {
        SO2: [1, 1, null, null, null, 1],
        NO2: [1, 1, null, null, null, 1],
        PM10: [1, 1, null, null, null, 1],
        'PM2.5': [35, 36, null, null, null, 40],
        CO: [0.5, 0.5, null, null, null, 0.5],
        O3: [1, 1, null, null, null, 1],
      },
      aqi: [50, 51, null, null, null, 57],
      gaps: [
        { from: 2, to: 4, reason: 'offline', flag: null },
        { from: 4, to: 5, reason: 'invalid', flag: 'D' },
      ],
    },
  ],
};

type Tooltip = { formatter: (p: unknown) => string };
type Series = { name: string; type: string; data: unknown[]; connectNulls?: boolean };

describe('the hourly series chart', () => {
  const option = seriesOption(body, 'zh') as unknown as {
    tooltip: Tooltip;
    legend: { data: string[] };
    series: Series[];
    yAxis: { name?: string }[];
  };

  it('draws missing hours as a 数据缺失 band in the legend, and never bridges a line over them', () => {
    expect(option.legend.data).toContain('数据缺失');
    const bands = option.series.filter((s) => s.name === '数据缺失');
    expect(bands).toHaveLength(2);
    expect(bands[0]?.data).toEqual([null, null, 1, 1, 1, null]);
    for (const s of option.series.filter((x) => x.type === 'line')) expect(s.connectNulls).toBe(false);
  });

  it('the tooltip gives each value its unit, PM2.5 typeset with <sub>, and says why an hour is missing', () => {
    const params = (i: number) => [
      { seriesName: 'PM2.5', value: body.sites[0]?.values['PM2.5'][i], marker: '', dataIndex: i },
      { seriesName: 'CO', value: body.sites[0]?.values.CO[i], marker: '', dataIndex: i },
      { seriesName: 'AQI', value: { value: body.sites[0]?.aqi[i] }, marker: '', dataIndex: i },
      { seriesName: '数据缺失', value: null, marker: '', dataIndex: i },
    ];
    const ok = option.tooltip.formatter(params(1));
    expect(ok).toContain('12月3日 2时');
    expect(ok).toContain('PM<sub>2.5</sub>: 36 µg/m³');
    expect(ok).toContain('CO: 0.5 mg/m³');
    expect(ok).toContain('AQI: 51');
    expect(ok).not.toContain('数据缺失');
    expect(option.tooltip.formatter(params(2))).toContain('数据缺失：数采仪离线');
    expect(option.tooltip.formatter(params(4))).toContain('无效数据：收到的数值无效（标记 D）');
    // One pollutant missing, the station not: the tooltip names it.
    const partial = option.tooltip.formatter([
      { seriesName: 'PM2.5', value: null, marker: '', dataIndex: 5 },
      { seriesName: 'CO', value: 0.5, marker: '', dataIndex: 5 },
    ]);
    expect(partial).toContain('PM<sub>2.5</sub>: —');
    expect(partial).toContain('本小时缺测：PM<sub>2.5</sub>');
  });

  it('names every value axis with its unit', () => {
    expect(option.yAxis.map((a) => a.name).filter(Boolean)).toEqual(['AQI', '浓度 µg/m³', 'CO mg/m³']);
  });
});
