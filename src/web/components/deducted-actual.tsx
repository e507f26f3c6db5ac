import { DISPLAY_DECIMALS } from '#rules/air/period-rounding.ts';
import { fmtNumber, fmtPercent } from '../format.ts';
import { useLang } from '../i18n.ts';
import { Pollutant } from './pollutant.tsx';

/** The figures a pair shows, in the order of the year-to-date table: PM2.5 mean, good-day ratio, composite index, valid days. */
export interface PairFigures {
  validDays: number;
  goodRatio: number | null;
  pm25: number | null;
  compositeIndex: number | null;
}

/**
 * The headline figures, with sand-dust and exceptional days deducted (the Ministry's 2025 national figure is the
 * deducted one), and the actual figures (实况) beside them (issue 13). `days`: the marked days in the period.
 */
export function DeductedActual(props: { deducted: PairFigures; actual: PairFigures; days: number }) {
  const { t, lang } = useLang();
  const cells = (f: PairFigures) => (
    <>
      <td class="num" data-col="pm25">
        {fmtNumber(f.pm25, lang, DISPLAY_DECIMALS.concentration['PM2.5'])}
      </td>
      <td class="num" data-col="goodRatio">
        {fmtPercent(f.goodRatio, lang, DISPLAY_DECIMALS.ratio)}
      </td>
      <td class="num" data-col="composite">
        {fmtNumber(f.compositeIndex, lang, DISPLAY_DECIMALS.composite)}
      </td>
      <td class="num" data-col="validDays">
        {f.validDays}
      </td>
    </>
  );
  return (
    <div class="table-scroll deducted-actual" data-deducted-actual data-deducted-days={props.days}>
      <table>
        <thead>
          <tr>
            <th class="sticky-col" />
            <th class="num">
              <Pollutant name="PM2.5" /> <small class="unit">µg/m³</small>
            </th>
            <th class="num">{t('goodRatio')}</th>
            <th class="num">{t('composite')}</th>
            <th class="num">{t('validDays')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-figures="deducted">
            <th class="sticky-col" scope="row">
              <b>{t('deductedHeadline')}</b>
              <div class="muted small">{t('headlineMark')}</div>
            </th>
            {cells(props.deducted)}
          </tr>
          <tr data-figures="actual" class="muted">
            <th class="sticky-col" scope="row">
              {t('actualFigures')}
            </th>
            {cells(props.actual)}
          </tr>
        </tbody>
      </table>
      <p class="muted small" data-deducted-note>
        {props.days === 0 ? t('noDeductedDays') : t('deductedDaysN', { n: props.days })}
      </p>
    </div>
  );
}

/** A report's district figures as a pair. */
export function pairOf(f: {
  validDays: number;
  goodRatio: number | null;
  compositeIndex: number | null;
  pollutants: Record<string, { mean: number | null } | undefined>;
}): PairFigures {
  return {
    validDays: f.validDays,
    goodRatio: f.goodRatio,
    pm25: f.pollutants['PM2.5']?.mean ?? null,
    compositeIndex: f.compositeIndex,
  };
}
