import type { OverviewBody } from '#contract/dashboard.ts';
import { api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { AqiBadge } from '../components/aqi-badge.tsx';
import { DeductedActual } from '../components/deducted-actual.tsx';
import { NowCard } from '../components/now-card.tsx';
import { PeriodSpan } from '../components/period-picker.tsx';
import { Pollutant } from '../components/pollutant.tsx';
import { StationRanking, TownshipRanking } from '../components/rankings.tsx';
import { incomparableText } from '../components/report-table.tsx';
import { hasOwnOutlets, myTownshipId } from '../components/roles/mine.ts';
import { MyOutlets } from '../components/roles/my-outlets.tsx';
import { MyTownshipCard } from '../components/roles/my-township.tsx';
import { TargetCards } from '../components/target-cards.tsx';
import { fmtDate, fmtDelta, fmtNumber, fmtPercent } from '../format.ts';
import { localMessage, useLang } from '../i18n.ts';
import { useLive } from '../live.ts';
import { RoundingContext, useRounding } from '../rounding.ts';
import { useData } from '../use-data.ts';

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

function ChangesCard({ o }: { o: OverviewBody }) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const { latest, previous, lastYear } = o.days;
  const ch = o.ytdChange;
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
      <table class="ytd" data-ytd>
        <thead>
          <tr>
            <th>
              {t('ytd')}
              <div class="muted small">
                <PeriodSpan from={o.ytd.from} to={o.ytd.to} />
              </div>
            </th>
            <th class="num">
              <Pollutant name="PM2.5" /> <small class="unit">µg/m³</small>
            </th>
            <th class="num">{t('goodRatio')}</th>
            <th class="num">{t('composite')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-ytd-row="this">
            <td>{o.year}</td>
            <td class="num" data-col="pm25">
              {fmtNumber(o.ytd.pm25, lang, dp.concentration['PM2.5'])}
            </td>
            <td class="num" data-col="goodRatio">
              {fmtPercent(o.ytd.goodRatio, lang, dp.ratio)}
            </td>
            <td class="num" data-col="composite">
              {fmtNumber(o.ytd.compositeIndex, lang, dp.composite)}
            </td>
          </tr>
          <tr data-ytd-row="change">
            <td>
              {t('lyRow')}
              <div class="muted small">
                <PeriodSpan from={o.ytdLastYear.from} to={o.ytdLastYear.to} /> ·{' '}
                {t('validDaysN', { n: o.ytdLastYear.validDays })}
              </div>
            </td>
            {ch.incomparable ? (
              <td colSpan={3} class="muted small" data-why="yoy">
                {incomparableText(t, ch, 'yoy')}
              </td>
            ) : (
              <>
                <td class="num">{fmtDelta(ch.pm25, lang, dp.concentration['PM2.5'])}</td>
                <td class="num" data-col="goodRatioPp">
                  {fmtDelta(ch.goodRatioPp, lang, dp.ratioChangePp, ` ${t('ppUnit')}`)}
                </td>
                <td class="num">{fmtDelta(ch.compositeIndex, lang, dp.composite)}</td>
              </>
            )}
          </tr>
        </tbody>
      </table>
      <DeductedActual deducted={{ ...o.ytd }} actual={{ ...o.ytdActual }} days={o.ytdDeductedDays} />
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
  const month = { from: data.monthFrom, to: data.monthTo };
  return (
    <RoundingContext.Provider value={data.rounding}>
      <div class="page overview" data-page="overview">
        {hasOwnOutlets(me) && <MyOutlets />}
        {mine && <MyTownshipCard overview={data} townshipId={mine} />}
        <TargetCards targets={data.targets} />
        <div class="grid2">
          <NowCard now={data.now} />
          <ChangesCard o={data} />
        </div>
        <div class="grid2 wide-left">
          <StationRanking rows={data.stations} mine={mine} period={month} />
          <TownshipRanking rows={data.townships} mine={mine} period={month} />
        </div>
      </div>
    </RoundingContext.Provider>
  );
}
