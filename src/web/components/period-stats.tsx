import type { DayRow } from '#contract/dashboard.ts';
import { describeVerdict } from '#rules/air/day-rule.ts';
import { earlierDate, kindOf } from '#rules/air/periods.ts';
import type { ReportFiguresBody } from '../api.ts';
import { addDaysIso, fmtDate, fmtNumber, fmtPercent, pollutantLabel, todayIso } from '../format.ts';
import { useLang } from '../i18n.ts';
import { useRounding } from '../rounding.ts';
import { PeriodSpan } from './period-picker.tsx';
import { Chem, Pollutant, unitOf } from './pollutant.tsx';

const ORDER = ['PM2.5', 'PM10', 'O3', 'SO2', 'NO2', 'CO'] as const;
const PCT: Record<string, 'p98' | 'p95' | 'p90'> = {
  SO2: 'p98',
  NO2: 'p98',
  PM10: 'p95',
  'PM2.5': 'p95',
  CO: 'p95',
  O3: 'p90',
};

/** Required valid days: 27 a month (February 25), 324 a year; none for other periods. */
function requiredDays(from: string, to: string): number | null {
  if (from.slice(0, 7) === to.slice(0, 7) && from.endsWith('-01')) return from.slice(5, 7) === '02' ? 25 : 27;
  if (from.endsWith('-01-01') && to.slice(0, 4) === from.slice(0, 4)) return 324;
  return null;
}

/** Period figures of one site with their validity: valid days against the calendar and each day that does not count, with why. */
export function PeriodStats(props: { figures: ReportFiguresBody; days: DayRow[]; from: string; to: string }) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const { figures } = props;
  // Complete days only, as the report counts them (rules/air/periods.ts): the running day is not yet invalid.
  const lastComplete = addDaysIso(todayIso(), -1);
  const days = props.days.filter((d) => d.date <= lastComplete);
  const to = earlierDate(props.to, lastComplete);
  const partial = to < props.to && props.from <= to;
  const invalid = days.filter((d) => !d.valid);
  // HJ 633-2026 §5.3.1/§5.3.2: days that count although a pollutant is missing, shown with the rule that let them.
  const partialCounted = days.filter((d) => d.valid && d.verdict.reason !== 'all-six-valid');
  const need = requiredDays(props.from, props.to);
  const reason = (r: DayRow['reasons'][number]) =>
    r.kind === 'hours'
      ? t('reasonHours', { p: pollutantLabel(r.pollutant), have: r.have, need: r.need })
      : t('reasonWindows', { have: r.have, need: r.need });
  return (
    <div class="period-stats" data-stats>
      {props.from <= to && (
        <p>
          <PeriodSpan from={props.from} to={to} />
          {partial && (
            <span class="warn" data-partial>
              {' '}
              ·{' '}
              {t(`partial.${kindOf({ from: props.from, to: props.to })}`, {
                n: days.length,
                date: fmtDate(to, lang),
              })}
            </span>
          )}
        </p>
      )}
      <ul class="facts">
        <li>
          <span>{t('validDays')}</span>
          <b data-valid-days>{figures.validDays}</b> / {days.length}{' '}
          {need !== null && <small class="muted">({t('required', { n: need })})</small>}
        </li>
        <li>
          <span>{t('goodRatio')}</span>
          <b>{fmtPercent(figures.goodRatio, lang)}</b>
        </li>
        <li>
          <span>{t('composite')}</span>
          <b>{fmtNumber(figures.compositeIndex, lang, dp.composite)}</b>
        </li>
        <li class={figures.enoughDays === false ? 'warn' : ''}>
          {figures.enoughDays === false ? t('notEnough') : figures.enoughDays ? t('enough') : ''}
        </li>
      </ul>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('pollutant')}</th>
              <th class="num">{t('mean')}</th>
              <th class="num">{t('percentile')}</th>
              <th class="num">{t('validDays')}</th>
              <th>{t('complies')}</th>
            </tr>
          </thead>
          <tbody>
            {ORDER.map((p) => {
              const f = figures.pollutants[p];
              const key = PCT[p] as 'p98';
              return (
                <tr key={p}>
                  <td>
                    <Pollutant name={p} /> <small class="muted unit">{unitOf(p)}</small>
                  </td>
                  <td class="num">{fmtNumber(f?.mean ?? null, lang, dp.concentration[p])}</td>
                  <td class="num">
                    {fmtNumber(f?.[key] ?? null, lang, dp.concentration[p])}{' '}
                    <small class="muted">{key.toUpperCase()}</small>
                  </td>
                  <td class="num">{f?.validDays ?? '—'}</td>
                  <td class={f?.complies === false ? 'bad' : ''}>
                    {f?.complies == null ? '—' : f.complies ? t('yes') : t('no')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h4>
        {t('invalidDays')} ({invalid.length})
      </h4>
      {invalid.length === 0 ? (
        <p class="muted">{t('noInvalidDays')}</p>
      ) : (
        <ul class="invalid-days" data-invalid-days>
          {invalid.map((d) => (
            <li key={d.date} data-day={d.date} data-day-rule={d.verdict.reason}>
              <b>{fmtDate(d.date, lang)}</b>: <Chem text={d.reasons.map(reason).join('；')} />
              <br />
              <small class="muted" data-verdict>
                <Chem text={describeVerdict(d.verdict, lang)} />
              </small>
            </li>
          ))}
        </ul>
      )}
      {partialCounted.length > 0 && (
        <>
          <h4>
            {t('partialDays')} ({partialCounted.length})
          </h4>
          <ul class="invalid-days" data-partial-days>
            {partialCounted.map((d) => (
              <li key={d.date} data-day={d.date} data-day-rule={d.verdict.reason}>
                <b>{fmtDate(d.date, lang)}</b>: <Chem text={describeVerdict(d.verdict, lang)} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
