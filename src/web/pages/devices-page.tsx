import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { DeviceDetail } from '../components/devices/device-detail.tsx';
import {
  DEVICE_STATES,
  type DeviceRow,
  type DeviceState,
  deviceRows,
  driftFlagged,
  filterRows,
  fmtAgo,
  fmtDrift,
  fmtDuration,
  fmtInterval,
  type SortKey,
  sortRows,
  stateCounts,
} from '../components/devices/device-format.ts';
import { QuarantineList } from '../components/devices/quarantine-list.tsx';
import { StateBadge } from '../components/devices/state-badge.tsx';
import { fmtClock, fmtTimestamp } from '../format.ts';
import { localMessage, type MessageKey, useLang } from '../i18n.ts';
import { useLive } from '../live.ts';
import { navigate, type Route } from '../router.ts';
import { useData } from '../use-data.ts';

/** The table re-reads the registry and health this often, besides on every live device event. */
const POLL_MS = 30_000;

/** A counter that moves every `ms` while the page is open. */
function useTicker(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return n;
}

/**
 * 数据接收 (devices:read): the HJ 212 data loggers within the caller's reach with their health, one opened in a
 * detail panel (/devices/:mn), and, with hj212:quarantine:read, the packets kept in quarantine.
 */
export function Page({ route }: { route: Route }) {
  const { t, lang } = useLang();
  const auth = useAuth();
  const live = useLive();
  const poll = useTicker(POLL_MS);
  const clock = useTicker(5_000);
  const refresh = live.tick + poll;
  const canQuarantine = auth.can('hj212:quarantine:read');
  const [tab, setTab] = useState<'devices' | 'quarantine'>('devices');
  const [state, setState] = useState<DeviceState | ''>('');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'site', desc: false });

  const loaded = useData(
    () =>
      Promise.all([api.devices(), api.deviceStatus()]).then(([d, s]) => ({
        devices: d.devices,
        statuses: s.devices,
        at: Date.now(),
      })),
    [refresh],
  );
  const sites = useData(() => api.allSites(), []);
  // The clock of relative times: moves every 5 s and with every load.
  const now = useMemo(() => Date.now(), [clock, loaded.data]);

  const rows = useMemo(
    () =>
      loaded.data ? deviceRows(loaded.data.devices, loaded.data.statuses, sites.data?.sites ?? [], lang) : [],
    [loaded.data, sites.data, lang],
  );
  const counts = stateCounts(rows);
  const shown = sortRows(filterRows(rows, state, text), sort.key, sort.desc, lang);
  const selectedMn = route.page === 'devices' ? route.mn : null;
  const selected = rows.find((r) => r.device.mn === selectedMn);

  const open = (mn: string | null) => navigate(mn ? `/devices/${encodeURIComponent(mn)}` : '/devices');

  const header = (key: SortKey, label: MessageKey, cls = '') => (
    <th
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      class={`sortable ${cls}`}
      data-sort={key}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
    >
      {t(label)}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </th>
  );

  return (
    <div class="page devices-page" data-page="devices">
      <section class="card">
        <div class="card-head">
          <h2>{t('devicesTitle')}</h2>
          {canQuarantine && (
            <div class="segmented" role="tablist">
              <button
                type="button"
                role="tab"
                class={tab === 'devices' ? 'active' : ''}
                aria-selected={tab === 'devices'}
                data-tab="devices"
                onClick={() => setTab('devices')}
              >
                {t('tabDevices')}
              </button>
              <button
                type="button"
                role="tab"
                class={tab === 'quarantine' ? 'active' : ''}
                aria-selected={tab === 'quarantine'}
                data-tab="quarantine"
                onClick={() => setTab('quarantine')}
              >
                {t('tabQuarantine')}
              </button>
            </div>
          )}
        </div>
        {tab === 'quarantine' && canQuarantine ? (
          <QuarantineList refresh={refresh} />
        ) : (
          <>
            <p class="muted small">{t('devicesHint')}</p>
            <div class="device-summary" data-summary>
              {DEVICE_STATES.map((s) => (
                <button
                  type="button"
                  key={s}
                  class={`summary-chip state-${s} ${state === s ? 'on' : ''}`}
                  aria-pressed={state === s}
                  data-count={s}
                  data-n={counts[s]}
                  onClick={() => setState(state === s ? '' : s)}
                >
                  <span>{t(`state.${s}`)}</span>
                  <b class="summary-count">{counts[s]}</b>
                </button>
              ))}
            </div>
            <div class="toolbar device-filters" data-device-filters>
              <select
                name="state"
                value={state}
                aria-label={t('devState')}
                onChange={(e) => setState((e.target as HTMLSelectElement).value as DeviceState | '')}
              >
                <option value="">
                  {t('devState')}: {t('all')}
                </option>
                {DEVICE_STATES.map((s) => (
                  <option key={s} value={s}>
                    {t(`state.${s}`)}
                  </option>
                ))}
              </select>
              <input
                name="q"
                type="search"
                value={text}
                placeholder={t('devSearchHint')}
                aria-label={t('devSearch')}
                onInput={(e) => setText((e.target as HTMLInputElement).value)}
              />
              {loaded.data && (
                <span class="muted small" data-device-total={rows.length}>
                  {shown.length === rows.length
                    ? t('devCount', { n: rows.length })
                    : t('devShown', { n: shown.length, m: rows.length })}
                </span>
              )}
            </div>
            {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
            {!loaded.data ? (
              !loaded.error && <div class="loading">{t('loading')}</div>
            ) : rows.length === 0 ? (
              <p class="muted" data-devices-empty>
                {t('devNoDevices')}
              </p>
            ) : (
              <div class={`table-wrap ${loaded.loading ? 'is-loading' : ''}`}>
                <table class="devices" data-devices>
                  <thead>
                    <tr>
                      {header('name', 'devName')}
                      {header('mn', 'devMn')}
                      {header('site', 'devSite')}
                      {header('state', 'devState')}
                      {header('lastSeen', 'devLastSeen')}
                      {header('lastData', 'devLastData')}
                      {header('drift', 'devDrift', 'num')}
                      {header('interval', 'devInterval', 'num')}
                      {header('crc', 'devCrc')}
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r) => (
                      <DeviceTableRow
                        key={r.device.mn}
                        row={r}
                        now={now}
                        selected={r.device.mn === selectedMn}
                        onOpen={() => open(r.device.mn === selectedMn ? null : r.device.mn)}
                      />
                    ))}
                  </tbody>
                </table>
                {shown.length === 0 && (
                  <p class="muted" data-devices-none>
                    {t('devNone')}
                  </p>
                )}
              </div>
            )}
            {loaded.data && (
              <p class="muted small" data-refreshed>
                {t('devRefreshed', { t: fmtClock(loaded.data.at) })}
              </p>
            )}
          </>
        )}
      </section>
      {tab === 'devices' && selected && (
        <DeviceDetail
          key={selected.device.mn}
          row={selected}
          refresh={refresh}
          now={now}
          onClose={() => open(null)}
        />
      )}
    </div>
  );
}

