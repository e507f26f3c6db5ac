/**
 * `qingshan calendar due --from YYYY-MM-DD (--working-days N | --calendar-days N)`: the due date of a clock on
 * the working-day calendar (the State Council's holiday and make-up-day schedules) or on calendar days. It needs
 * no database; the schedules are the published ones this release carries (src/rules/time/cn-holiday-schedules.ts).
 */
import type { Command } from 'commander';
import { UserError } from '#services/errors.ts';
import { addFormatOption, print } from './command-helpers.ts';

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Bounds the loop: a hundred years of days is more than any case clock. */
const MAX_DAYS = 36_600;

function countOption(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_DAYS) {
    throw new UserError(
      'bad_arguments',
      `${name} 须为 0 至 ${MAX_DAYS} 的整数 / ${name} must be a whole number from 0 to ${MAX_DAYS}: "${text}"`,
    );
  }
  return Number(text);
}

export function registerCalendarCommands(program: Command): void {
  const calendar = program
    .command('calendar')
    .description('工作日历 working-day calendar: due dates on working days (节假日、调休) or calendar days');
  addFormatOption(
    calendar
      .command('due')
      .description(
        '截止日 due date: the N-th working day (or calendar day) after --from; --from itself does not count',
      )
      .requiredOption(
        '--from <YYYY-MM-DD>',
        'start date (Asia/Shanghai), e.g. the day a case was handed over',
      )
      .option(
        '--working-days <n>',
        '工作日 working days (weekends and holidays skipped, make-up days counted)',
      )
      .option('--calendar-days <n>', '自然日 calendar days'),
  ).action(async (opts: Record<string, string | undefined>) => {
    const from = opts.from as string;
    const working = opts.workingDays;
    const calendarDays = opts.calendarDays;
    if ((working === undefined) === (calendarDays === undefined)) {
      throw new UserError(
        'bad_arguments',
        '请给出 --working-days 或 --calendar-days 之一 / give exactly one of --working-days or --calendar-days',
      );
    }
    // Loaded here, not at registration, as every command does (startup.test.ts).
    const { addCalendarDays, addWorkingDays, dayOfWeek, NoScheduleError } = await import(
      '#rules/time/working-days.ts'
    );
    const { CN_HOLIDAY_SCHEDULES } = await import('#rules/time/cn-holiday-schedules.ts');
    let due: string;
    let n: number;
    try {
      if (working !== undefined) {
        n = countOption('--working-days', working);
        due = addWorkingDays(from, n, CN_HOLIDAY_SCHEDULES);
      } else {
        n = countOption('--calendar-days', calendarDays as string);
        due = addCalendarDays(from, n);
      }
    } catch (error) {
      if (error instanceof NoScheduleError) throw new UserError('no_schedule', error.message, 422);
      if (error instanceof RangeError) {
        throw new UserError('bad_arguments', `日期无效 / bad date --from "${from}": ${error.message}`);
      }
      throw error;
    }
    if (opts.format === 'json') {
      // Exactly the output: {"due": "YYYY-MM-DD"} on one line.
      process.stdout.write(`{"due": ${JSON.stringify(due)}}\n`);
      return;
    }
    const dow = dayOfWeek(due);
    const unitZh = working !== undefined ? '个工作日' : '天（自然日）';
    const unitEn = working !== undefined ? 'working day' : 'calendar day';
    const line =
      `截止日 ${due}（${WEEKDAYS_ZH[dow]}）：${from} 后第 ${n} ${unitZh} / ` +
      `due ${due} (${WEEKDAYS_EN[dow]}): ${n} ${unitEn}${n === 1 ? '' : 's'} after ${from}`;
    if (opts.format === 'csv') print({ json: { due }, rows: [{ due }] }, 'csv');
    else process.stdout.write(`${line}\n`);
  });
}
