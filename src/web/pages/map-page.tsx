import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SnapshotBody, StationNow } from '#contract/dashboard.ts';
import { api } from '../api.ts';
import { Chart } from '../charts/chart.tsx';
import { echarts } from '../charts/echarts.ts';
import { AqiBadge, PrimaryPollutants, StatusBadge } from '../components/aqi-badge.tsx';
import { AqiLegend } from '../components/aqi-legend.tsx';
import { HealthAdvice } from '../components/health-advice.tsx';
import { SixValues } from '../components/now-card.tsx';
import { fmtHour, pollutantLabel } from '../format.ts';
import { hourEndLabel } from '../hour-label.ts';
import { localMessage, useLang } from '../i18n.ts';
import { useLive } from '../live.ts';
import { localName, townshipName } from '../names.ts';
import { usePlaces } from '../places.ts';
import { linkClick } from '../router.ts';
import { useData } from '../use-data.ts';
import { type ColorBy, mapOption } from './map-options.ts';

const MODES: ColorBy[] = ['AQI', 'PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'];

let geoLoaded: Promise<void> | undefined;
/** Hebi's outline (five county-level divisions) is registered once, from the app's own files: no tiles. */
function loadGeo(): Promise<void> {
  geoLoaded ??= fetch('/geo/hebi.json')
    .then((r) => r.json())
    .then((geo) => echarts.registerMap('hebi', geo));
  return geoLoaded;
}

function Details({ s, onClose }: { s: StationNow; onClose: () => void }) {
  const { t, lang } = useLang();
  const places = usePlaces();
  return (
    <aside class="card details" data-details={s.code}>
      <header>
        <h3>{localName(s, lang)}</h3>
        <button type="button" class="link" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </header>
      <p class="muted">
        {s.code} · {townshipName(places, s.townshipId, s.townshipName, lang) ?? ''} ·{' '}
        <StatusBadge status={s.status} note={s.statusNote} />
      </p>
      {s.status !== 'online' && s.statusSince !== null && (
        <p class="warn">
          {t(s.status === 'offline' ? 'offlineSince' : 'noDataSince', { time: fmtHour(s.statusSince, lang) })}
        </p>
      )}
      <div class="now-main">
        <AqiBadge aqi={s.aqi} large />
        <div>
          <div class="muted">{t('primary')}</div>
          <b>
            <PrimaryPollutants aqi={s.aqi} />
          </b>
          <div class="muted small" data-details-time={s.time ?? ''}>
            {hourEndLabel(s.time, lang)}
          </div>
        </div>
      </div>
      <HealthAdvice level={s.aqi.level} time={s.time} />
      <SixValues values={s.values} />
      <a
        class="button"
        href={`/station/${s.code}`}
        onClick={(e) => linkClick(e as unknown as MouseEvent, `/station/${s.code}`)}
      >
        {t('openStation')}
      </a>
    </aside>
  );
}

/** 地图: Qibin's boundary, the stations coloured by AQI or a pollutant, a 24-hour slider, details on click. */
export function Page() {
  const { t, lang } = useLang();
  const live = useLive();
  const [geoReady, setGeoReady] = useState(false);
  const [by, setBy] = useState<ColorBy>('AQI');
  const [at, setAt] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    void loadGeo().then(() => setGeoReady(true));
  }, []);
  // `at` undefined = follow the newest hour, so live data moves the map along.
  const { data, error } = useData<SnapshotBody>(() => api.snapshot(at), [at, live.tick]);
  const option = useMemo(
    () => (data ? mapOption(data, by, lang, selected) : null),
    [data, by, lang, selected],
  );
  const hours = data?.hours ?? [];
  const index = at === undefined ? hours.length - 1 : hours.indexOf(at);
  const station = data?.stations.find((s) => s.code === selected);

  return (
    <div class="page map-page" data-page="map">
      <div class="toolbar">
        <label>
          {t('colorBy')}{' '}
          <select
            value={by}
            onChange={(e) => setBy((e.target as HTMLSelectElement).value as ColorBy)}
            data-color-by
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m === 'AQI' ? t('byAqi') : pollutantLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <label class="slider">
          {t('hourSlider')}{' '}
          <input
            type="range"
            min={0}
            max={Math.max(0, hours.length - 1)}
            value={Math.max(0, index)}
            data-hour-slider
            onInput={(e) => {
              const i = Number((e.target as HTMLInputElement).value);
              setAt(i >= hours.length - 1 ? undefined : hours[i]);
            }}
          />
          <output data-hour={data?.at ?? ''}>{hourEndLabel(data?.at ?? null, lang)}</output>
        </label>
      </div>
      {error && <p class="warn">{localMessage(error, lang)}</p>}
      <div class="map-layout">
        <div class="card map-card">
          {geoReady && option ? (
            <div data-points={data?.stations.filter((s) => s.lon !== null).length ?? 0}>
              <Chart
                name="map"
                option={option}
                height={520}
                onClick={(p) => {
                  if (data?.stations.some((s) => s.code === p.name)) setSelected(p.name);
                }}
              />
            </div>
          ) : (
            <div class="loading" style={{ height: '520px' }} />
          )}
          <AqiLegend />
        </div>
        {station ? (
          <Details s={station} onClose={() => setSelected(null)} />
        ) : (
          <aside class="card details list">
            <h3>{t('details')}</h3>
            <ul class="station-list">
              {data?.stations.map((s) => (
                <li key={s.code} data-station={s.code} class={s.status !== 'online' ? 'is-off' : ''}>
                  <button type="button" class="link" onClick={() => setSelected(s.code)}>
                    {localName(s, lang)}
                  </button>
                  <StatusBadge status={s.status} note={s.statusNote} />
                  <AqiBadge aqi={s.aqi} />
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
    </div>
  );
}
