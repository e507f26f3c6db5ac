import { describeVerdict } from '#rules/air/day-rule.ts';
import { roundComposite, roundConcentration, roundRatio } from '#rules/air/period-rounding.ts';
import type { TargetProgress, TargetStatus } from '#rules/air/targets.ts';
import type { AqiAnswer } from '#services/air-aqi.service.ts';
import type { DailyTable } from '#services/air-daily.service.ts';
import type { AirReport, ReportFiguresOut } from '#services/air-report.service.ts';
import type { ReportNote } from '#services/air-report-notes.ts';
import type { Printable } from './output.ts';

/** Table and CSV views of the air reports, with Chinese column labels; JSON stays the full result. */

export function aqiView(a: AqiAnswer): Printable {
  const title =
    `${a.standard} ${a.kind === 'daily' ? '日报' : '实时报'} ${a.date}: AQI ${a.aqi ?? 'NA'} ${a.category ?? ''}` +
    (a.primaryPollutants.length ? ` 首要污染物 ${a.primaryPollutants.join('、')}` : '');
  const rows = Object.entries(a.iaqi).map(([indicator, iaqi]) => ({
    指标: indicator,
    浓度: a.concentrations[indicator as keyof typeof a.concentrations],
    分指数IAQI: iaqi ?? 'NA',
  }));
  return { json: a, rows, title };
}

function figuresRow(
  site: string,
  name: string,
  f: ReportFiguresOut & { rank?: number | null; rankChange?: number | null },
): Record<string, unknown> {
  const p = f.pollutants;
  return {
    站点: site,
    名称: name,
    排名: f.rank ?? null,
    排名变化: f.rankChange ?? null,
    有效天数: f.validDays,
    优良天数: f.goodDays,
    '优良率%': f.goodRatio,
    重污染天数: f.heavyDays,
    '重污染率%': f.heavyRatio,
    综合指数: f.compositeIndex,
    'PM2.5均值': p['PM2.5'].mean,
    'PM2.5-P95': p['PM2.5'].p95,
    PM10均值: p.PM10.mean,
    'PM10-P95': p.PM10.p95,
    SO2均值: p.SO2.mean,
    'SO2-P98': p.SO2.p98,
    NO2均值: p.NO2.mean,
    'NO2-P98': p.NO2.p98,
    'CO-P95': p.CO.p95,
    'O3-8h-P90': p.O3.p90,
  };
}

export function reportView(r: AirReport): Printable {
  // The headline deducts sand-dust and exceptional days; the actual figures (实况) follow it (issue 13).
  const rows = [
    figuresRow('district', '区域 / district', r.district),
    figuresRow('district-actual', '区域（实况）/ district, actual', r.district.actual),
  ];
  for (const [code, f] of Object.entries(r.sites)) rows.push(figuresRow(code, f.name, f));
  for (const t of r.townships) rows.push(figuresRow(t.id, `乡镇 ${t.name}`, t));
  // Complete days only (rules/air/periods.ts): a running period says how many of its days are in.
  const partial = r.period.partial ? `，仅含 ${r.period.completeDays} 个完整日` : '';
  const title = `空气质量统计 ${r.from} … ${r.to}（${r.limitsStandard}${r.spansRuleSets ? '，跨 2026-03-01 新旧标准' : ''}${partial}）`;
  const headline = `主要数据：扣除沙尘等异常天后（${r.deductedDays.length} 天）；“区域（实况）”行为实况 / headline: deducted`;
  // How the figures were produced (issue 13): Chinese first, then English, one note a line.
  const footer = ['说明 / Notes:', ...r.notes.map((n) => `- ${n.zh} / ${n.en}`)];
  return { json: r, rows, title: `${title}\n${headline}`, footer };
}

export function dailyView(t: DailyTable): Printable {
  const rows = t.rows.map((d) => ({
    日期: d.date,
    站点: d.site,
    AQI: d.aqi ?? 'NA',
    类别: d.category,
    首要污染物: d.primaryPollutants,
    'PM2.5': d['PM2.5'],
    PM10: d.PM10,
    SO2: d.SO2,
    NO2: d.NO2,
    CO: d.CO,
    'O3-8h': d.O3_8h,
    有效: d.valid ? '是' : '否',
    // Which rule made the day count or not (HJ 633-2026 §5.3.1/§5.3.2 or the all-six rule; issue 13).
    依据: describeVerdict(d.verdict, 'zh'),
  }));
  return { json: t, rows, title: `日报表 ${t.from} … ${t.to}（第 ${t.page} 页，共 ${t.total} 行）` };
}

/** A target's status in words, Chinese first (the dashboard's terms, src/web/i18n/dashboard.ts); JSON keeps the codes. */
export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  'on-track': '有望达标 / on track',
  'at-risk': '有风险 / at risk',
  missed: '无法达标 / missed',
  unknown: '暂无判断 / unknown',
};
const statusLabel = (s: TargetStatus) => TARGET_STATUS_LABELS[s];

export function targetsView(t: TargetProgress & { notes?: readonly ReportNote[] }): Printable {
  const rows = [
    {
      目标: 'R-T1 PM2.5年均',
      目标值: `< ${t.pm25.target}`,
      至今: roundConcentration('PM2.5', t.pm25.meanSoFar),
      余下允许:
        t.pm25.maxRemainingMean === null ? null : `< ${roundConcentration('PM2.5', t.pm25.maxRemainingMean)}`,
      预计: roundConcentration('PM2.5', t.pm25.projected),
      状态: statusLabel(t.pm25.status),
    },
    {
      目标: 'R-T2 优良天数比率%',
      目标值: `≥ ${t.goodRatio.target}`,
      至今: roundRatio(t.goodRatio.ratioSoFar),
      余下允许: `还需优良 ${t.goodRatio.remainingNeededOrAllowed} 天`,
      预计: roundRatio(t.goodRatio.projectedRatio),
      状态: statusLabel(t.goodRatio.status),
    },
    {
      目标: 'R-T3 重污染天数比例%',
      目标值: `< ${t.heavyRatio.target}`,
      至今: roundRatio(t.heavyRatio.ratioSoFar),
      余下允许: `尚可 ${t.heavyRatio.remainingNeededOrAllowed} 天`,
      预计: roundRatio(t.heavyRatio.projectedRatio),
      状态: statusLabel(t.heavyRatio.status),
    },
    {
      目标: 'R-T4 综合指数',
      目标值: t.composite.threshold === null ? '未设定 / not set' : `不劣于 ${t.composite.threshold}`,
      至今: roundComposite(t.composite.value),
      余下允许: null,
      预计: null,
      状态: statusLabel(t.composite.status),
    },
  ];
  // The projection's and R-T4's working assumptions [M] (issue 13), as in the report's footer.
  const footer = t.notes?.length
    ? ['说明 / Notes:', ...t.notes.map((n) => `- ${n.zh} / ${n.en}`)]
    : undefined;
  return {
    json: t,
    rows,
    title: `${t.year} 年目标进度（截至 ${t.asOf}，余 ${t.remainingDays} 天）`,
    ...(footer ? { footer } : {}),
  };
}
