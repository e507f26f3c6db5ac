import { useLang } from '../i18n.ts';
import { type Gap, gapReasonText, gapSpanText } from './gaps.ts';

/** At most this many gaps are listed under a chart (the tooltip tells every one). */
const LISTED = 6;

/**
 * Under an hourly chart: how missing hours are drawn (a gap on a pale band, never interpolated) and, for the
 * period shown, which hours are missing and why (issue 12: gaps explained).
 */
export function GapNote({ t0, gaps }: { t0: number; gaps: readonly Gap[] }) {
  const { t, lang } = useLang();
  const hours = gaps.reduce((n, g) => n + g.to - g.from, 0);
  return (
    <div class="gap-note muted small" data-gaps={gaps.length}>
      <span>{t('gapNote')}</span>{' '}
      {gaps.length === 0 ? (
        <span>{t('gapNone')}</span>
      ) : (
        <>
          <span>{t('gapCount', { n: hours })}</span>
          <ul class="gap-list">
            {gaps.slice(-LISTED).map((g) => (
              <li key={g.from} data-gap-reason={g.reason}>
                {gapSpanText(t0, g, lang)}：{gapReasonText(g, lang)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
