import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AirReportBody, PlaceComparisonBody, ReportFiguresBody } from '../api.ts';
import { fmtDelta, fmtNumber, fmtPercent } from '../format.ts';
import { useLang } from '../i18n.ts';
import { useRounding } from '../rounding.ts';
import { Pollutant } from './pollutant.tsx';

/** The columns of the report: each pollutant's assessed statistic (HJ 663), at the one rounding of all pages. */
export const POLLUTANT_COLUMNS = [
  { p: 'PM2.5', stat: 'mean' },
  { p: 'PM10', stat: 'mean' },
  { p: 'O3', stat: 'p90' },
  { p: 'SO2', stat: 'mean' },
  { p: 'NO2', stat: 'mean' },
  { p: 'CO', stat: 'p95' },
] as const;

type Change = PlaceComparisonBody['mom'];

/** One row of a ranking table: a station or a township (the district row has no rank). */
export interface RankRow extends ReportFiguresBody, Partial<PlaceComparisonBody> {
  key: string;
  name: string;
  /** Stations of a township. */
  stations?: number;
}

type SortKey = string;
type Dir = 'ascending' | 'descending';

const num = (v: number | null | undefined) => (v === null || v === undefined ? null : v);

/** The value a column sorts by; null sorts last whichever the direction. */
function sortValue(r: RankRow, key: SortKey): number | string | null {
  switch (key) {
    case 'rank':
      return num(r.rank);
    case 'rankChange':
      return num(r.rankChange);
    case 'name':
      return r.name;
    case 'stations':
      return num(r.stations);
    case 'validDays':
      return r.validDays;
    case 'goodRatio':
      return num(r.goodRatio);
    case 'heavyRatio':
      return num(r.heavyRatio);
    case 'composite':
      return num(r.compositeIndex);
    case 'mom':
      return num(r.mom?.compositeRate);
    case 'yoy':
      return num(r.yoy?.compositeRate);
    case 'yoyGood':
      return num(r.yoy?.goodRatioPp);
    default: {
      const c = POLLUTANT_COLUMNS.find((x) => x.p === key);
      return c ? num(r.pollutants[c.p]?.[c.stat]) : null;
    }
  }
}

export function sortRows(rows: readonly RankRow[], key: SortKey, dir: Dir): RankRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    if (typeof x === 'string' || typeof y === 'string')
      return sign * String(x).localeCompare(String(y), 'zh');
    return sign * (x - y);
  });
}

/** Rank change as ↑2 / ↓1 / = with its words for screen readers; coloured better (up) or worse (down). */
function RankChange({ r }: { r: RankRow }) {
  const { t } = useLang();
  const shown = (mark: string, words: string, cls: string) => (
    <span class={cls} title={words} data-rank-change={r.rankChange ?? ''}>
      <span aria-hidden="true">{mark}</span>
      <span class="sr-only">{words}</span>
    </span>
  );
  if (r.rank === null || r.rank === undefined) return null;
  if (r.rankChange === null || r.rankChange === undefined)
    return r.previousRank === null && r.mom !== null ? shown('–', t('rankNew'), 'muted') : null;
  const n = Math.abs(r.rankChange);
  if (n === 0) return shown('=', t('rankSame'), 'muted');
  const up = r.rankChange > 0;
  return shown(
    `${up ? '↑' : '↓'}${n}`,
    t(up ? 'rankUp' : 'rankDown', { n }),
    up ? 'chg-better' : 'chg-worse',
  );
}

/** The reason a comparison is missing, in the interface's language. */
export function incomparableText(
  t: ReturnType<typeof useLang>['t'],
  c: NonNullable<Change>,
  which: 'mom' | 'yoy',
): string {
  const i = c.incomparable;
  if (!i) return '';
  const vars = { have: i.validDays, days: i.days, need: i.needed };
  return i.side === 'current' ? t('incomparable.current', vars) : t(`incomparable.previous.${which}`, vars);
}

/** A change cell: smaller is better for the composite index, larger for the good-day ratio. */
function ChangeCell(props: {
  c: Change | undefined;
  which: 'mom' | 'yoy';
  field: 'compositeRate' | 'goodRatioPp';
}) {
  const { t, lang } = useLang();
  const table = useRounding();
  const { c, which, field } = props;
  if (!c) return <td class="num muted">—</td>;
  if (c.incomparable) {
    const why = incomparableText(t, c, which);
    return (
      <td class="num muted" title={why} data-incomparable={which}>
        —
      </td>
    );
  }
  const v = c[field];
  const better = v !== null && (field === 'compositeRate' ? v < 0 : v > 0);
  const worse = v !== null && (field === 'compositeRate' ? v > 0 : v < 0);
  const dp = field === 'compositeRate' ? table.changeRate : table.ratioChangePp;
  return (
    <td class={`num${better ? ' chg-better' : worse ? ' chg-worse' : ''}`}>
      {fmtDelta(v, lang, dp, field === 'compositeRate' ? '%' : '')}
    </td>
  );
}

