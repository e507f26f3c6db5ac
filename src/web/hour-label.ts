import type { Lang } from './i18n-messages.ts';

/**
 * Labels for hourly values. Storage keys an hour by its start (epoch ms, docs/data-formats.md); Chinese
 * publishing labels it by its END: the mean of 19:00–20:00 is "20时" on the national real-time platform and in
 * provincial bulletins, so every hourly value on screen is labelled here and nowhere else.
 */
const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** Beijing date and hour of the END of the hour that starts at `startMs` (23:00–24:00 ends at 0时 next day). */
function endParts(startMs: number): { month: number; day: number; hour: number } {
  const d = new Date(startMs + HOUR + BEIJING);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours() };
}

/** The hour alone: 20时 / 20:00. */
export function hourEndClock(startMs: number, lang: Lang): string {
  const { hour } = endParts(startMs);
  return lang === 'zh' ? `${hour}时` : `${String(hour).padStart(2, '0')}:00`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Date and hour: 11月28日 20时 / 28 Nov 20:00. */
export function hourEndLabel(startMs: number | null, lang: Lang): string {
  if (startMs === null) return '—';
  const { month, day } = endParts(startMs);
  return lang === 'zh'
    ? `${month}月${day}日 ${hourEndClock(startMs, lang)}`
    : `${day} ${MONTHS_EN[month - 1]} ${hourEndClock(startMs, lang)}`;
}

/** Minutes from the end of the hour to `now` (never negative). */
export function minutesSinceHourEnd(startMs: number, now: number): number {
  return Math.max(0, Math.floor((now - (startMs + HOUR)) / 60_000));
}

/**
 * Whether an hourly value may be called 实时 (real-time) at `now`: only while it is the newest hour that can
 * have been published. The real-time report is issued "每一整点时刻后…滞后时间不应超过1小时" (HJ 633-2012 §5.1
 * as the Shenzhen ecology bureau's Q&A quotes it, meeb.sz.gov.cn post_12340768 [S]; HJ 663-2026 keeps the ≤ 1 h
 * lag, research notes S4 [S]) — so the hour that ended at 20:00 is the current real-time report until 21:00.
 * From 21:00 the next hour is due, and the old value is only the latest one we have: 最新, not 实时.
 */
export function isRealtime(startMs: number, now: number): boolean {
  const end = startMs + HOUR;
  return now >= end && now < end + HOUR;
}

/** How old: 45 分钟前 / 2 小时 5 分钟前; 45 min ago / 2 h 5 min ago. */
export function fmtAge(minutes: number, lang: Lang): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'zh') return h === 0 ? `${m} 分钟前` : m === 0 ? `${h} 小时前` : `${h} 小时 ${m} 分钟前`;
  return h === 0 ? `${m} min ago` : m === 0 ? `${h} h ago` : `${h} h ${m} min ago`;
}
