import { LEVELS, NO_DATA_COLOR, textOn } from '../aqi.ts';
import { useLang } from '../i18n.ts';

/**
 * The legend of a chart coloured by AQI category (the calendar's days, the series' AQI bars): the six HJ 633
 * categories with their names and ranges, no data, and — where the chart shows them — missing hours. In HTML, so
 * names and colours read the same as everywhere else on the page (issue 12: a legend for every colour scale).
 */
export function AqiScaleLegend({ name, gaps = false }: { name: string; gaps?: boolean }) {
  const { t, lang } = useLang();
  return (
    <ul class="chart-legend" data-legend={name}>
      <li class="legend-title">{t('calendarLegend')}</li>
      {LEVELS.map((l) => (
        <li key={l.level} data-level={l.level} style={{ background: l.color, color: textOn(l.level) }}>
          {l[lang]} {Number.isFinite(l.max) ? `${l.min}–${l.max}` : `>${l.min - 1}`}
        </li>
      ))}
      <li data-level="na" style={{ background: NO_DATA_COLOR, color: '#1d2430' }}>
        {t('noData')}
      </li>
      {gaps && (
        <li class="swatch-gap" data-legend-gap>
          {t('chartGap')}
        </li>
      )}
    </ul>
  );
}
