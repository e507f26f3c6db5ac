import { Fragment } from 'preact';
import type { AqiSummary, StationStatus } from '#contract/dashboard.ts';
import { levelColor, levelName, textOn } from '../aqi.ts';
import { useLang } from '../i18n.ts';
import { Pollutant } from './pollutant.tsx';

/** An AQI number on its HJ 633 colour, with the category name. */
export function AqiBadge({ aqi, large = false }: { aqi: AqiSummary; large?: boolean }) {
  const { lang } = useLang();
  return (
    <span
      class={`aqi-badge${large ? ' large' : ''}`}
      style={{ background: levelColor(aqi.level), color: textOn(aqi.level) }}
      data-level={aqi.level ?? 'na'}
      title={levelName(aqi.level, lang)}
    >
      <b>{aqi.aqi ?? '—'}</b>
      <span>{levelName(aqi.level, lang)}</span>
    </span>
  );
}

export function PrimaryPollutants({ aqi }: { aqi: AqiSummary }) {
  const { t } = useLang();
  if (!aqi.primary.length) return <>{t('none')}</>;
  return (
    <>
      {aqi.primary.map((p, i) => (
        <Fragment key={p}>
          {i > 0 && '、'}
          <Pollutant name={p} />
        </Fragment>
      ))}
    </>
  );
}

export function StatusBadge({ status }: { status: StationStatus }) {
  const { t } = useLang();
  return (
    <span class={`status status-${status}`} data-status={status}>
      {t(`st.${status}`)}
    </span>
  );
}
