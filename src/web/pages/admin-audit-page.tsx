import { useMemo, useState } from 'preact/hooks';
import type { AuditVerifyBody } from '#contract/audit.ts';
import { type AuditEntry, type AuditFilter, api } from '../api.ts';
import { useAuth } from '../auth.ts';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  auditCsv,
  beijingDayStart,
  exportFileName,
  labelOf,
  type Names,
} from '../components/admin/audit-format.ts';
import { AuditTable } from '../components/admin/audit-table.tsx';
import { addDaysIso } from '../format.ts';
import { errorMessage, localMessage, useLang } from '../i18n.ts';
import { localName } from '../names.ts';
import { usePlaces } from '../places.ts';
import { useData } from '../use-data.ts';

const PAGE_SIZE = 50;
/** An export reads the filtered entries 500 at a time (the API's largest page), at most this many. */
const EXPORT_MAX = 20_000;

interface Draft {
  actor: string;
  entity: string;
  action: string;
  fromDay: string;
  toDay: string;
}
const EMPTY: Draft = { actor: '', entity: '', action: '', fromDay: '', toDay: '' };

/** The form's days (Beijing, both inclusive) as the API's filter (epoch ms, `to` exclusive). */
function filterOf(d: Draft): AuditFilter {
  return {
    ...(d.actor.trim() ? { actor: d.actor.trim() } : {}),
    ...(d.entity ? { entity: d.entity } : {}),
    ...(d.action ? { action: d.action } : {}),
    ...(d.fromDay ? { from: beijingDayStart(d.fromDay) } : {}),
    ...(d.toDay ? { to: beijingDayStart(addDaysIso(d.toDay, 1)) } : {}),
  };
}

