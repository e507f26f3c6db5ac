import type { OverviewBody } from '#contract/dashboard.ts';
import { fmtNumber, fmtPercent } from '../../format.ts';
import { useLang } from '../../i18n.ts';
import { localName, townshipName } from '../../names.ts';
import { usePlaces } from '../../places.ts';
import { useRounding } from '../../rounding.ts';
import { linkClick } from '../../router.ts';
import { AqiBadge, StatusBadge } from '../aqi-badge.tsx';
import { PeriodSpan } from '../period-picker.tsx';
import { Pollutant, unitOf } from '../pollutant.tsx';
import { mineLabelKey } from './mine.ts';

/**
 * A township user's own township, first on the overview (issue 12): its rank among the townships (the true one:
 * the ranking below is not reordered), this month's figures, and its stations with their AQI now.
 */
export function MyTownshipCard({ overview, townshipId }: { overview: OverviewBody; townshipId: string }) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const places = usePlaces();
  const row = overview.townships.find((r) => r.id === townshipId);
  const stations = overview.stations.filter((s) => s.townshipId === townshipId);
  const chineseName = row?.name ?? places.find((p) => p.id === townshipId)?.name ?? townshipId;
  const name = townshipName(places, townshipId, chineseName, lang) ?? chineseName;
  return (
    <section class="card my-township" data-my-township={townshipId}>
      <div class="card-head">
        <h2>
          <span class="mine-tag">{t(mineLabelKey(chineseName))}</span> {t('myTownshipTitle', { name })}
        </h2>
        <span class="muted small" data-my-township-rank={row?.rank ?? ''}>
          {row && row.rank !== null
            ? t('myTownshipRank', { rank: row.rank, of: overview.townships.length })
            : t('myTownshipNoRank')}
        </span>
      </div>
      <p class="muted small">
        <PeriodSpan from={overview.monthFrom} to={overview.monthTo} />
      </p>
      {row && (
        <dl class="my-township-figures">
          <dt>{t('composite')}</dt>
          <dd data-figure="composite">{fmtNumber(row.compositeIndex, lang, dp.composite)}</dd>
          <dt>
            <Pollutant name="PM2.5" />
          </dt>
          <dd data-figure="pm25">
            {fmtNumber(row.pm25, lang, dp.concentration['PM2.5'])}{' '}
            <small class="unit">{unitOf('PM2.5')}</small>
          </dd>
          <dt>{t('goodRatio')}</dt>
          <dd data-figure="good">{fmtPercent(row.goodRatio, lang)}</dd>
        </dl>
      )}
      <h3 class="small muted">{t('myTownshipStations')}</h3>
      {stations.length === 0 ? (
        <p class="muted small">{t('myTownshipNoStations')}</p>
      ) : (
        <ul class="my-stations">
          {stations.map((s) => (
            <li key={s.code} data-station={s.code}>
              <a
                href={`/station/${s.code}`}
                onClick={(e) => linkClick(e as unknown as MouseEvent, `/station/${s.code}`)}
              >
                {localName(s, lang)}
              </a>
              <AqiBadge aqi={s.aqiNow} />
              <StatusBadge status={s.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