function DeviceTableRow({
  row,
  now,
  selected,
  onOpen,
}: {
  row: DeviceRow;
  now: number;
  selected: boolean;
  onOpen: () => void;
}) {
  const { t } = useLang();
  const d = row.device;
  const s = row.status;
  const drift = s?.clockDriftMs ?? null;
  const flagged = driftFlagged(drift);
  const path = `/devices/${encodeURIComponent(d.mn)}`;
  return (
    <tr
      data-device={d.mn}
      data-state={row.state}
      class={`clickable ${selected ? 'is-selected' : ''} ${d.enabled ? '' : 'is-off'}`}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        onOpen();
      }}
    >
      <td data-col="name" class="wrap">
        <a
          href={path}
          onClick={(e) => {
            // A modified click opens the device in a new tab as any link does.
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            onOpen();
          }}
        >
          {d.name ?? d.mn}
        </a>
        {!d.enabled && <span class="status status-offline spaced">{t('devDisabled')}</span>}
        {d.role === 'backup' && (
          <span class="chip spaced" data-role="backup">
            {t('devRoleBackup')}
          </span>
        )}
      </td>
      <td data-col="mn">
        <code>{d.mn}</code>
      </td>
      <td data-col="site" class="wrap">
        {row.siteName}
        {d.siteCode && <span class="tid spaced">{d.siteCode}</span>}
      </td>
      <td data-col="state">
        <StateBadge state={row.state} />
        {s?.stateSince ? (
          <small class="muted" title={fmtTimestamp(s.stateSince)}>
            {' '}
            {t('stateSince', { t: fmtTimestamp(s.stateSince) })}
          </small>
        ) : null}
      </td>
      <td data-col="lastSeen" title={s?.lastPeer ?? ''}>
        {fmtAgo(s?.lastSeenAt ?? null, now, t)}
        {s?.lastSeenAt ? <small class="muted tabular"> {fmtTimestamp(s.lastSeenAt)}</small> : null}
      </td>
      <td data-col="lastData" class="tabular">
        {fmtTimestamp(s?.lastDataTime ?? null)}
      </td>
      <td
        data-col="drift"
        class={`num ${flagged ? 'drift-flag' : ''}`}
        data-flagged={flagged ? 'true' : undefined}
        title={
          drift === null
            ? ''
            : `${drift >= 0 ? t('devDriftBehind', { d: fmtDuration(drift, t) }) : t('devDriftAhead', { d: fmtDuration(drift, t) })}${flagged ? ` · ${t('devDriftHigh')}` : ''}`
        }
      >
        {flagged && <span aria-hidden="true">⚠ </span>}
        {fmtDrift(drift, t)}
      </td>
      <td data-col="interval" class="num">
        {fmtInterval(d.expectedIntervalS, t)}
      </td>
      <td data-col="crc" title={t(`crcHint.${d.crcPolicy}`)}>
        {t(`crc.${d.crcPolicy}`)}
      </td>
    </tr>
  );
}
