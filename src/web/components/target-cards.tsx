import type { OverviewBody } from '#contract/dashboard.ts';
import { fmtDate, fmtNumber, fmtPercent } from '../format.ts';
import { useLang } from '../i18n.ts';
import { useRounding } from '../rounding.ts';
import { PeriodSpan } from './period-picker.tsx';

type Targets = OverviewBody['targets'];
type Status = Targets['pm25']['status'];

function StatusPill({ status }: { status: Status }) {
  const { t } = useLang();
  return <span class={`pill pill-${status}`}>{t(`status.${status}`)}</span>;
}

/** A bar from 0 to `max` with the value filled and the target marked. */
function Bar({
  value,
  target,
  max,
  goodBelow,
}: {
  value: number | null;
  target: number;
  max: number;
  goodBelow: boolean;
}) {
  const pct = (x: number) => `${Math.max(0, Math.min(100, (x / max) * 100))}%`;
  const ok = value !== null && (goodBelow ? value < target : value >= target);
  return (
    <div class="bar" role="img">
      <div class={`fill ${ok ? 'ok' : 'bad'}`} style={{ width: pct(value ?? 0) }} />
      <div class="mark" style={{ left: pct(target) }} />
    </div>
  );
}

function Card(props: { id: string; title: string; status: Status; children: preact.ComponentChildren }) {
  return (
    <section class="card target" data-target={props.id}>
      <header>
        <span class="tid">{props.id}</span>
        <h3>{props.title}</h3>
        <StatusPill status={props.status} />
      </header>
      {props.children}
    </section>
  );
}

/** R-T1…R-T4: year to date against the target, the year-end projection and what the rest of the year allows. */
export function TargetCards({ targets }: { targets: Targets }) {
  const { t, lang } = useLang();
  const dp = useRounding();
  const { pm25, goodRatio, heavyRatio, composite } = targets;
  return (
    <div class="targets">
      <div class="targets-head">
        <h2>{t('targetsTitle')}</h2>
        <span class="muted">
          {t('targetsAsOf', { date: fmtDate(targets.asOf, lang) })} ·{' '}
          <PeriodSpan from={`${targets.asOf.slice(0, 4)}-01-01`} to={targets.asOf} /> ·{' '}
          {t('remainingDays', { n: targets.remainingDays })}
        </span>
      </div>
      <div class="grid4">
        <Card id="R-T1" title={t('pm25Target')} status={pm25.status}>
          <p class="big">
            {fmtNumber(pm25.meanSoFar, lang, dp.concentration['PM2.5'])} <small>µg/m³</small>
          </p>
          <Bar
            value={pm25.meanSoFar}
            target={pm25.target}
            max={Math.max(pm25.target * 1.6, pm25.meanSoFar ?? 0)}
            goodBelow
          />
          <dl>
            <dt>{t('target')}</dt>
            <dd>&lt; {pm25.target}</dd>
            <dt>{t('projected')}</dt>
            <dd data-projection>{fmtNumber(pm25.projected, lang, dp.concentration['PM2.5'])}</dd>
          </dl>
          <p class="budget">
            {pm25.status === 'missed'
              ? t('pmImpossible')
              : t('maxRemainingMean', {
                  v: fmtNumber(pm25.maxRemainingMean, lang, dp.concentration['PM2.5']),
                })}
          </p>
        </Card>
        <Card id="R-T2" title={t('goodTarget')} status={goodRatio.status}>
          <p class="big">{fmtPercent(goodRatio.ratioSoFar, lang)}</p>
          <Bar value={goodRatio.ratioSoFar} target={goodRatio.target} max={100} goodBelow={false} />
          <dl>
            <dt>{t('target')}</dt>
            <dd>≥ {goodRatio.target}%</dd>
            <dt>{t('soFar')}</dt>
            <dd>
              {goodRatio.daysSoFar}/{goodRatio.validDaysSoFar}
            </dd>
            <dt>{t('projected')}</dt>
            <dd data-projection>{fmtPercent(goodRatio.projectedRatio, lang)}</dd>
          </dl>
          <p class="budget" data-budget>
            {goodRatio.stillNeeded > 0 ? t('stillNeeded', { n: goodRatio.stillNeeded }) : t('goodSecured')}
          </p>
        </Card>
        <Card id="R-T3" title={t('heavyTarget')} status={heavyRatio.status}>
          <p class="big">{fmtPercent(heavyRatio.ratioSoFar, lang)}</p>
          <Bar
            value={heavyRatio.ratioSoFar}
            target={heavyRatio.target}
            max={Math.max(3, (heavyRatio.ratioSoFar ?? 0) * 1.2)}
            goodBelow
          />
          <dl>
            <dt>{t('target')}</dt>
            <dd>&lt; {heavyRatio.target}%</dd>
            <dt>{t('soFar')}</dt>
            <dd>{heavyRatio.daysSoFar}</dd>
            <dt>{t('projected')}</dt>
            <dd data-projection>{fmtPercent(heavyRatio.projectedRatio, lang)}</dd>
          </dl>
          <p class="budget">{t('stillAllowed', { n: heavyRatio.stillAllowed })}</p>
        </Card>
        <Card id="R-T4" title={t('compositeTarget')} status={composite.status}>
          <p class="big">{fmtNumber(composite.value, lang, dp.composite)}</p>
          <dl>
            <dt>{t('soFar')}</dt>
            <dd>{fmtNumber(composite.value, lang, dp.composite)}</dd>
            <dt>{t('target')}</dt>
            <dd>{composite.threshold === null ? '—' : `≤ ${composite.threshold}`}</dd>
          </dl>
          <p class="budget muted" data-threshold-source>
            {composite.threshold === null
              ? t('compositeNoThreshold')
              : composite.thresholdSource
                ? t('ad.thresholdFrom', { s: composite.thresholdSource })
                : ''}
          </p>
        </Card>
      </div>
    </div>
  );
}