function Row(props: { r: RankRow; assessable: boolean; district?: boolean; township?: boolean }) {
  const { lang } = useLang();
  const dp = useRounding();
  const { r, assessable } = props;
  return (
    <tr data-row={r.key} class={props.district ? 'district' : ''}>
      <td class="sticky sticky-col" data-name>
        {r.name}
      </td>
      <td class="num" data-rank>
        {props.district ? '' : (r.rank ?? '—')}
      </td>
      <td class="num">{props.district ? '' : <RankChange r={r} />}</td>
      <td class="num" data-col="composite">
        <b>{fmtNumber(r.compositeIndex, lang, dp.composite)}</b>
      </td>
      {POLLUTANT_COLUMNS.map((c) => {
        const x = r.pollutants[c.p];
        // GB 3095 表1 limits are annual, 24-h, 8-h and 1-h: only a whole year is judged, and only then coloured.
        const bad = assessable && x?.complies === false;
        return (
          <td key={c.p} class={`num${bad ? ' bad' : ''}`} data-col={c.p}>
            {fmtNumber(x?.[c.stat] ?? null, lang, dp.concentration[c.p])}
          </td>
        );
      })}
      {props.township && <td class="num">{r.stations}</td>}
      <td class="num">{r.validDays}</td>
      <td class="num" data-col="goodRatio">
        {fmtPercent(r.goodRatio, lang, dp.ratio)}
      </td>
      <td class="num">{fmtPercent(r.heavyRatio, lang, dp.ratio)}</td>
      <ChangeCell c={r.mom} which="mom" field="compositeRate" />
      <ChangeCell c={r.yoy} which="yoy" field="compositeRate" />
      <ChangeCell c={r.yoy} which="yoy" field="goodRatioPp" />
    </tr>
  );
}

/** A header cell that sorts its column: a button (keyboard: Tab, Enter/Space) and aria-sort on the cell. */
function SortTh(props: {
  k: SortKey;
  sort: { key: SortKey; dir: Dir };
  onSort: (k: SortKey) => void;
  label: string;
  children?: ComponentChildren;
  sticky?: boolean;
}) {
  const { t } = useLang();
  const active = props.sort.key === props.k;
  return (
    <th
      class={props.sticky ? 'sticky sticky-col' : 'num'}
      aria-sort={active ? props.sort.dir : 'none'}
      scope="col"
    >
      <button
        type="button"
        class="sort"
        data-sort={props.k}
        title={t('sortBy', { col: props.label })}
        onClick={() => props.onSort(props.k)}
      >
        <span>{props.children ?? props.label}</span>
        <span class="sort-mark" aria-hidden="true">
          {active ? (props.sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** A sortable ranking table (stations or townships) with the district row pinned on top. */
export function RankTable(props: {
  id: 'stations' | 'townships';
  rows: RankRow[];
  district?: RankRow;
  assessable: boolean;
  nameLabel: string;
}) {
  const { t } = useLang();
  const [sort, setSort] = useState<{ key: SortKey; dir: Dir }>({ key: 'rank', dir: 'ascending' });
  const onSort = (k: SortKey) =>
    setSort((s) =>
      s.key === k
        ? { key: k, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key: k, dir: 'ascending' },
    );
  const th = (k: SortKey, label: string, children?: ComponentChildren) => (
    <SortTh k={k} sort={sort} onSort={onSort} label={label}>
      {children}
    </SortTh>
  );
  const township = props.id === 'townships';
  return (
    <div class="table-scroll">
      <table class="report" data-report={props.id} data-sorted={`${sort.key}:${sort.dir}`}>
        <thead>
          <tr>
            <SortTh k="name" sort={sort} onSort={onSort} label={props.nameLabel} sticky />
            {th('rank', t('rank'))}
            {th('rankChange', t('rankChange'))}
            {th('composite', t('composite'))}
            {POLLUTANT_COLUMNS.map((c) =>
              th(
                c.p,
                c.p,
                <>
                  <Pollutant name={c.p} />
                  {c.stat !== 'mean' && <small> {c.stat.toUpperCase()}</small>}
                </>,
              ),
            )}
            {township && th('stations', t('stations'))}
            {th('validDays', t('validDays'))}
            {th('goodRatio', t('goodRatio'))}
            {th('heavyRatio', t('heavyRatio'))}
            {th('mom', t('momComposite'), <>{t('momComposite')} %</>)}
            {th('yoy', t('yoyComposite'), <>{t('yoyComposite')} %</>)}
            {th('yoyGood', t('yoyGood'), t('yoyGoodPp'))}
          </tr>
        </thead>
        <tbody>
          {props.district && (
            <Row r={props.district} assessable={props.assessable} district township={township} />
          )}
          {sortRows(props.rows, sort.key, sort.dir).map((r) => (
            <Row key={r.key} r={r} assessable={props.assessable} township={township} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every colour the ranking tables use, and why concentrations of a short period carry none. */
export function ReportLegend({ r }: { r: AirReportBody }) {
  const { t } = useLang();
  return (
    <section class="report-legend" data-legend aria-label={t('legend')}>
      <h3>{t('legend')}</h3>
      <ul>
        {r.period.assessable ? (
          <li data-legend-item="bad">
            <span class="swatch bad">52</span> {t('legendBad')}
          </li>
        ) : (
          <li data-legend-item="no-colour">
            <span class="swatch">52</span> {t('legendNoColour')}
          </li>
        )}
        <li data-legend-item="better">
          <span class="swatch chg-better">↑2 −3.1%</span> {t('legendBetter')}
        </li>
        <li data-legend-item="worse">
          <span class="swatch chg-worse">↓1 +2.4%</span> {t('legendWorse')}
        </li>
        <li class="muted">{t('rankRule')}</li>
        <li class="muted">{t('comparisonRule')}</li>
      </ul>
    </section>
  );
}
