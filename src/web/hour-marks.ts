import { hourEndClock } from './hour-label.ts';
import type { Lang } from './i18n-messages.ts';

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The Beijing date an hourly value is labelled with: that of its END (hour-label.ts), 11月28日 / 28 Nov. */
export function hourEndDate(startMs: number, lang: Lang): string {
  const d = new Date(startMs + HOUR + BEIJING);
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return lang === 'zh' ? `${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]}`;
}

export interface SliderMark {
  /** Index into the slider's hours. */
  index: number;
  /** Where on the slider, 0–1. */
  at: number;
  label: string;
  /** A new day begins here (else only the first or the last hour). */
  day: boolean;
}

/**
 * Marks under the time slider: the first and the last hour with their date and hour, and each place where
 * the date changes, with the new date. Hours are labelled by their end, so the day begins at 1时 (00–01).
 */
export function sliderMarks(hours: readonly number[], lang: Lang): SliderMark[] {
  if (hours.length === 0) return [];
  const at = (i: number) => (hours.length === 1 ? 0 : i / (hours.length - 1));
  const first = hours[0] as number;
  const last = hours[hours.length - 1] as number;
  const marks: SliderMark[] = [];
  // Not on the last hour: its own label there carries the date.
  for (let i = 1; i < hours.length - 1; i++) {
    const prev = hourEndDate(hours[i - 1] as number, lang);
    const date = hourEndDate(hours[i] as number, lang);
    if (date !== prev) marks.push({ index: i, at: at(i), label: date, day: true });
  }
  return [
    { index: 0, at: 0, label: `${hourEndDate(first, lang)} ${hourEndClock(first, lang)}`, day: false },
    ...marks,
    ...(hours.length > 1
      ? [
          {
            index: hours.length - 1,
            at: 1,
            label: `${hourEndDate(last, lang)} ${hourEndClock(last, lang)}`,
            day: false,
          },
        ]
      : []),
  ];
}
