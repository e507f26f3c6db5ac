import { useState } from 'preact/hooks';
import { dayCount } from '#rules/time/calendar.ts';
import { addDaysIso, fmtDate, todayIso } from '../format.ts';
import { useLang } from '../i18n.ts';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The whole period a kind and a pick (2026-11, 2026-Q4, 2026) stand for. The server reports its complete days
 * only (rules/air/periods.ts) and says when the period is still running, so the page asks for the whole month.
 */
export function periodOf(kind: PeriodKind, pick: string, custom: { from: string; to: string }): Period {
  const span = (k: PeriodKind, from: string, to: string): Period => ({
    kind: k,
    from,
    to: to < from ? from : to,
  });
  if (kind === 'month') {
    const [y, m] = pick.split('-').map(Number) as [number, number];
    return span(kind, `${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(lastDay(y, m))}`);
  }
  if (kind === 'quarter') {
    const [y, q] = pick.split('-Q').map(Number) as [number, number];
    const m0 = (q - 1) * 3 + 1;
    return span(kind, `${y}-${pad(m0)}-01`, `${y}-${pad(m0 + 2)}-${pad(lastDay(y, m0 + 2))}`);
  }
  if (kind === 'year') return span(kind, `${pick}-01-01`, `${pick}-12-31`);
  return span(kind, custom.from, custom.to);
}

/** The last complete day (yesterday): the default picks name the month, quarter and year that hold it. */
const lastComplete = () => addDaysIso(todayIso(), -1);

/** Which days a figure covers: 1月1日–12月4日，338天 / 1 Jan 2026 – 4 Dec 2026, 338 days. */
export function PeriodSpan({ from, to }: { from: string; to: string }) {
  const { t, lang } = useLang();
  return (
    <span class="period-span" data-period-span={`${from}_${to}`}>
      {t('periodSpan', { from: fmtDate(from, lang), to: fmtDate(to, lang), n: dayCount(from, to) })}
    </span>
  );
}

function options(kind: PeriodKind, lang: string): { value: string; label: string }[] {
  const today = lastComplete();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const out: { value: string; label: string }[] = [];
  if (kind === 'month') {
    for (let i = 0; i < 13; i++) {
      const index = y * 12 + (m - 1) - i;
      const year = Math.floor(index / 12);
      const mm = (index % 12) + 1;
      out.push({
        value: `${year}-${pad(mm)}`,
        label: lang === 'zh' ? `${year}年${mm}月` : `${year}-${pad(mm)}`,
      });
    }
  } else if (kind === 'quarter') {
    let q = Math.ceil(m / 3);
    let year = y;
    for (let i = 0; i < 5; i++) {
      out.push({ value: `${year}-Q${q}`, label: lang === 'zh' ? `${year}年第${q}季度` : `${year} Q${q}` });
      q -= 1;
      if (q === 0) {
        q = 4;
        year -= 1;
      }
    }
  } else if (kind === 'year') {
    for (let i = 0; i < 3; i++)
      out.push({ value: String(y - i), label: lang === 'zh' ? `${y - i}年` : String(y - i) });
  }
  return out;
}

/** 月 / 季度 / 年 / 自定义 with the matching picker; calls back with the period. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t, lang } = useLang();
  const [pick, setPick] = useState<Record<PeriodKind, string>>(() => ({
    month: lastComplete().slice(0, 7),
    quarter: `${lastComplete().slice(0, 4)}-Q${Math.ceil(Number(lastComplete().slice(5, 7)) / 3)}`,
    year: lastComplete().slice(0, 4),
    custom: '',
  }));
  const [custom, setCustom] = useState({ from: value.from, to: value.to });
  const kinds: PeriodKind[] = ['month', 'quarter', 'year', 'custom'];
  const change = (kind: PeriodKind, p: string, c = custom) => {
    setPick((s) => ({ ...s, [kind]: p }));
    onChange(periodOf(kind, p, c));
  };
  return (
    <div class="period-picker" data-period={`${value.from}_${value.to}`}>
      <div class="segmented">
        {kinds.map((k) => (
          <button
            type="button"
            key={k}
            class={value.kind === k ? 'active' : ''}
            data-period-kind={k}
            onClick={() => change(k, pick[k])}
          >
            {t(k)}
          </button>
        ))}
      </div>
      {value.kind === 'custom' ? (
        <span class="custom">
          <input
            type="date"
            value={custom.from}
            onChange={(e) => {
              const c = { ...custom, from: (e.target as HTMLInputElement).value };
              setCustom(c);
              change('custom', '', c);
            }}
          />
          –
          <input
            type="date"
            value={custom.to}
            onChange={(e) => {
              const c = { ...custom, to: (e.target as HTMLInputElement).value };
              setCustom(c);
              change('custom', '', c);
            }}
          />
        </span>
      ) : (
        <select
          value={pick[value.kind]}
          onChange={(e) => change(value.kind, (e.target as HTMLSelectElement).value)}
        >
          {options(value.kind, lang).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/** The month that holds the last complete day (on the 1st, the month just ended). */
export function defaultPeriod(): Period {
  return periodOf('month', lastComplete().slice(0, 7), { from: '', to: '' });
}
