import { isoDate } from '#contract/common.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import { listDustDays, setDustDay } from '#store/dust-days.repository.ts';
import type { DustDayKind } from '#store/dust-days.table.ts';
import type { Db } from '#store/open-db.ts';
import { splitCsvLine } from '../import/csv-line.ts';
import type { ChangeContext } from './dust-days.service.ts';
import { UserError } from './errors.ts';

/** Bounded cost: a year of days many times over, in a file anyone can read at a glance. */
export const MAX_IMPORT_BYTES = 1_000_000;
export const MAX_IMPORT_ROWS = 5000;

/** Column names accepted in the header row, English or Chinese (the CLI's list prints the Chinese ones). */
const COLUMNS: Record<string, 'date' | 'kind' | 'noticeRef' | 'note'> = {
  date: 'date',
  日期: 'date',
  kind: 'kind',
  类型: 'kind',
  notice_ref: 'noticeRef',
  noticeref: 'noticeRef',
  notice: 'noticeRef',
  文号: 'noticeRef',
  note: 'note',
  说明: 'note',
};

const KINDS: Record<string, DustDayKind> = {
  sand_dust: 'sand_dust',
  沙尘: 'sand_dust',
  沙尘天气: 'sand_dust',
  沙尘天: 'sand_dust',
  exceptional: 'exceptional',
  异常日: 'exceptional',
  例外事件: 'exceptional',
};

export interface DustDayRowIn {
  line: number;
  date: string;
  kind: DustDayKind;
  noticeRef: string;
  note: string | null;
}

export interface BadLine {
  line: number;
  reason: string;
}

/** Parses the file: the rows, or every bad line with its number (1 = the header). Pure. */
export function parseDustDaysCsv(text: string): { rows: DustDayRowIn[]; bad: BadLine[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (!Array.isArray(header)) return { rows: [], bad: [{ line: 1, reason: header.error }] };
  const index: Partial<Record<'date' | 'kind' | 'noticeRef' | 'note', number>> = {};
  header.forEach((h, i) => {
    const key = COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()];
    if (key !== undefined) index[key] = i;
  });
  const needed = (['date', 'kind', 'noticeRef'] as const).filter((k) => index[k] === undefined);
  if (needed.length > 0) {
    return {
      rows: [],
      bad: [
        { line: 1, reason: `表头缺少列 / header lacks: ${needed.join(', ')} (date,kind,notice_ref[,note])` },
      ],
    };
  }
  const rows: DustDayRowIn[] = [];
  const bad: BadLine[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    if (rows.length + bad.length >= MAX_IMPORT_ROWS) {
      bad.push({ line, reason: `超过 ${MAX_IMPORT_ROWS} 行 / more than ${MAX_IMPORT_ROWS} rows` });
      break;
    }
    const cells = splitCsvLine(raw);
    if (!Array.isArray(cells)) {
      bad.push({ line, reason: cells.error });
      continue;
    }
    const cell = (k: keyof typeof index) => (index[k] === undefined ? '' : (cells[index[k]] ?? '').trim());
    const date = cell('date');
    const kind = KINDS[cell('kind')] ?? KINDS[cell('kind').toLowerCase()];
    const noticeRef = cell('noticeRef');
    const note = cell('note');
    const reasons: string[] = [];
    if (!isoDate.safeParse(date).success) reasons.push(`日期无效 / not a date (YYYY-MM-DD): "${date}"`);
    if (kind === undefined) {
      reasons.push(`类型无效 / kind must be sand_dust (沙尘天气) or exceptional (异常日): "${cell('kind')}"`);
    }
    if (noticeRef === '') reasons.push('缺少通知文号 / notice reference (文号) required');
    if (noticeRef.length > 100) reasons.push('文号过长 / notice reference longer than 100 characters');
    if (note.length > 500) reasons.push('说明过长 / note longer than 500 characters');
    const first = seen.get(date);
    if (first !== undefined) reasons.push(`与第 ${first} 行日期重复 / same date as line ${first}`);
    if (reasons.length > 0) {
      bad.push({ line, reason: reasons.join('; ') });
      continue;
    }
    seen.set(date, line);
    rows.push({ line, date, kind: kind as DustDayKind, noticeRef, note: note === '' ? null : note });
  }
  return { rows, bad };
}

/**
 * Imports sand-dust and exceptional days from a CSV file (date,kind,notice_ref[,note]). All or nothing: with any bad
 * line nothing is written and every bad line is reported with its number, so the corrected file can simply be run
 * again. Each day written is audited like a mark from the web (before → after), origin naming the file.
 */
export async function importDustDays(
  db: Db,
  text: string,
  ctx: ChangeContext & { file: string },
): Promise<{ imported: number; lines: DustDayRowIn[] }> {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) {
    throw new UserError('too_large', `文件过大 / file larger than ${MAX_IMPORT_BYTES} bytes`);
  }
  const { rows, bad } = parseDustDaysCsv(text);
  if (bad.length > 0) {
    const list = bad.map((b) => `  第 ${b.line} 行 / line ${b.line}: ${b.reason}`).join('\n');
    throw new UserError(
      'bad_rows',
      `${bad.length} 行有误，未导入任何数据 / ${bad.length} bad line(s), nothing imported:\n${list}`,
    );
  }
  if (rows.length === 0) throw new UserError('empty_file', '文件中没有数据行 / the file has no data rows');
  const now = ctx.now ?? Date.now();
  const origin = `${ctx.origin ?? 'cli'} import ${ctx.file}`;
  await db.db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const [old] = await listDustDays(trx, { from: r.date, to: r.date });
      const before = old ? { note: old.note, kind: old.kind, noticeRef: old.notice_ref } : null;
      await setDustDay(
        trx,
        { date: r.date, note: r.note, createdBy: ctx.actor, kind: r.kind, noticeRef: r.noticeRef },
        now,
      );
      await appendAudit(
        trx,
        {
          actor: ctx.actor,
          origin,
          action: 'mark',
          entity: 'dust_day',
          entityId: r.date,
          before,
          after: { note: r.note, kind: r.kind, noticeRef: r.noticeRef },
        },
        now,
      );
    }
  });
  return { imported: rows.length, lines: rows };
}