/** 审计日志 (audit:read): who changed what and when, filtered and paged; the chain's verification; CSV export. */
export function Page() {
  const { t, lang } = useLang();
  const auth = useAuth();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const key = JSON.stringify(filter);
  const loaded = useData(() => api.audit(filter, page, PAGE_SIZE), [key, page]);
  // Users are named where the caller may list them (users:admin); else an entry shows the user's number.
  const canListUsers = auth.can('users:admin');
  const users = useData(
    () => (canListUsers ? api.users() : Promise.resolve({ users: [], roles: [] })),
    [canListUsers],
  );
  const places = usePlaces();
  const names = useMemo<Names>(
    () => ({
      users: new Map((users.data?.users ?? []).map((u) => [String(u.id), u.username])),
      roles: new Map((users.data?.roles ?? []).map((r) => [r.id, lang === 'zh' ? r.nameZh : r.nameEn])),
      places: new Map(places.map((p) => [p.id, localName(p, lang)])),
    }),
    [users.data, places, lang],
  );
  const [verdict, setVerdict] = useState<
    | { state: 'busy' }
    | { state: 'done'; audit: AuditVerifyBody['audit'] }
    | { state: 'error'; text: string }
    | null
  >(null);
  const [exporting, setExporting] = useState<string | null>(null);

  const data = loaded.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const set = (k: keyof Draft) => (e: Event) =>
    setDraft((d) => ({ ...d, [k]: (e.target as HTMLInputElement | HTMLSelectElement).value }));

  const apply = (e: Event) => {
    e.preventDefault();
    setFilter(filterOf(draft));
    setPage(1);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter({});
    setPage(1);
  };

  const verify = async () => {
    setVerdict({ state: 'busy' });
    try {
      setVerdict({ state: 'done', audit: (await api.auditVerify()).audit });
    } catch (err) {
      setVerdict({ state: 'error', text: errorMessage(err, lang) });
    }
  };

  const exportCsv = async () => {
    setExporting('');
    try {
      const entries: AuditEntry[] = [];
      for (let p = 1; entries.length < EXPORT_MAX; p++) {
        const chunk = await api.audit(filter, p, 500);
        entries.push(...chunk.entries);
        if (chunk.entries.length < 500 || entries.length >= chunk.total) break;
      }
      const blob = new Blob([auditCsv(entries, t, names)], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = exportFileName(Date.now(), lang);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting(null);
    } catch (err) {
      setExporting(errorMessage(err, lang));
    }
  };

  return (
    <div class="page admin-page audit-page" data-page="admin-audit">
      <section class="card">
        <div class="card-head">
          <h2>{t('auditTitle')}</h2>
          <div class="toolbar">
            <button
              type="button"
              class="button"
              data-verify
              disabled={verdict?.state === 'busy'}
              onClick={() => void verify()}
            >
              {t('auditVerify')}
            </button>
            <button
              type="button"
              class="button secondary"
              data-export="csv"
              disabled={exporting === '' || !data || data.total === 0}
              onClick={() => void exportCsv()}
            >
              {exporting === '' ? t('auditExporting') : t('auditExport')}
            </button>
          </div>
        </div>
        {verdict && <Verdict verdict={verdict} />}
        {exporting && <p class="form-error">{exporting}</p>}
        <form class="audit-filters" onSubmit={apply} data-audit-filters>
          <label class="field">
            <span>{t('auditActor')}</span>
            <input
              name="actor"
              value={draft.actor}
              onInput={set('actor')}
              placeholder={t('auditActorHint')}
            />
          </label>
          <label class="field">
            <span>{t('auditEntity')}</span>
            <select name="entity" value={draft.entity} onChange={set('entity')}>
              <option value="">{t('all')}</option>
              {AUDIT_ENTITIES.map((x) => (
                <option key={x} value={x}>
                  {labelOf(t, 'entity', x)}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('auditAction')}</span>
            <select name="action" value={draft.action} onChange={set('action')}>
              <option value="">{t('all')}</option>
              {AUDIT_ACTIONS.map((x) => (
                <option key={x} value={x}>
                  {labelOf(t, 'action', x)}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('auditFrom')}</span>
            <input
              type="date"
              name="from"
              value={draft.fromDay}
              max={draft.toDay || undefined}
              onInput={set('fromDay')}
            />
          </label>
          <label class="field">
            <span>{t('auditTo')}</span>
            <input
              type="date"
              name="to"
              value={draft.toDay}
              min={draft.fromDay || undefined}
              onInput={set('toDay')}
            />
          </label>
          <div class="toolbar filter-buttons">
            <button type="submit" class="button" data-apply-filter>
              {t('auditSearch')}
            </button>
            <button type="button" class="button secondary" data-clear-filter onClick={clear}>
              {t('auditClear')}
            </button>
          </div>
        </form>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {data ? (
          <div class={loaded.loading ? 'is-loading' : ''}>
            <AuditTable entries={data.entries} names={names} />
            <div class="toolbar pager">
              <span class="muted" data-audit-total={data.total}>
                {t('auditTotal', { n: data.total })}
              </span>
              {pages > 1 && (
                <>
                  <button type="button" class="link" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    {t('pagePrev')}
                  </button>
                  <span>{t('pageOf', { n: page, m: pages })}</span>
                  <button
                    type="button"
                    class="link"
                    disabled={page >= pages}
                    data-next-page
                    onClick={() => setPage(page + 1)}
                  >
                    {t('pageNext')}
                  </button>
                </>
              )}
            </div>
          </div>
        ) : (
          !loaded.error && <div class="loading">{t('loading')}</div>
        )}
      </section>
    </div>
  );
}

/** The chain's verdict, in large type: intact with its length, or broken at the first entry that fails. */
function Verdict({
  verdict,
}: {
  verdict:
    | { state: 'busy' }
    | { state: 'done'; audit: AuditVerifyBody['audit'] }
    | { state: 'error'; text: string };
}) {
  const { t } = useLang();
  if (verdict.state === 'busy') return <div class="verdict busy">{t('auditVerifying')}</div>;
  if (verdict.state === 'error')
    return (
      <div class="verdict broken" data-verdict="error">
        {verdict.text}
      </div>
    );
  const a = verdict.audit;
  if (a.ok)
    return (
      <div class="verdict ok" data-verdict="ok" role="status">
        <strong>{t('auditIntact')}</strong>
        <span>{t('auditIntactCount', { n: a.count })}</span>
      </div>
    );
  return (
    <div class="verdict broken" data-verdict="broken" role="alert">
      <strong>{t('auditBroken')}</strong>
      <span>
        {t('auditBrokenAt', { id: String(a.firstBroken?.id ?? '?'), n: a.count })}
        {a.firstBroken?.reason ? `：${a.firstBroken.reason}` : ''}
      </span>
    </div>
  );
}
