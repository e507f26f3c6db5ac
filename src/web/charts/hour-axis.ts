import { hourEndClock } from '../hour-label.ts';
import type { Lang } from '../i18n-messages.ts';

/**
 * The x-axis of an hourly series, two-level: the hours of the day (by the END of their hour, hour-label.ts) and,
 * under the hour where a day begins, its date — so a multi-day axis never shows clock times alone (issue 12).
 * Labels fall on round hours, as many as fit: every 2, 3, 6 or 12 hours, or only at midnight every N days.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;
const STEPS = [1, 2, 3, 6, 12, 24, 48, 72, 120, 168, 240] as const;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Beijing wall time of the END of the hour that starts at `startMs`: its hour (0–23) and day number. */
function endOf(startMs: number): { hour: number; day: number; date: Date } {
  const local = startMs + HOUR + BEIJING;
  return { hour: Math.floor(local / HOUR) % 24, day: Math.floor(local / DAY), date: new Date(local) };
}

/** A date on an axis: 12/3 (zh), 3 Dec (en). */
export function axisDate(date: Date, lang: Lang): string {
  return lang === 'zh'
    ? `${date.getUTCMonth() + 1}/${date.getUTCDate()}`
    : `${date.getUTCDate()} ${MONTHS_EN[date.getUTCMonth()]}`;
}

/** Hours between labels: the smallest round step that keeps to `maxLabels`. */
export function labelStep(count: number, maxLabels: number): number {
  return STEPS.find((s) => count / s <= maxLabels) ?? (STEPS[STEPS.length - 1] as number);
}

export interface HourAxisLabels {
  /** Whether the hour at `index` carries a label (and a tick). */
  interval: (index: number) => boolean;
  formatter: (value: string, index: number) => string;
}

/** Labels for `count` hours from `t0` (hour starts), at most about `maxLabels` of them. */
export function hourAxisLabels(t0: number, count: number, lang: Lang, maxLabels: number): HourAxisLabels {
  const step = labelStep(count, maxLabels);
  const days = step / 24;
  const interval = (index: number) => {
    const { hour, day } = endOf(t0 + index * HOUR);
    return step < 24 ? hour % step === 0 : hour === 0 && day % days === 0;
  };
  const first = firstLabelIndex(count, interval);
  const formatter = (_value: string, index: number) => {
    const start = t0 + index * HOUR;
    const { hour, date } = endOf(start);
    if (step >= 24) return axisDate(date, lang);
    const clock = hourEndClock(start, lang);
    // The first label of the axis carries its date too, so the reader knows the day before the first midnight.
    return hour === 0 || index === first ? `${clock}\n${axisDate(date, lang)}` : clock;
  };
  return { interval, formatter };
}

function firstLabelIndex(count: number, interval: (i: number) => boolean): number {
  for (let i = 0; i < count; i++) if (interval(i)) return i;
  return -1;
}
