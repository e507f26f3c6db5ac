import type { HoursBody } from '#contract/dashboard.ts';
import { hourEndLabel } from '../hour-label.ts';
import { translator } from '../i18n.ts';
import type { Lang } from '../i18n-messages.ts';

export type Gap = NonNullable<HoursBody['sites'][number]['gaps']>[number];

const HOUR = 3_600_000;

/** Why the hours are missing, in the reader's language (no data / invalid, with the flag sent / offline). */
export function gapReasonText(gap: Gap, lang: Lang): string {
  const t = translator(lang);
  if (gap.reason === 'invalid' && gap.flag) return t('gap.invalid-flag', { flag: gap.flag });
  return t(`gap.${gap.reason}`);
}

/** The hours a gap spans, by the ends of its hours: 12月3日 20时 – 12月3日 22时. */
export function gapSpanText(t0: number, gap: Gap, lang: Lang): string {
  const first = hourEndLabel(t0 + gap.from * HOUR, lang);
  return gap.to - gap.from === 1 ? first : `${first} – ${hourEndLabel(t0 + (gap.to - 1) * HOUR, lang)}`;
}

/** The gap that hour `index` lies in, if any. */
export function gapAt(gaps: readonly Gap[], index: number): Gap | undefined {
  return gaps.find((g) => index >= g.from && index < g.to);
}
