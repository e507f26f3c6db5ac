import { LEVELS, NO_DATA_COLOR, textOn } from '../aqi.ts';
import { useLang } from '../i18n.ts';

/** The six HJ 633 categories with their colours and ranges. */
export function AqiLegend() {
  const { lang, t } = useLang();
  return (
    <ul class="legend" aria-label="AQI">
      {LEVELS.map((l) => (
        <li key={l.level} style={{ background: l.color, color: textOn(l.level) }}>
          {l[lang]} {l.min}–{Number.isFinite(l.max) ? l.max : ''}
        </li>
      ))}
      <li style={{ background: NO_DATA_COLOR, color: '#1d2430' }}>{t('noData')}</li>
    </ul>
  );
}
