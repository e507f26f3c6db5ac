import { useEffect, useState } from 'preact/hooks';
import type { OverviewBody } from '#contract/dashboard.ts';
import { fmtNumber } from '../format.ts';
import { fmtAge, hourEndLabel, isRealtime, minutesSinceHourEnd } from '../hour-label.ts';
import { useLang } from '../i18n.ts';
import { AqiBadge, PrimaryPollutants } from './aqi-badge.tsx';
import { HealthAdvice } from './health-advice.tsx';
import { Pollutant, unitOf } from './pollutant.tsx';

export const SIX = ['PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'] as const;

/** The clock, moved on each minute so the age of the value stays true while the page is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // A browser timer for display only: no state beyond the page, nothing shared between nodes.
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/**
 * When the current value is from: the END of its hour (20时) with its age; 实时 only while that hour is the
 * current real-time report (isRealtime), else 最新 … 非实时.
 */
export function HourAge({ time }: { time: number | null }) {
  const { t, lang } = useLang();
  const now = useMinuteClock();
  if (time === null) return <p class="muted">—</p>;
  const params = { time: hourEndLabel(time, lang), age: fmtAge(minutesSinceHourEnd(time, now), lang) };
  const realtime = isRealtime(time, now);
  return (
    <p
      class={realtime ? 'muted' : 'warn'}
      data-now-time={time}
      data-realtime={realtime ? 'yes' : 'no'}
      title={realtime ? t('hourEndHint') : t('nowStaleHint')}
    >
      {t(realtime ? 'nowRealtime' : 'nowLatest', params)}
    </p>
  );
}

/** The six pollutants with their units (µg/m³; CO mg/m³). */
export function SixValues({ values }: { values: OverviewBody['now']['values'] }) {
  const { lang } = useLang();
  return (
    <ul class="six">
      {SIX.map((p) => (
        <li key={p} data-value={p}>
          <span>
            <Pollutant name={p} />
          </span>
          <b>{fmtNumber(values[p], lang, p === 'CO' ? 1 : 0)}</b>
          <small class="unit">{unitOf(p)}</small>
        </li>
      ))}
    </ul>
  );
}

/** 当前空气质量: AQI, primary pollutant, health advice, the six values, labelled by the end of their hour. */
export function NowCard({ now }: { now: OverviewBody['now'] }) {
  const { t } = useLang();
  return (
    <section class="card now" data-now>
      <h2>{t('nowTitle')}</h2>
      <HourAge time={now.time} />
      <div class="now-main">
        <AqiBadge aqi={now.aqi} large />
        <div>
          <div class="muted">{t('primary')}</div>
          <b>
            <PrimaryPollutants aqi={now.aqi} />
          </b>
        </div>
      </div>
      <HealthAdvice level={now.aqi.level} time={now.time} />
      <SixValues values={now.values} />
    </section>
  );
}
