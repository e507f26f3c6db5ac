import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Chart } from '../charts/chart.tsx';
import { AqiScaleLegend } from '../charts/chart-legend.tsx';
import { GapNote } from '../charts/gap-note.tsx';
import { DustDaysNote } from '../components/dust-days-note.tsx';
import { defaultPeriod, type Period, PeriodPicker } from '../components/period-picker.tsx';
import { PeriodStats } from '../components/period-stats.tsx';
import { pollutantLabel, todayIso } from '../format.ts';
import { localMessage, useLang } from '../i18n.ts';
import { useLive } from '../live.ts';
import { localName } from '../names.ts';
import { RoundingContext } from '../rounding.ts';
import { navigate, type Route } from '../router.ts';
import { useData } from '../use-data.ts';
import { calendarOption, compareOption, SERIES_POLLUTANTS, seriesOption } from './station-options.ts';

const RANGES = [
  { hours: 24, key: 'hours24' },
  { hours: 72, key: 'hours72' },
  { hours: 168, key: 'days7' },
  { hours: 720, key: 'days30' },
] as const;

const narrowScreen = () => typeof matchMedia === 'function' && matchMedia('(max-width: 700px)').matches;

/** 站点: hourly series, daily AQI calendar, period statistics with validity, comparison with other stations. */
export function Page({ route }: { route: Route }) {
  const { t, lang } = useLang();
  const live = useLive();
  const sites = useData(() => api.sites(), []);
  const list = sites.data?.sites ?? [];
  const code = (route.page === 'station' ? route.code : null) ?? list[0]?.code ?? null;
  const [hours, setHours] = useState(72);
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const [compare, setCompare] = useState<string[]>([]);
  const [pollutant, setPollutant] = useState<string>('PM2.5');
  const year = Number(todayIso().slice(0, 4));
  const narrow = narrowScreen();

  useEffect(() => setCompare([]), [code]);

  const series = useData(
    () => (code ? api.hours([code], hours) : Promise.resolve(undefined)),
    [code, hours, live.tick],
  );
  const calendar = useData(
    () => (code ? api.days(code, `${year}-01-01`, todayIso()) : Promise.resolve(undefined)),
    [code, year, live.tick],
  );
  const stats = useData(
    () =>
      code
        ? Promise.all([api.report(period.from, period.to, [code]), api.days(code, period.from, period.to)])
        : Promise.resolve(undefined),
    [code, period.from, period.to],
  );
  const compared = useData(
    () => (code ? api.hours([code, ...compare], hours) : Promise.resolve(undefined)),
    [code, compare.join(','), hours, live.tick],
  );

  const seriesOpt = useMemo(
    () => (series.data ? seriesOption(series.data, lang, narrow) : null),
    [series.data, lang, narrow],
  );
  const calendarOpt = useMemo(
    () => (calendar.data ? calendarOption(calendar.data.days, year, lang, narrow) : null),
    [calendar.data, year, lang, narrow],
  );
  const compareOpt = useMemo(
    () => (compared.data ? compareOption(compared.data, pollutant, lang, narrow) : null),
    [compared.data, pollutant, lang, narrow],
  );
  const site = list.find((s) => s.code === code);
  const siteName = (s: (typeof list)[number]) => localName(s, lang);

  return (
    <div class="page station-page" data-page="station" data-code={code ?? ''}>
      <div class="toolbar">
        <select
          value={code ?? ''}
          data-station-select
          onChange={(e) => navigate(`/station/${(e.target as HTMLSelectElement).value}`)}
        >
          {list.map((s) => (
            <option key={s.code} value={s.code}>
              {siteName(s)} ({s.code})
            </option>
          ))}
        </select>
        <div class="segmented">
          {RANGES.map((r) => (
            <button
              type="button"
              key={r.hours}
              class={hours === r.hours ? 'active' : ''}
              onClick={() => setHours(r.hours)}
            >
              {t(r.key)}
            </button>
          ))}
        </div>
      </div>
      <section class="card">
        <h2>
          {site ? siteName(site) : ''} · {t('seriesTitle')}
        </h2>
        {seriesOpt ? (
          <Chart name="series" option={seriesOpt} height={narrow ? 400 : 440} />
        ) : (
          <div class="loading" />
        )}
        <AqiScaleLegend name="series" gaps />
        {series.data?.sites[0] && <GapNote t0={series.data.t0} gaps={series.data.sites[0].gaps ?? []} />}
        <p class="muted small">{t('unitNote')}</p>
      </section>
      <section class="card">
        <h2>{t('calendarTitle', { year })}</h2>
        {calendarOpt ? (
          <Chart name="calendar" option={calendarOpt} height={narrow ? 760 : 170} />
        ) : (
          <div class="loading" />
        )}
        <AqiScaleLegend name="calendar" />
      </section>
      <section class="card">
        <div class="card-head">
          <h2>{t('statsTitle')}</h2>
          <PeriodPicker value={period} onChange={setPeriod} />
        </div>
        {stats.data && code && stats.data[0].sites[code] ? (
          <RoundingContext.Provider value={stats.data[0].rounding}>
            <PeriodStats
              figures={stats.data[0].sites[code]}
              days={stats.data[1].days}
              from={period.from}
              to={period.to}
            />
          </RoundingContext.Provider>
        ) : (
          <div class="loading">{stats.error ? localMessage(stats.error, lang) : ''}</div>
        )}
        <DustDaysNote from={period.from} to={period.to} />
      </section>
      <section class="card">
        <div class="card-head">
          <h2>{t('compareTitle')}</h2>
          <select
            value={pollutant}
            onChange={(e) => setPollutant((e.target as HTMLSelectElement).value)}
            data-compare-pollutant
          >
            {['AQI', ...SERIES_POLLUTANTS].map((p) => (
              <option key={p} value={p}>
                {pollutantLabel(p)}
              </option>
            ))}
          </select>
        </div>
        <div class="chips" data-compare>
          <span class="muted">{t('compareWith')}:</span>
          {list
            .filter((s) => s.code !== code)
            .map((s) => (
              <label key={s.code} class={compare.includes(s.code) ? 'chip on' : 'chip'}>
                <input
                  type="checkbox"
                  checked={compare.includes(s.code)}
                  onChange={() =>
                    setCompare((c) => (c.includes(s.code) ? c.filter((x) => x !== s.code) : [...c, s.code]))
                  }
                />
                {siteName(s)}
              </label>
            ))}
        </div>
        {compareOpt ? <Chart name="compare" option={compareOpt} height={300} /> : <div class="loading" />}
      </section>
    </div>
  );
}
