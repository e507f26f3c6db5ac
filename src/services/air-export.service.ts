import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { ExportQuery } from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { describeVerdict } from '#rules/air/day-rule.ts';
import type { Pollutant } from '#rules/air/types.ts';
import type { Db } from '#store/open-db.ts';
import { airDaily } from './air-daily.service.ts';
import { type AirReport, airReport, type ReportFiguresOut } from './air-report.service.ts';
import type { PlaceComparison } from './air-report-ranking.ts';
import { type Cell, type Sheet, writeCsv, writeXlsxAsync } from './xlsx-writer.ts';

type Lang = ExportQuery['lang'];

const PCT: Record<Pollutant, 'p98' | 'p95' | 'p90'> = {
  SO2: 'p98',
  NO2: 'p98',
  PM10: 'p95',
  'PM2.5': 'p95',
  CO: 'p95',
  O3: 'p90',
};
const ORDER: readonly Pollutant[] = ['PM2.5', 'PM10', 'O3', 'SO2', 'NO2', 'CO'];

const T = {
  zh: {
    name: '名称',
    code: '编码',
    from: '开始',
    to: '结束',
    validDays: '有效天数',
    goodDays: '优良天数',
    heavyDays: '重污染天数',
    goodRatio: '优良天数比率(%)',
    heavyRatio: '重污染天数比率(%)',
    composite: '综合指数',
    mean: '均值',
    complies: '达标',
    yes: '是',
    no: '否',
    district: '淇滨区（区域值）',
    actual: '实况（不扣除沙尘等异常天）',
    why: '计入依据',
    headline: '主要数据为扣除沙尘等异常天后数据；实况见下一行',
    summary: '统计',
    daily: '日报',
    date: '日期',
    aqi: 'AQI',
    category: '类别',
    primary: '首要污染物',
    valid: '有效',
    o3: 'O3_8h',
    sample: '示例站点，非真实监测网络',
    rank: '排名',
    rankChange: '排名变化（较上期，正为上升）',
    momRate: '综合指数环比(%)',
    yoyRate: '综合指数同比(%)',
    yoyGood: '优良天数比率同比(个百分点)',
    township: '乡镇（街道）',
    notes: '说明',
    unverified: '未经核实',
  },
  en: {
    name: 'Name',
    code: 'Code',
    from: 'From',
    to: 'To',
    validDays: 'Valid days',
    goodDays: 'Good days',
    heavyDays: 'Heavy days',
    goodRatio: 'Good-day ratio (%)',
    heavyRatio: 'Heavy-day ratio (%)',
    composite: 'Composite index',
    mean: 'mean',
    complies: 'complies',
    yes: 'yes',
    no: 'no',
    district: 'Qibin District (district value)',
    actual: 'actual (no sand-dust or exceptional day deducted)',
    why: 'Day rule: why',
    headline: 'headline: sand-dust and exceptional days deducted; actual figures in the next row',
    summary: 'Statistics',
    daily: 'Daily',
    date: 'Date',
    aqi: 'AQI',
    category: 'Category',
    primary: 'Primary pollutant',
    valid: 'Valid',
    o3: 'O3_8h',
    sample: 'sample station, not the real network',
    rank: 'Rank',
    rankChange: 'Rank change (vs previous period, + = up)',
    momRate: 'Composite index vs previous period (%)',
    yoyRate: 'Composite index year on year (%)',
    yoyGood: 'Good-day ratio year on year (percentage points)',
    township: 'Township',
    notes: 'Notes',
    unverified: 'unverified',
  },
} as const;

const unit = (p: Pollutant) => (p === 'CO' ? 'mg/m³' : 'µg/m³');

/** The report's notes, one per row, in the export's language. */
export function noteRows(report: AirReport, lang: Lang): Cell[][] {
  const t = T[lang];
  return [
    [t.code, t.notes, t.unverified],
    ...report.notes.map((n): Cell[] => [n.code, n[lang], n.unverified ? t.yes : '']),
  ];
}

