import { useState } from 'preact/hooks';
import { api, exportUrl, type ReportFigures } from '../api.ts';
import { defaultPeriod, type Period, PeriodPicker } from '../components/period-picker.tsx';
import { Pollutant } from '../components/pollutant.tsx';
import { fmtDate, fmtNumber, fmtPercent } from '../format.ts';
import { localMessage, useLang } from '../i18n.ts';
import { localName } from '../names.ts';
import { useData } from '../use-data.ts';

/** The columns of the report: each pollutant's assessed statistic (HJ 663) and whether it complies. */
const COLUMNS = [
  { p: 'PM2.5', stat: 'mean', dp: 0 },
  { p: 'PM10', stat: 'mean', dp: 0 },
  { p: 'O3', stat: 'p90', dp: 0 },
  { p: 'SO2', stat: 'mean', dp: 0 },
  { p: 'NO2', stat: 'mean', dp: 0 },
  { p: 'CO', stat: 'p95', dp: 1 },
] as const;

function Row({ name, code, f }: { name: string; code: string; f: ReportFigures }) {
  const { lang } = useLang();
  return (
    <tr data-row={code} class={code === 'district' ? 'district' : ''}>
      <td class="sticky">{name}</td>
      <td class="num">{f.validDays}</td>
      <td class="num">{f.goodDays}</td>
      <td class="num">{fmtPercent(f.goodRatio, lang)}</td>
      <td class="num">{f.heavyDays}</td>
      <td class="num">{fmtPercent(f.heavyRatio, lang)}</td>
      <td class="num">
        <b>{fmtNumber(f.compositeIndex, lang, 2)}</b>
      </td>
      {COLUMNS.map((c) => {
        const x = f.pollutants[c.p];
        return (
          <td key={c.p} class={`num${x?.complies === false ? ' bad' : ''}`}>
            {fmtNumber(x?.[c.stat] ?? null, lang, c.dp)}
          </td>
        );
      })}
    </tr>
  );
}

/** 报表: monthly, quarterly, yearly or custom statistics of the district and each station; xlsx and CSV export. */
export function Page() {
  const { t, lang } = useLang();
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const report = useData(() => api.report(period.from, period.to), [period.from, period.to]);
  const r = report.data;
  return (
    <div class="page reports-page" data-page="reports">
      <section class="card">
        <div class="card-head">
          <h2>{t('reportTitle')}</h2>
          <PeriodPicker value={period} onChange={setPeriod} />
        </div>
        <div class="toolbar">
          <span class="muted">
            {fmtDate(period.from, lang)} – {fmtDate(period.to, lang)}
          </span>
          <a
            class="button"
            href={exportUrl('xlsx', period.from, period.to, lang)}
            download
            data-export="xlsx"
          >
            {t('exportXlsx')}
          </a>
          <a
            class="button secondary"
            href={exportUrl('csv', period.from, period.to, lang)}
            download
            data-export="csv"
          >
            {t('exportCsv')}
          </a>
        </div>
        {r?.spansRuleSets && <p class="warn">{t('spansRuleSets')}</p>}
        {report.error && <p class="warn">{localMessage(report.error, lang)}</p>}
        {r ? (
          <div class="table-wrap">
            <table class="report" data-report>
              <thead>
                <tr>
                  <th class="sticky">{t('station')}</th>
                  <th class="num">{t('validDays')}</th>
                  <th class="num">{t('goodDays')}</th>
                  <th class="num">{t('goodRatio')}</th>
                  <th class="num">{t('heavyDays')}</th>
                  <th class="num">{t('heavyRatio')}</th>
                  <th class="num">{t('composite')}</th>
                  {COLUMNS.map((c) => (
                    <th key={c.p} class="num">
                      <Pollutant name={c.p} />
                      {c.stat !== 'mean' && <small> {c.stat.toUpperCase()}</small>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <Row name={t('district')} code="district" f={r.district} />
                {r.stations.map((s) => {
                  const f = r.sites[s.code];
                  return f ? <Row key={s.code} name={localName(s, lang)} code={s.code} f={f} /> : null;
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <div class="loading" />
        )}
        <p class="muted small">{t('unitNote')}</p>
      </section>
    </div>
  );
}
