import type { MyOutlet } from '#contract/my-outlets.ts';
import { api } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import { localMessage, useLang } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { localName, townshipName } from '../../names.ts';
import { usePlaces } from '../../places.ts';
import { useData } from '../../use-data.ts';
import { parameterLabel, parameterUnit } from '../devices/device-format.ts';
import { StateBadge } from '../devices/state-badge.tsx';
import { Chem } from '../pollutant.tsx';

function OutletCard({ outlet }: { outlet: MyOutlet }) {
  const { t, lang } = useLang();
  const places = usePlaces();
  const latest = outlet.latest;
  return (
    <article class="my-outlet" data-outlet={outlet.code}>
      <h3>
        {localName(outlet, lang)} <span class="tid">{outlet.code}</span>
      </h3>
      <div class="muted small">{townshipName(places, outlet.townshipId, null, lang) ?? ''}</div>
      <h4 class="small muted">{t('outletLoggers')}</h4>
      {outlet.loggers.length === 0 ? (
        <p class="muted small">{t('outletNoLoggers')}</p>
      ) : (
        <ul class="my-outlet-loggers">
          {outlet.loggers.map((l) => (
            <li key={l.mn} data-logger={l.mn}>
              <StateBadge state={l.state} /> <code>{l.mn}</code>
              {!l.enabled && <span class="muted small"> · {t('loggerDisabled')}</span>}
              {l.lastDataTime !== null && <span class="muted small"> · {fmtTimestamp(l.lastDataTime)}</span>}
            </li>
          ))}
        </ul>
      )}
      <h4 class="small muted">
        {t('outletLatest')}
        {latest && (
          <>
            {' · '}
            {t(latest.period === 'raw' ? 'outletLatestRaw' : 'outletLatestHour', {
              time: fmtTimestamp(latest.time),
            })}
          </>
        )}
      </h4>
      {latest ? (
        <div class="table-scroll">
          <table class="my-outlet-values">
            <tbody>
              {latest.values.map((v) => {
                const unit = parameterUnit(v.parameter);
                return (
                  <tr key={v.parameter} data-parameter={v.parameter}>
                    <td class="sticky-col">
                      <Chem text={parameterLabel(v.parameter, lang)} />
                    </td>
                    <td class="num">
                      {v.value ?? '—'} {unit && <small class="unit">{unit}</small>}
                    </td>
                    {/* HJ 212 flag N is "normal": only the others (F, M, S, D, C, T, B) say something. */}
                    <td class="muted small" data-flag={v.flag ?? ''}>
                      {v.flag && v.flag !== 'N' ? t('outletFlag', { flag: v.flag }) : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted small">{t('outletNoValues')}</p>
      )}
    </article>
  );
}

/** 我的排口 (issue 12): the outlets assigned to the signed-in user, refreshed with every live event. */
export function MyOutlets() {
  const { t, lang } = useLang();
  const live = useLive();
  const { data, error } = useData(() => api.myOutlets(), [live.tick]);
  return (
    <section class="card my-outlets" data-my-outlets>
      <div class="card-head">
        <h2>{t('myOutletsTitle')}</h2>
        <span class="muted small">{t('myOutletsHint')}</span>
      </div>
      {!data ? (
        <div class="loading">{error ? `${t('failed')}: ${localMessage(error, lang)}` : t('loading')}</div>
      ) : data.outlets.length === 0 ? (
        <p class="muted" data-my-outlets-none>
          {t('myOutletsNone')}
        </p>
      ) : (
        <div class="my-outlet-grid">
          {data.outlets.map((o) => (
            <OutletCard key={o.code} outlet={o} />
          ))}
        </div>
      )}
    </section>
  );
}