function summaryRows(report: AirReport, lang: Lang): Cell[][] {
  const t = T[lang];
  const header: Cell[] = [
    t.name,
    t.code,
    t.from,
    t.to,
    t.validDays,
    t.goodDays,
    t.heavyDays,
    t.goodRatio,
    t.heavyRatio,
    t.composite,
  ];
  for (const p of ORDER)
    header.push(`${p} ${t.mean} ${unit(p)}`, `${p} ${PCT[p].toUpperCase()}`, `${p} ${t.complies}`);
  // The ranking columns of 报表 (rank by composite index, its change, 环比, 同比), last so older sheets keep
  // their columns.
  header.push(t.rank, t.rankChange, t.momRate, t.yoyRate, t.yoyGood);
  const line = (name: string, code: string, f: ReportFiguresOut & Partial<PlaceComparison>): Cell[] => {
    const row: Cell[] = [
      name,
      code,
      report.from,
      report.to,
      f.validDays,
      f.goodDays,
      f.heavyDays,
      f.goodRatio,
      f.heavyRatio,
      f.compositeIndex,
    ];
    for (const p of ORDER) {
      const x = f.pollutants[p];
      row.push(x.mean, x[PCT[p]] ?? null, x.complies === null ? null : x.complies ? t.yes : t.no);
    }
    row.push(
      f.rank ?? null,
      f.rankChange ?? null,
      f.mom?.compositeRate ?? null,
      f.yoy?.compositeRate ?? null,
      f.yoy?.goodRatioPp ?? null,
    );
    return row;
  };
  // The headline deducts sand-dust and exceptional days; the actual figures (实况) follow it (issue 13).
  const rows: Cell[][] = [
    header,
    line(t.district, 'district', report.district),
    line(`${t.district} ${t.actual}`, 'district-actual', report.district.actual),
  ];
  for (const s of report.stations) {
    const f = report.sites[s.code];
    // The English export names stations in English where an English name exists.
    const name = lang === 'en' && s.nameEn ? s.nameEn : s.name;
    if (f) rows.push(line(s.isSample ? `${name}（${t.sample}）` : name, s.code, f));
  }
  for (const town of report.townships) rows.push(line(`${t.township} ${town.name}`, town.id, town));
  // What produced the figures: which is the headline, the day rule, deductions (the report's notes, in the export's
  // language; the workbook also has them on their own sheet with their codes).
  rows.push([], [t.headline], ...report.notes.map((n): Cell[] => [n[lang]]));
  return rows;
}

async function dailyRows(
  db: Db,
  j: Jurisdiction,
  query: ExportQuery,
  lang: Lang,
  method: AirMethod,
): Promise<Cell[][]> {
  const t = T[lang];
  const table = await airDaily(
    db,
    j,
    {
      from: query.from,
      to: query.to,
      sites: query.sites,
      perSite: true,
      page: 1,
      pageSize: 5000,
    },
    method,
  );
  const header: Cell[] = [
    t.date,
    t.code,
    t.name,
    t.aqi,
    t.category,
    t.primary,
    'PM2.5',
    'PM10',
    t.o3,
    'SO2',
    'NO2',
    'CO',
    t.valid,
    t.why,
  ];
  const rows: Cell[][] = [header];
  for (const r of table.rows) {
    rows.push([
      r.date,
      r.site,
      r.site === 'district' ? t.district : r.siteName,
      r.aqi,
      r.category,
      r.primaryPollutants.join(' '),
      r['PM2.5'],
      r.PM10,
      r.O3_8h,
      r.SO2,
      r.NO2,
      r.CO,
      r.valid ? t.yes : t.no,
      describeVerdict(r.verdict, lang),
    ]);
  }
  return rows;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Uint8Array | string;
}

/** The period report (district and each station) as an Excel workbook (with the daily table) or as CSV. */
export async function airExport(
  db: Db,
  j: Jurisdiction,
  query: ExportQuery,
  now = Date.now(),
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<ExportFile> {
  const report = await airReport(
    db,
    j,
    { from: query.from, to: query.to, sites: query.sites, yoy: false },
    now,
    method,
  );
  const summary = summaryRows(report, query.lang);
  const base = `qingshan-air-${query.from}_${query.to}`;
  if (query.format === 'csv') {
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(summary) };
  }
  const t = T[query.lang];
  const sheets: Sheet[] = [
    {
      name: t.summary,
      rows: summary,
      widths: [30, 10, 11, 11, ...(summary[0] ?? []).slice(4).map(() => 12)],
    },
    {
      name: t.daily,
      rows: await dailyRows(db, j, { ...query, from: report.from, to: report.to }, query.lang, method),
      widths: [11, 10, 24, 6, 10, 12, 8, 8, 8, 8, 8, 8, 6, 60],
    },
    // How the figures were produced (issue 13): rule sets, day rule, district method, divisors, rounding.
    { name: t.notes, rows: noteRows(report, query.lang), widths: [22, 100, 12] },
  ];
  return {
    filename: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await writeXlsxAsync(sheets),
  };
}
