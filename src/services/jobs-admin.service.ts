import type { Kysely } from 'kysely';
import type { JobsAnswer, JobsQuery, JobView } from '#contract/jobs.ts';
import { jobsAnswerOf, jobViewOf } from '#platform/jobs/job-views.ts';
import { cancelJob, listJobs, retryJob } from '#platform/jobs/jobs.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { findJob } from '#store/jobs.repository.ts';
import type { Actor } from './auth/accounts.service.ts';
import { UserError } from './errors.ts';

/** The office's view of the durable jobs (issue 14): one service for the API and the CLI. */
export async function jobsOverview(db: Kysely<Database>, query: JobsQuery): Promise<JobsAnswer> {
  return jobsAnswerOf(await listJobs(db, query));
}

type Action = 'retry' | 'cancel';

const REFUSED: Record<Action, string> = {
  retry: '只能重试已失败（死信）或已取消的任务 / only a dead or cancelled job can be retried',
  cancel: '只能取消待执行或执行中的任务 / only a scheduled or running job can be cancelled',
};

/** Retries or cancels job `id`, audited; 404 when there is no such job, 409 when its state does not allow it. */
export async function actOnJob(
  db: Kysely<Database>,
  id: number,
  action: Action,
  by: Actor,
  now = Date.now(),
): Promise<JobView> {
  const before = await findJob(db, id);
  if (!before) throw new UserError('not_found', `没有任务 ${id} / no job ${id}`, 404);
  const done = action === 'retry' ? await retryJob(db, id, now) : await cancelJob(db, id, now);
  if (!done) throw new UserError('conflict', `${REFUSED[action]} (${before.state})`, 409);
  await appendAudit(
    db,
    {
      actor: by.actor,
      origin: by.origin,
      action: `job_${action}`,
      entity: 'job',
      entityId: String(id),
      detail: { kind: before.kind, key: before.key },
      before: { state: before.state },
      after: { state: action === 'retry' ? 'scheduled' : 'cancelled' },
    },
    now,
  );
  return jobViewOf((await findJob(db, id)) ?? before);
}
