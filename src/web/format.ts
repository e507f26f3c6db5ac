import type { Lang } from './i18n-messages.ts';

/** Display helpers: Chinese conventions (2026年11月28日, 14:00, 1,234.5) or English ones, always Beijing time. */
const TZ = 'Asia/Shanghai';
const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function fmtNumber(v: number | null | undefined, lang: Lang, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtPercent(v: number | null | undefined, lang: Lang, digits = 1): string {
  return v === null || v === undefined ? '—' : `${fmtNumber(v, lang, digits)}%`;
}

/** A signed change: +3.2 / −1.0 (true minus sign). */
export function fmtDelta(v: number | null, lang: Lang, digits = 0, suffix = ''): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const s = fmtNumber(Math.abs(v), lang, digits);
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${s}${suffix}`;
}

/** 'YYYY-MM-DD' → 2026年11月28日 / 28 Nov 2026. */
export function fmtDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (lang === 'zh') return `${y}年${m}月${d}日`;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Start of an hour → 11月28日 14:00 / 28 Nov 14:00. */
export function fmtHour(ms: number | null, lang: Lang): string {
  if (ms === null) return '—';
  const parts = new Intl.DateTimeFormat(locale(lang), {
    timeZone: TZ,
    month: lang === 'zh' ? 'numeric' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return lang === 'zh'
    ? `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`
    : `${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}

/** Only the clock time of an hour: 14:00. */
export function fmtClock(ms: number): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

/** Today's date in Beijing as 'YYYY-MM-DD'. */
export function todayIso(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDaysIso(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Pollutant names as plain text (canvas charts, <option>s, strings): PM2.5, not PM₂.₅ — Unicode subscripts fall
 * back to another font. HTML typesets them with <sub> (components/pollutant.tsx).
 */
export const POLLUTANT_LABEL: Record<string, string> = {
  SO2: 'SO2',
  NO2: 'NO2',
  PM10: 'PM10',
  'PM2.5': 'PM2.5',
  CO: 'CO',
  O3: 'O3',
};
export const pollutantLabel = (p: string) => POLLUTANT_LABEL[p] ?? p;

/** A moment with its date and minute, Beijing time: 2026-06-01 10:05 (both languages: tables compare better). */
export function fmtTimestamp(ms: number | null): string {
  if (ms === null) return '—';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
