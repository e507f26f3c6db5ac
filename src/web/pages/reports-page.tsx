import { useState } from 'preact/hooks';
import { type AirReportBody, api, exportUrl } from '../api.ts';
import { DeductedActual, pairOf } from '../components/deducted-actual.tsx';
import { defaultPeriod, type Period, PeriodPicker, PeriodSpan } from '../components/period-picker.tsx';
import { incomparableText, type RankRow, RankTable, ReportLegend } from '../components/report-table.tsx';
import { fmtDate } from '../format.ts';
import { localMessage, useLang } from '../i18n.ts';
import { localName, townshipName } from '../names.ts';
import { usePlaces } from '../places.ts';
import { RoundingContext } from '../rounding.ts';
import { useData } from '../use-data.ts';

/** Which days the report covers, whether the period is still running, and what it is compared with. */
function PeriodNotes({ r }: { r: AirReportBody }) {
  const { t, lang } = useLang();
  const p = r.period;
  const yoy = r.district.yoy;
  const mom = r.district.mom;
  return (
    <div class="period-notes">
      <p>
        <PeriodSpan from={r.from} to={r.to} /> <span class="muted small">· {t('completeDaysOnly')}</span>
      </p>
      {p.partial && (
        <p class="warn" data-partial>
          {t(`partial.${p.kind}`, { n: p.completeDays, date: fmtDate(r.to, lang) })}
        </p>
      )}
      {p.notCompared === 'too-long' ? (
        <p class="muted small">{t('notComparedLong')}</p>
      ) : (
        p.previous &&
        p.lastYear && (
          <p class="muted small" data-compared-with>
            {t('comparedWith', {
              prev: `${fmtDate(p.previous.from, lang)}–${fmtDate(p.previous.to, lang)}`,
              ly: `${fmtDate(p.lastYear.from, lang)}–${fmtDate(p.lastYear.to, lang)}`,
            })}
          </p>
        )
      )}
      {mom?.incomparable && (
        <p class="muted small" data-why="mom">
          {incomparableText(t, mom, 'mom')}
        </p>
      )}
      {yoy?.incomparable && (
        <p class="muted small" data-why="yoy">
          {incomparableText(t, yoy, 'yoy')}
        </p>
      )}
    </div>
  );
}

/** Which rules, methods, divisors and rounding table produced the figures (the report's notes, issue 13). */
function MethodNotes({ r }: { r: AirReportBody }) {
  const { t, lang } = useLang();
  return (
    <section class="method-notes" data-method-notes aria-label={t('methodNotes')}>
      <h3>{t('methodNotes')}</h3>
      <ul>
        {r.notes.map((n) => (
          <li key={n.code} data-note={n.code} class="muted small">
            {n[lang]}
            {n.unverified && <span class="tag warn"> {t('unverifiedNote')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * 报表: statistics of the district, each station and each township over a month, quarter, year or custom span
 * (complete days only), ranked by composite index with the rank change, 环比 and 同比; xlsx and CSV export.
 */
export function Page() {
  const { t, lang } = useLang();
  const places = usePlaces();
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const report = useData(() => api.report(period.from, period.to), [period.from, period.to]);
  const r = report.data;
  const stations: RankRow[] = r
    ? r.stations.flatMap((s) => {
        const f = r.sites[s.code];
        return f ? [{ ...f, key: s.code, name: localName(s, lang) }] : [];
      })
    : [];
  const townships: RankRow[] = r
    ? r.townships.map((tw) => ({
        ...tw,
        key: tw.id,
        name: townshipName(places, tw.id, tw.name, lang) ?? tw.name,
        stations: tw.stations.length,
      }))
    : [];
  return (
    <div class="page reports-page" data-page="reports">
      <section class="card">
        <div class="card-head">
          <h2>{t('reportTitle')}</h2>
          <PeriodPicker value={period} onChange={setPeriod} />
        </div>
        <div class="toolbar">
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
          <RoundingContext.Provider value={r.rounding}>
            <PeriodNotes r={r} />
            <DeductedActual
              deducted={pairOf(r.district)}
              actual={pairOf(r.district.actual)}
              days={r.deductedDays.length}
            />
            <h3>{t('stationTable')}</h3>
            <RankTable
              id="stations"
              rows={stations}
              district={{ ...r.district, key: 'district', name: t('district') }}
              assessable={r.period.assessable}
              nameLabel={t('station')}
            />
            <h3>{t('townshipTable')}</h3>
            <p class="muted small">{t('townshipNote')}</p>
            <RankTable
              id="townships"
              rows={townships}
              assessable={r.period.assessable}
              nameLabel={t('township')}
            />
            <ReportLegend r={r} />
            <MethodNotes r={r} />
          </RoundingContext.Provider>
        ) : (
          !report.error && <div class="loading" />
        )}
        <p class="muted small">{t('unitNote')}</p>
      </section>
    </div>
  );
}
