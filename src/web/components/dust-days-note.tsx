import { api } from '../api.ts';
import { fmtDate } from '../format.ts';
import { type MessageKey, useLang } from '../i18n.ts';
import { useData } from '../use-data.ts';
import { Chem } from './pollutant.tsx';

/**
 * The period's sand-dust and exceptional days with their notice (文号): the PM means and the composite index
 * beside it exclude them (环办监测〔2016〕120号), so the page says which days and on whose authority.
 */
export function DustDaysNote(p: { from: string; to: string }) {
  const { t, lang } = useLang();
  const loaded = useData(() => api.dustDays(p.from, p.to), [p.from, p.to]);
  const days = loaded.data?.days ?? [];
  if (days.length === 0) return null;
  return (
    <div class="dust-days-note" data-dust-days-note>
      <p class="muted small">
        <Chem text={t('ad.periodDustDays', { n: days.length })} />
      </p>
      <ul class="dust-days">
        {days.map((d) => (
          <li key={d.date} data-dust-day-mark={d.date}>
            <span class={`dust-mark ${d.kind}`}>{t(`ad.dustKind.${d.kind}` as MessageKey)}</span>{' '}
            <b>{fmtDate(d.date, lang)}</b>
            {d.noticeRef ? ` · ${d.noticeRef}` : ''}
            {d.note ? ` · ${d.note}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
