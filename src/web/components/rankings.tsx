import type { OverviewBody } from '#contract/dashboard.ts';
import { fmtNumber, fmtPercent } from '../format.ts';
import { useLang } from '../i18n.ts';
import { localName, townshipName } from '../names.ts';
import { usePlaces } from '../places.ts';
import { useRounding } from '../rounding.ts';
import { linkClick } from '../router.ts';
import { AqiBadge, StatusBadge } from './aqi-badge.tsx';
import { PeriodSpan } from './period-picker.tsx';
import { Pollutant, unitOf } from './pollutant.tsx';
import { mineLabelKey } from './roles/mine.ts';

/** The ranking's period (month to date, complete days), shown under the title. */
type Span = { from: string; to: string };

/**
 * `mine`: the signed-in township user's township (issue 12). Its rows are marked where they stand: the ranking
 * keeps its true order, so a township at the bottom sees itself at the bottom.
 */
export function StationRanking({
  rows,
  mine,
  period,
}: {
  rows: OverviewBody['stations'];
  mine?: string | undefined;
  period?: Span;
}) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const places = usePlaces();
  return (
    <section class="card">
      <h2>{t('stationRanking')}</h2>
      {period && <PeriodSpan from={period.from} to={period.to} />}
      <div class="table-scroll">
        <table class="rank" data-ranking="stations">
          <thead>
            <tr>
              <th class="sticky-col sticky-lead">{t('rank')}</th>
              <th class="sticky-col">{t('station')}</th>
              <th class="hide-phone">{t('township')}</th>
              <th class="num">{t('composite')}</th>
              <th class="num">
                <Pollutant name="PM2.5" /> <small class="unit">{unitOf('PM2.5')}</small>
              </th>
              <th class="num hide-phone">{t('goodRatio')}</th>
              <th>{t('aqiNow')}</th>
              <th>{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.code}
                class={[r.status !== 'online' ? 'is-off' : '', mine && r.townshipId === mine ? 'is-mine' : '']
                  .filter(Boolean)
                  .join(' ')}
                data-station={r.code}
                data-mine={mine !== undefined && r.townshipId === mine ? 'true' : undefined}
              >
                <td class="sticky-col sticky-lead">{r.rank ?? '—'}</td>
                <td class="sticky-col">
                  <a
                    href={`/station/${r.code}`}
                    onClick={(e) => linkClick(e as unknown as MouseEvent, `/station/${r.code}`)}
                  >
                    {localName(r, lang)}
                  </a>
                </td>
                <td class="hide-phone">{townshipName(places, r.townshipId, r.townshipName, lang) ?? '—'}</td>
                <td class="num" data-col="composite">
                  {fmtNumber(r.compositeIndex, lang, dp.composite)}
                </td>
                <td class="num" data-col="pm25">
                  {fmtNumber(r.pm25, lang, dp.concentration['PM2.5'])}
                </td>
                <td class="num hide-phone">{fmtPercent(r.goodRatio, lang)}</td>
                <td>
                  <AqiBadge aqi={r.aqiNow} />
                </td>
                <td>
                  <StatusBadge status={r.status} note={r.statusNote} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TownshipRanking({
  rows,
  mine,
  period,
}: {
  rows: OverviewBody['townships'];
  mine?: string | undefined;
  period?: Span;
}) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const places = usePlaces();
  return (
    <section class="card">
      <h2>{t('townshipRanking')}</h2>
      {period && <PeriodSpan from={period.from} to={period.to} />}
      <div class="table-scroll">
        <table class="rank" data-ranking="townships">
          <thead>
            <tr>
              <th class="sticky-col sticky-lead">{t('rank')}</th>
              <th class="sticky-col">{t('township')}</th>
              <th class="num">{t('composite')}</th>
              <th class="num">
                <Pollutant name="PM2.5" /> <small class="unit">{unitOf('PM2.5')}</small>
              </th>
              <th class="num">{t('goodRatio')}</th>
              <th class="num hide-phone">{t('stations')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                class={r.id === mine ? 'is-mine' : ''}
                data-township={r.id}
                data-mine={r.id === mine ? 'true' : undefined}
              >
                <td class="sticky-col sticky-lead">{r.rank ?? '—'}</td>
                <td class="sticky-col">
                  {townshipName(places, r.id, r.name, lang)}
                  {r.id === mine && <span class="mine-tag">{t(mineLabelKey(r.name))}</span>}
                </td>
                <td class="num" data-col="composite">
                  {fmtNumber(r.compositeIndex, lang, dp.composite)}
                </td>
                <td class="num" data-col="pm25">
                  {fmtNumber(r.pm25, lang, dp.concentration['PM2.5'])}
                </td>
                <td class="num">{fmtPercent(r.goodRatio, lang)}</td>
                <td class="num hide-phone">{r.stations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
