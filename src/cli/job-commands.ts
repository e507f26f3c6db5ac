import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { jobId, jobsQuery } from '#contract/jobs.ts';
import { UserError } from '#services/errors.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

const STATE_ZH: Record<string, string> = {
  scheduled: '待执行',
  running: '执行中',
  succeeded: '已完成',
  dead: '失败（死信）',
  cancelled: '已取消',
};

const time = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** `qingshan jobs list|retry|cancel` (issue 14): the durable jobs of every node, from the shared database. */
export function registerJobCommands(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('后台任务 durable jobs and timers: list, retry, cancel, ping');

  addFormatOption(
    jobs
      .command('list')
      .description(
        '列出任务与计划 / list jobs (most recently due first) and the schedules with their next run',
      )
      .option('--state <state>', 'scheduled | running | succeeded | dead | cancelled')
      .option('--kind <kind>', 'only this kind of job')
      .option('--page <n>', 'page (1-based)', '1')
      .option('--page-size <n>', 'jobs per page (at most 200)', '50'),
  ).action(async (opts: Record<string, string | undefined>, cmd: Command) => {
    const query = parseWith(jobsQuery, {
      state: opts.state,
      kind: opts.kind,
      page: opts.page,
      pageSize: opts.pageSize,
    });
    const answer = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
      // Loaded here, not at registration: `jobs --help` loads no database code.
      const { jobsOverview } = await import('#services/jobs-admin.service.ts');
      return jobsOverview(db.db, query);
    });
    const rows = answer.jobs.map((j) => ({
      编号: j.id,
      类型: j.kind,
      状态: `${STATE_ZH[j.state] ?? j.state} ${j.state}`,
      执行时间: time(j.runAt),
      尝试: `${j.attempts}/${j.maxAttempts}`,
      节点: j.lockedBy ?? '',
      错误: j.lastError ?? '',
      键: j.key ?? '',
    }));
    const footer = [
      `计划 / schedules:`,
      ...answer.schedules.map(
        (s) =>
          `  ${s.name} (${s.kind}) ${s.cron ? `cron '${s.cron}' ${s.timezone}` : `every ${s.everyMs} ms`} → next ${time(s.nextRunAt)}${s.enabled ? '' : ' (disabled)'}`,
      ),
    ];
    print(
      {
        json: answer,
        rows,
        title: `任务 ${answer.total} 个 / ${answer.total} job(s), page ${answer.page} — ${Object.entries(
          answer.counts,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        footer,
      },
      opts.format,
    );
  });

  jobs
    .command('ping')
    .description(
      '定时自检 / schedule a one-shot timer that only records which node fired it (outbox event platform.pinged)',
    )
    .option('--in <seconds>', 'seconds from now until it falls due', '0')
    .action(async (opts: { in: string }, cmd: Command) => {
      const seconds = Number(opts.in);
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
        throw new UserError(
          'bad_option',
          '--in 须为 0–86400 秒 / --in must be a number of seconds from 0 to 86400',
        );
      }
      const id = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const { scheduleJob } = await import('#platform/jobs/jobs.ts');
        const { JOB_KINDS } = await import('#platform/jobs/builtin-schedules.ts');
        const now = Date.now();
        return scheduleJob(db.db, { kind: JOB_KINDS.ping, runAt: now + seconds * 1000, maxAttempts: 3 }, now);
      });
      process.stdout.write(`已排期 / scheduled: ping job ${id} due in ${seconds} s\n`);
    });

  for (const action of ['retry', 'cancel'] as const) {
    jobs
      .command(`${action} <id>`)
      .description(
        action === 'retry'
          ? '重试 / run a dead or cancelled job again now (audited)'
          : '取消 / cancel a scheduled or running job (audited)',
      )
      .option('--by <name>', 'who makes the change (default: the OS user)')
      .action(async (id: string, opts: { by?: string }, cmd: Command) => {
        const jobNumber = parseWith(jobId, id);
        const job = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
          const { actOnJob } = await import('#services/jobs-admin.service.ts');
          return actOnJob(db.db, jobNumber, action, { actor: opts.by ?? userInfo().username, origin: 'cli' });
        });
        process.stdout.write(
          `${action === 'retry' ? '已重新排期 / scheduled again' : '已取消 / cancelled'}: job ${job.id} (${job.kind}) → ${job.state}\n`,
        );
      });
  }
}
