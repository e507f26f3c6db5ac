import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type DevicePeriod, type DeviceValue } from '../../api.ts';
import { useAuth } from '../../auth.ts';
import { Chart } from '../../charts/chart.tsx';
import { fmtNumber, fmtTimestamp } from '../../format.ts';
import { hourEndLabel } from '../../hour-label.ts';
import { localMessage, useLang } from '../../i18n.ts';
import { useData } from '../../use-data.ts';
import { Chem } from '../pollutant.tsx';
import { deviceSeriesOption } from './device-chart.ts';
import {
  type DeviceRow,
  eventDetail,
  factorName,
  fmtAgo,
  fmtInterval,
  parameterLabel,
  parameterUnit,
} from './device-format.ts';
import { RefusedPackets } from './refused-packets.tsx';
import { StateBadge } from './state-badge.tsx';

const DAY = 86_400_000;
/** The API's largest page; a day of real-time values of six parameters takes a few. */
const PAGE = 5000;
const MAX_PAGES = 5;
const CHART_PERIODS: readonly DevicePeriod[] = ['minute', 'raw', 'hour'];

/** Every value of the device in [from, to) of one period, newest first, read page by page. */
async function valuesSince(
  mn: string,
  period: DevicePeriod,
  from: number,
  to: number,
): Promise<DeviceValue[]> {
  const seen = new Set<string>();
  const all: DeviceValue[] = [];
  let until = to;
  for (let i = 0; i < MAX_PAGES; i++) {
    const { values } = await api.deviceData(mn, { period, from, to: until, limit: PAGE });
    for (const v of values) {
      const key = `${v.parameter}|${v.time}`;
      if (!seen.has(key)) {
        seen.add(key);
        all.push(v);
      }
    }
    const oldest = values.at(-1)?.time;
    // A full page may have cut the oldest instant between parameters: read again from just after it.
    if (values.length < PAGE || oldest === undefined || oldest + 1 >= until) break;
    until = oldest + 1;
  }
  return all;
}

/** Per parameter, its newest value of each period. */
function newestByParameter(values: readonly DeviceValue[]): Map<string, DeviceValue> {
  const newest = new Map<string, DeviceValue>();
  for (const v of values) {
    const had = newest.get(v.parameter);
    if (!had || v.time > had.time) newest.set(v.parameter, v);
  }
  return newest;
}

