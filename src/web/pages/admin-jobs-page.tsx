import { useState } from 'preact/hooks';
import type { JobStateName, JobView } from '#contract/jobs.ts';
import { api } from '../api.ts';
import { ConfirmButton } from '../components/admin/confirm-button.tsx';
import { type AdminNotice, DataAdminFrame } from '../components/admin/data-tabs.tsx';
import { fmtTimestamp } from '../format.ts';
import { errorMessage, localMessage, type MessageKey, useLang } from '../i18n.ts';
import { useData } from '../use-data.ts';

const STATES: readonly JobStateName[] = ['scheduled', 'running', 'dead', 'succeeded', 'cancelled'];
const stateKey = (s: JobStateName): MessageKey => `jobs.state.${s}`;
const PAGE_SIZE = 20;

/**
 * 数据管理 › 任务 (jobs:admin; issue 14): the schedules with their next run, and the durable jobs by state — what is
 * due, running, failed (with the last error) — with retry for dead or cancelled jobs and cancel for waiting ones.
 * Paged on the server: the table can hold every timer the platform ever set.
 */
export function Page() {
  const { t, lang } = useLang();
  const [state, setState] = useState<JobStateName | ''>('');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<AdminNotice | null>(null);
  const loaded = useData(
    () => api.jobs({ page, pageSize: PAGE_SIZE, ...(state ? { state } : {}) }),
    [state, page, version],
  );
  const answer = loaded.data;
  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE_SIZE)) : 1;

  const act = async (job: JobView, action: 'retry' | 'cancel') => {
    try {
      await (action === 'retry' ? api.retryJob(job.id) : api.cancelJob(job.id));
      setNotice({
        kind: 'ok',
        text: t(action === 'retry' ? 'jobs.retried' : 'jobs.cancelled', { id: job.id }),
      });
      setVersion((v) => v + 1);
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err, lang) });
    }
  };

  return (
    <DataAdminFrame page="admin-jobs" notice={notice} onCloseNotice={() => setNotice(null)}>
      <section class="card">
        <div class="card-head">
          <h2>{t('jobs.title')}</h2>
        </div>
        <p class="muted small">{t('jobs.note')}</p>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        <h3>{t('jobs.schedules')}</h3>
        <div class="table-scroll">
          <table class="admin-list" data-schedules>
            <thead>
              <tr>
                <th>{t('jobs.schedule')}</th>
                <th>{t('jobs.kind')}</th>
                <th>{t('jobs.when')}</th>
                <th>{t('jobs.nextRun')}</th>
              </tr>
            </thead>
            <tbody>
              {(answer?.schedules ?? []).map((s) => (
                <tr key={s.name} data-schedule={s.name}>
                  <td class="sticky-col">{s.name}</td>
                  <td>{s.kind}</td>
                  <td class="tabular">
                    {s.cron
                      ? `${s.cron} (${s.timezone})`
                      : t('jobs.every', { m: Math.round((s.everyMs ?? 0) / 60_000) })}
                  </td>
                  <td class="tabular">
                    {fmtTimestamp(s.nextRunAt)}
                    {s.enabled ? '' : ` (${t('jobs.disabled')})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <div class="card-head">
          <h2>{t('jobs.list')}</h2>
        </div>
        <div class="segmented" data-job-states>
          <button
            type="button"
            class={state === '' ? 'active' : ''}
            data-job-state=""
            onClick={() => {
              setState('');
              setPage(1);
            }}
          >
            {t('jobs.allStates')}
          </button>
          {STATES.map((s) => (
            <button
              type="button"
              key={s}
              class={state === s ? 'active' : ''}
              data-job-state={s}
              onClick={() => {
                setState(s);
                setPage(1);
              }}
            >
              {t(stateKey(s))} {answer ? `(${answer.counts[s] ?? 0})` : ''}
            </button>
          ))}
        </div>
        <div class="table-scroll">
          <table class="admin-list" data-jobs>
            <thead>
              <tr>
                <th>{t('jobs.id')}</th>
                <th>{t('jobs.kind')}</th>
                <th>{t('jobs.state')}</th>
                <th>{t('jobs.runAt')}</th>
                <th>{t('jobs.attempts')}</th>
                <th>{t('jobs.node')}</th>
                <th>{t('jobs.lastError')}</th>
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(answer?.jobs ?? []).map((j) => (
                <tr key={j.id} data-job={j.id} data-state={j.state}>
                  <td class="sticky-col tabular">{j.id}</td>
                  <td title={j.key ?? ''}>{j.kind}</td>
                  <td>{t(stateKey(j.state))}</td>
                  <td class="tabular">{fmtTimestamp(j.runAt)}</td>
                  <td class="tabular">
                    {j.attempts}/{j.maxAttempts}
                  </td>
                  <td>{j.lockedBy ?? ''}</td>
                  <td class="small" data-last-error>
                    {j.lastError ?? ''}
                  </td>
                  <td class="actions">
                    {(j.state === 'dead' || j.state === 'cancelled') && (
                      <button type="button" class="link" data-retry onClick={() => void act(j, 'retry')}>
                        {t('jobs.retry')}
                      </button>
                    )}
                    {(j.state === 'scheduled' || j.state === 'running') && (
                      <ConfirmButton
                        label={t('jobs.cancel')}
                        question={`${t('jobs.cancel')}?`}
                        marker="data-cancel"
                        onConfirm={() => act(j, 'cancel')}
                      />
                    )}
                  </td>
                </tr>
              ))}
              {answer && answer.jobs.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    {t('jobs.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div class="toolbar pager" data-pager>
          <span class="muted">{t('ad.total', { n: answer?.total ?? 0 })}</span>
          {pages > 1 && (
            <>
              <button type="button" class="link" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('ad.prev')}
              </button>
              <span>{t('ad.page', { p: page, n: pages })}</span>
              <button type="button" class="link" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('ad.next')}
              </button>
            </>
          )}
        </div>
      </section>
    </DataAdminFrame>
  );
}
