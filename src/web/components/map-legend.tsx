import { LEVELS, NO_DATA_COLOR, textOn } from '../aqi.ts';
import { useLang } from '../i18n.ts';
import { bandRange, type ColorBy, legendBands } from '../map-legend.ts';
import { Pollutant, unitOf } from './pollutant.tsx';

/**
 * The colours of the map as the chosen measure reads them: the AQI categories for AQI, and for a pollutant the
 * concentrations of its IAQI breakpoints (HJ 633-2026 Table 3) with the unit, each on its category's colour.
 */
export function MapLegend({ by }: { by: ColorBy }) {
  const { lang, t } = useLang();
  const bands = legendBands(by);
  return (
    <div class="map-legend" data-legend={by}>
      <span class="legend-title">
        {by === 'AQI' ? 'AQI' : <Pollutant name={by} />}
        {by !== 'AQI' && <small class="unit"> {unitOf(by)}</small>}
      </span>
      <ul class="legend" aria-label={by}>
        {bands.map((b, i) => {
          const name = LEVELS.find((l) => l.level === b.level)?.[lang] ?? '';
          return (
            <li key={b.level} style={{ background: b.color, color: textOn(b.level) }} data-band={b.level}>
              {name} <b>{bandRange(b, i === 0, by)}</b>
            </li>
          );
        })}
        <li style={{ background: NO_DATA_COLOR, color: '#1d2430' }}>{t('noData')}</li>
      </ul>
      {by !== 'AQI' && <p class="muted small">{t('mapLegendNote')}</p>}
    </div>
  );
}