/** A device opened from the table: its facts, factor mapping, newest values, a 24-hour chart, its events. */
export function DeviceDetail({
  row,
  refresh,
  now,
  onClose,
}: {
  row: DeviceRow;
  refresh: number;
  now: number;
  onClose: () => void;
}) {
  const { t, lang } = useLang();
  const auth = useAuth();
  const d = row.device;
  const mn = d.mn;
  const parameters = useMemo(() => [...new Set(d.factors.map((f) => f.parameter))], [d.factors]);
  const [parameter, setParameter] = useState(parameters[0] ?? '');
  const [period, setPeriod] = useState<DevicePeriod>('minute');
  useEffect(() => setParameter(parameters[0] ?? ''), [mn]);

  const rows = Math.max(60, parameters.length * 10);
  const latest = useData(
    () =>
      Promise.all([
        api.deviceData(mn, { period: 'raw', limit: rows }),
        api.deviceData(mn, { period: 'minute', limit: rows }),
        api.deviceData(mn, { period: 'hour', limit: rows }),
      ]).then(([raw, minute, hour]) => ({
        mn,
        raw: newestByParameter(raw.values),
        minute: newestByParameter(minute.values),
        hour: newestByParameter(hour.values),
      })),
    [mn, refresh],
  );
  const series = useData(() => {
    const to = Date.now() + 60_000;
    const from = to - DAY - 60_000;
    return valuesSince(mn, period, from, to).then((values) => ({ mn, period, values, from, to }));
  }, [mn, period, refresh]);
  const canEvents = auth.can('events:read');
  const events = useData(
    () =>
      canEvents
        ? api.events(undefined, 500).then((r) => r.events.filter((e) => e.subject === mn).slice(0, 50))
        : Promise.resolve([]),
    [mn, canEvents, refresh],
  );

  const stepMs = period === 'raw' ? d.expectedIntervalS * 1000 : period === 'minute' ? 60_000 : 3_600_000;
  const chartData = series.data?.mn === mn && series.data.period === period ? series.data : null;
  const option = useMemo(
    () =>
      chartData
        ? deviceSeriesOption(
            chartData.values.filter((v) => v.parameter === parameter),
            parameterLabel(parameter, lang),
            parameterUnit(parameter),
            stepMs,
            // The axis ends at the newest whole minute: the day before, not the minute of the load.
            { from: chartData.from + 60_000, to: chartData.to - 60_000 },
            lang,
          )
        : null,
    [chartData, parameter, lang, stepMs],
  );
  const latestData = latest.data?.mn === mn ? latest.data : undefined;
  const anyValue = latestData && (latestData.raw.size || latestData.minute.size || latestData.hour.size);
  const s = row.status;

  return (
    <section class="card device-detail" data-device-detail={mn}>
      <div class="card-head">
        <h2>
          {d.name ?? mn} <StateBadge state={row.state} />
        </h2>
        <button type="button" class="button secondary" data-close-detail onClick={onClose}>
          {t('devClose')}
        </button>
      </div>
      <dl class="device-facts">
        <div>
          <dt>{t('devMn')}</dt>
          <dd>
            <code>{mn}</code>
          </dd>
        </div>
        <div>
          <dt>{t('devSite')}</dt>
          <dd>
            {row.siteName}
            {d.siteCode && <span class="tid spaced">{d.siteCode}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('devRole')}</dt>
          <dd data-device-role={d.role}>
            {t(d.role === 'backup' ? 'devRoleBackup' : 'devRoleMain')}
            <small class="muted"> · {t('devOwnValues')}</small>
          </dd>
        </div>
        <div>
          <dt>{t('devLastSeen')}</dt>
          <dd>
            {fmtAgo(s?.lastSeenAt ?? null, now, t)}
            {s?.lastSeenAt ? <small class="muted"> {fmtTimestamp(s.lastSeenAt)}</small> : null}
          </dd>
        </div>
        <div>
          <dt>{t('devPeer')}</dt>
          <dd>
            <code>{s?.lastPeer ?? '—'}</code>
          </dd>
        </div>
        <div>
          <dt>{t('devInterval')}</dt>
          <dd>
            {fmtInterval(d.expectedIntervalS, t)}
            <small class="muted"> · {t('devOfflineAfter', { n: d.offlineAfterMissed })}</small>
          </dd>
        </div>
        <div>
          <dt>{t('devCrc')}</dt>
          <dd>
            {t(`crc.${d.crcPolicy}`)}
            {d.encrypted && <span class="chip spaced">{t('devEncrypted')}</span>}
            {!d.enabled && <span class="status status-offline spaced">{t('devDisabled')}</span>}
          </dd>
        </div>
      </dl>

      <div class="device-columns">
        <div>
          <h3 class="detail-sub">{t('detailFactors')}</h3>
          <div class="table-wrap">
            <table data-factors>
              <thead>
                <tr>
                  <th>{t('detailFactorCode')}</th>
                  <th>{t('detailFactorName')}</th>
                  <th>{t('detailParameter')}</th>
                  <th class="num">{t('detailScale')}</th>
                </tr>
              </thead>
              <tbody>
                {d.factors.map((f) => (
                  <tr key={f.factor} data-factor={f.factor}>
                    <td>
                      <code>{f.factor}</code>
                    </td>
                    <td>{factorName(f.factor, lang) ?? '—'}</td>
                    <td>
                      <Chem text={parameterLabel(f.parameter, lang)} />
                      {parameterUnit(f.parameter) && (
                        <small class="muted"> {parameterUnit(f.parameter)}</small>
                      )}
                    </td>
                    <td class="num">{f.scale}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div>
          <h3 class="detail-sub">{t('detailLatest')}</h3>
          {latest.error && <p class="form-error">{localMessage(latest.error, lang)}</p>}
          {!latestData ? (
            <div class="loading">{t('loading')}</div>
          ) : !anyValue ? (
            <p class="muted" data-latest-empty>
              {t('detailNoValues')}
            </p>
          ) : (
            <div class="table-wrap">
              <table data-latest>
                <thead>
                  <tr>
                    <th>{t('detailParameter')}</th>
                    <th class="num">{t('detailRealtime')}</th>
                    <th>{t('detailTime')}</th>
                    <th class="num">{t('detailMinute')}</th>
                    <th class="num">{t('detailHour')}</th>
                    <th>{t('detailFlag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parameters.map((p) => {
                    const raw = latestData.raw.get(p);
                    const minute = latestData.minute.get(p);
                    const hour = latestData.hour.get(p);
                    return (
                      <tr key={p} data-parameter={p}>
                        <td>
                          <Chem text={parameterLabel(p, lang)} />
                          {parameterUnit(p) && <small class="muted"> {parameterUnit(p)}</small>}
                        </td>
                        <td class="num" data-col="raw">
                          {fmtValue(raw?.value, lang)}
                        </td>
                        <td
                          class="tabular"
                          title={raw ? `${t('detailTime')}: ${fmtTimestamp(raw.time)}` : ''}
                        >
                          {raw ? fmtTimestamp(raw.time) : '—'}
                        </td>
                        <td class="num" data-col="minute" title={minute ? fmtTimestamp(minute.time) : ''}>
                          {fmtValue(minute?.value, lang)}
                        </td>
                        <td class="num" data-col="hour" title={hour ? hourEndLabel(hour.time, lang) : ''}>
                          {fmtValue(hour?.value, lang)}
                        </td>
                        <td>{raw?.flag ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>

      <div class="card-head chart-head">
        <h3 class="detail-sub">
          {t('detailChart')} · <Chem text={parameterLabel(parameter, lang)} />
        </h3>
        <div class="toolbar">
          <select
            value={parameter}
            data-chart-parameter
            onChange={(e) => setParameter((e.target as HTMLSelectElement).value)}
          >
            {parameters.map((p) => (
              <option key={p} value={p}>
                {parameterLabel(p, lang)}
              </option>
            ))}
          </select>
          <div class="segmented" data-chart-period>
            {CHART_PERIODS.map((p) => (
              <button
                type="button"
                key={p}
                class={period === p ? 'active' : ''}
                data-period={p}
                onClick={() => setPeriod(p)}
              >
                {t(`period.${p}`)}
              </button>
            ))}
          </div>
        </div>
      </div>
      {series.error && <p class="form-error">{localMessage(series.error, lang)}</p>}
      {option ? (
        <Chart name="device-series" option={option} height={280} />
      ) : (
        <div class="loading chart-placeholder" />
      )}

      <RefusedPackets mn={mn} refresh={refresh} />

      {canEvents && (
        <>
          <h3 class="detail-sub">{t('detailEvents')}</h3>
          {events.data === undefined ? (
            <div class="loading">{t('loading')}</div>
          ) : events.data.length === 0 ? (
            <p class="muted" data-events-empty>
              {t('detailNoEvents')}
            </p>
          ) : (
            <ul class="device-events" data-device-events>
              {events.data.map((e) => (
                <li key={e.id} data-event={e.kind}>
                  <span class="tabular">{fmtTimestamp(e.at)}</span>
                  <span class={`status ${e.kind === 'device_online' ? 'status-online' : 'status-offline'}`}>
                    {e.kind === 'device_online' || e.kind === 'device_offline'
                      ? t(`event.${e.kind}`)
                      : e.kind}
                  </span>
                  <span class="muted">{eventDetail(e, t)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function fmtValue(v: number | null | undefined, lang: 'zh' | 'en'): string {
  if (v === null || v === undefined) return '—';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return fmtNumber(v, lang, digits);
}
