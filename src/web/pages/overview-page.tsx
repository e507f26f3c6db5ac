import type { OverviewBody } from '#contract/dashboard.ts';
import { api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { AqiBadge } from '../components/aqi-badge.tsx';
import { NowCard } from '../components/now-card.tsx';
import { Pollutant } from '../components/pollutant.tsx';
import { StationRanking, TownshipRanking } from '../components/rankings.tsx';
import { hasOwnOutlets, myTownshipId } from '../components/roles/mine.ts';
import { MyOutlets } from '../components/roles/my-outlets.tsx';
import { MyTownshipCard } from '../components/roles/my-township.tsx';
import { TargetCards } from '../components/target-cards.tsx';
import { fmtDate, fmtDelta, fmtNumber, fmtPercent } from '../format.ts';
import { localMessage, useLang } from '../i18n.ts';
import { useLive } from '../live.ts';
import { useData } from '../use-data.ts';

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

function ChangesCard({ o }: { o: OverviewBody }) {
  const { t, lang } = useLang();
  const { latest, previous, lastYear } = o.days;
  const lyOk = o.ytdLastYear.validDays > 0;
  return (
    <section class="card changes" data-changes>
      <h2>{t('changesTitle')}</h2>
      <div class="change-row">
        <div>
          <div class="muted">{t('dayAqi', { date: fmtDate(latest.date, lang) })}</div>
          <AqiBadge aqi={latest.aqi} />
        </div>
        <div>
          <div class="muted">{t('vsYesterday')}</div>
          <b class="delta">AQI {fmtDelta(diff(latest.aqi.aqi, previous.aqi.aqi), lang)}</b>
          <div class="muted small">
            <Pollutant name="PM2.5" /> {fmtDelta(diff(latest.pm25, previous.pm25), lang, 1, ' µg/m³')}
          </div>
        </div>
        <div>
          <div class="muted">{t('vsLastYear')}</div>
          {lastYear.aqi.aqi === null ? (
            <span class="muted small">{t('lastYearNoData')}</span>
          ) : (
            <>
              <b class="delta">AQI {fmtDelta(diff(latest.aqi.aqi, lastYear.aqi.aqi), lang)}</b>
              <div class="muted small">
                <Pollutant name="PM2.5" /> {fmtDelta(diff(latest.pm25, lastYear.pm25), lang, 1, ' µg/m³')}
              </div>
            </>
          )}
        </div>
      </div>
      <table class="ytd">
        <thead>
          <tr>
            <th>{t('ytd')}</th>
            <th class="num">
              <Pollutant name="PM2.5" /> <small class="unit">µg/m³</small>
            </th>
            <th class="num">{t('goodRatio')}</th>
            <th class="num">{t('composite')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{o.year}</td>
            <td class="num">{fmtNumber(o.ytd.pm25, lang, 0)}</td>
            <td class="num">{fmtPercent(o.ytd.goodRatio, lang)}</td>
            <td class="num">{fmtNumber(o.ytd.compositeIndex, lang, 2)}</td>
          </tr>
          <tr>
            <td>
              {o.year - 1}
              <div class="muted small">
                {lyOk ? t('validDaysN', { n: o.ytdLastYear.validDays }) : t('lastYearNoData')}
              </div>
            </td>
            <td class="num">{lyOk ? fmtDelta(diff(o.ytd.pm25, o.ytdLastYear.pm25), lang, 0) : '—'}</td>
            <td class="num">
              {lyOk ? fmtDelta(diff(o.ytd.goodRatio, o.ytdLastYear.goodRatio), lang, 1, '%') : '—'}
            </td>
            <td class="num">
              {lyOk ? fmtDelta(diff(o.ytd.compositeIndex, o.ytdLastYear.compositeIndex), lang, 2) : '—'}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/**
 * 总览: targets, now, changes, rankings; refreshed by every live event. A user's own part leads (issue 12): a
 * township user's township, an inspector's (or enterprise's) outlets.
 */
export function OverviewPage() {
  const { t, lang } = useLang();
  const { me } = useAuth();
  const mine = myTownshipId(me);
  const live = useLive();
  const { data, error } = useData(() => api.overview(), [live.tick]);
  if (!data)
    return <div class="loading">{error ? `${t('failed')}: ${localMessage(error, lang)}` : t('loading')}</div>;
  return (
    <div class="page overview" data-page="overview">
      {hasOwnOutlets(me) && <MyOutlets />}
      {mine && <MyTownshipCard overview={data} townshipId={mine} />}
      <TargetCards targets={data.targets} />
      <div class="grid2">
        <NowCard now={data.now} />
        <ChangesCard o={data} />
      </div>
      <div class="grid2 wide-left">
        <StationRanking rows={data.stations} mine={mine} />
        <TownshipRanking rows={data.townships} mine={mine} />
      </div>
    </div>
  );
}
