import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { DEFAULT_PLAUSIBILITY } from '#config/plausibility.ts';
import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import {
  checkPacket,
  implausibilityReason,
  type PlausibilityPolicy,
} from '#rules/plausibility/plausibility.ts';
import { appendOutbox } from '#store/outbox.repository.ts';
import type { Database } from '../store/database.ts';
import {
  type MeasurementInput,
  UPSERT_BATCH_ROWS,
  upsertMeasurements,
} from '../store/measurements.repository.ts';
import { listParameters } from '../store/parameters.repository.ts';
import { ensureSiteByName } from '../store/sites.repository.ts';
import { type AirFormat, isRowError, type ParsedRow, type RowParser } from './air-format.ts';
import { readLines, splitCsvLine } from './csv-line.ts';
import { prsaFormat } from './prsa-format.ts';
import { qingshanFormat } from './qingshan-format.ts';

/**
 * Import hourly air-station files (formats: qingshan-format.ts, prsa-format.ts; docs/data-formats.md).
 * - Streaming: each file is read in 1 MiB chunks and written in batches.
 * - Transactions: EACH FILE IS ONE TRANSACTION. A bad row (wrong column count, bad number, negative
 *   concentration, bad date, duplicate hour) is skipped whole and reported with its line number; the rest of
 *   the file is imported. A file that cannot be read, has a bad header, or hits a database error is rolled
 *   back entirely and reported as `failed`; the other files go on.
 * - Idempotent: re-importing the same file changes nothing (see upsertMeasurements).
 * - Plausible (issue 11, rules/plausibility): a row whose hour lies beyond now + the clock-skew allowance, or with
 *   a value out of its parameter's range, is skipped whole and reported with its line number and the reason.
 *   The back-fill window does not apply: an import is history by nature.
 */
export const AIR_FORMATS = { qingshan: qingshanFormat, prsa: prsaFormat } as const;
export type AirFormatName = keyof typeof AIR_FORMATS;

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Data lines read so far in this file. */
  rowsDone: number;
  /** Bytes read so far over all files, and their total size. */
  bytesDone: number;
  totalBytes: number;
}

export interface ImportOptions {
  format?: AirFormatName;
  onProgress?: (progress: ImportProgress) => void;
  /** How many errors each file lists (all are counted). Default 100. */
  maxErrorsListed?: number;
  /** received_at of new values; default Date.now() at the start. */
  receivedAt?: number;
  /** Plausibility limits (config `plausibility`); default the documented defaults. Its back-fill is ignored. */
  plausibility?: PlausibilityPolicy;
  /** The clock the hours are checked against (epoch ms); default receivedAt. */
  now?: number;
}

export interface LineError {
  /** 1-based line in the file; 0 for the file as a whole. */
  line: number;
  reason: string;
}

export interface FileImportResult {
  file: string;
  status: 'imported' | 'failed';
  /** Data rows imported (rows with an error are not). */
  rows: number;
  /** Values written (upserted). */
  values: number;
  errors: LineError[];
  errorCount: number;
  /** Site names the file introduced. */
  createdSites: string[];
}

export interface ImportResult {
  files: FileImportResult[];
  totalRows: number;
  totalValues: number;
  totalErrors: number;
  ms: number;
}

/** Values collected before each write: ten statements' worth. */
const FLUSH_ROWS = 10 * UPSERT_BATCH_ROWS;

interface FileContext {
  db: Kysely<Database>;
  format: AirFormat;
  known: ReadonlySet<string>;
  receivedAt: number;
  plausibility: PlausibilityPolicy;
  now: number;
  maxErrors: number;
  report: (rowsDone: number, bytesOfFile: number) => void;
}

/** The file as a whole cannot be imported (bad header, empty): rolled back, reported at `line`. */
class FileFailure extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

async function importOneFile(file: string, ctx: FileContext, result: FileImportResult): Promise<void> {
  const { db, format } = ctx;
  const fail = (line: number, reason: string) => {
    result.errorCount++;
    if (result.errors.length < ctx.maxErrors) result.errors.push({ line, reason });
  };
  const sites = new Map<string, number>();
  // Per site and parameter: hour → line, to refuse a second row for the same hour.
  const seen = new Map<number, Map<string, Map<number, number>>>();
  let parse: RowParser | undefined;
  let pending: MeasurementInput[] = [];
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });

  const siteId = async (name: string): Promise<number> => {
    const known = sites.get(name);
    if (known !== undefined) return known;
    const { site, created } = await ensureSiteByName(db, name, format.newSite);
    if (created) result.createdSites.push(name);
    sites.set(name, site.id);
    return site.id;
  };

  const accept = async (row: ParsedRow, lineNo: number) => {
    const values = row.parameters.map((parameter, k) => ({ parameter, value: row.values[k] }));
    const implausible = checkPacket({ dataTime: row.time, receivedAt: ctx.now, values }, ctx.plausibility);
    if (implausible.length > 0) return fail(lineNo, implausibilityReason(implausible));
    const id = await siteId(row.site);
    let bySite = seen.get(id);
    if (!bySite) {
      bySite = new Map();
      seen.set(id, bySite);
    }
    const hours: Map<number, number>[] = [];
    for (let k = 0; k < row.parameters.length; k++) {
      if (row.values[k] === undefined) continue;
      const parameter = row.parameters[k] as string;
      let byHour = bySite.get(parameter);
      if (!byHour) {
        byHour = new Map();
        bySite.set(parameter, byHour);
      }
      const earlier = byHour.get(row.time);
      if (earlier !== undefined)
        return fail(lineNo, `duplicate: ${row.site} ${parameter} for this hour already on line ${earlier}`);
      hours.push(byHour);
    }
    for (const byHour of hours) byHour.set(row.time, lineNo);
    for (let k = 0; k < row.parameters.length; k++) {
      const value = row.values[k];
      if (value === undefined) continue;
      pending.push({
        site_id: id,
        parameter: row.parameters[k] as string,
        period: 'hour',
        time: row.time,
        value,
        flag: row.flags?.[k] ?? null,
        source: format.source,
      });
    }
    result.rows++;
  };

  // Per site, the hours this file touched: its measurements.stored outbox event (issue 14).
  const spans = new Map<number, { siteId: number; period: 'hour'; from: number; to: number }>();
  const flush = async () => {
    if (pending.length === 0) return;
    result.values += await upsertMeasurements(db, pending, ctx.receivedAt);
    for (const m of pending) {
      const span = spans.get(m.site_id);
      if (!span) spans.set(m.site_id, { siteId: m.site_id, period: 'hour', from: m.time, to: m.time });
      else {
        span.from = Math.min(span.from, m.time);
        span.to = Math.max(span.to, m.time);
      }
    }
    pending = [];
  };

  let rowsDone = 0;
  for await (const { lines, firstLineNo } of readLines(stream)) {
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k] as string;
      const lineNo = firstLineNo + k;
      if (line.trim() === '') continue;
      const cells = splitCsvLine(line);
      if (!Array.isArray(cells)) {
        if (!parse) throw new FileFailure(lineNo, `header: ${cells.error}`);
        fail(lineNo, cells.error);
        continue;
      }
      if (!parse) {
        const parser = format.header(cells, ctx.known);
        if (isRowError(parser)) throw new FileFailure(lineNo, parser.error);
        parse = parser;
        continue;
      }
      rowsDone++;
      const row = parse(cells);
      if (isRowError(row)) fail(lineNo, row.error);
      else await accept(row, lineNo);
    }
    if (pending.length >= FLUSH_ROWS) await flush();
    ctx.report(rowsDone, stream.bytesRead);
  }
  if (!parse) throw new FileFailure(0, 'empty file (no header)');
  await flush();
  if (result.values > 0) {
    // In the file's transaction: dashboards on every node refresh when the import commits.
    await appendOutbox(db, [
      {
        topic: 'measurements.stored',
        at: ctx.now,
        payload: { values: result.values, spans: [...spans.values()] },
      },
    ]);
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Import hourly station files into `db`; never throws for bad data — see the result. */
export async function importAirFiles(
  db: Kysely<Database>,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const format = AIR_FORMATS[options.format ?? 'qingshan'];
  const known = new Set((await listParameters(db)).map((p) => p.code));
  const sizes = await Promise.all(files.map(fileSize));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const receivedAt = options.receivedAt ?? Date.now();
  const plausibility = {
    ...(options.plausibility ?? DEFAULT_PLAUSIBILITY.base),
    backfillMs: Number.POSITIVE_INFINITY,
  };
  const results: FileImportResult[] = [];
  let bytesBefore = 0;

  for (const [fileIndex, file] of files.entries()) {
    const result: FileImportResult = {
      file,
      status: 'imported',
      rows: 0,
      values: 0,
      errors: [],
      errorCount: 0,
      createdSites: [],
    };
    const ctx: FileContext = {
      db,
      format,
      known,
      receivedAt,
      plausibility,
      now: options.now ?? receivedAt,
      maxErrors: options.maxErrorsListed ?? 100,
      report: (rowsDone, bytes) =>
        options.onProgress?.({
          file,
          fileIndex,
          fileCount: files.length,
          rowsDone,
          bytesDone: bytesBefore + bytes,
          totalBytes,
        }),
    };
    try {
      if (db.isTransaction) await importOneFile(file, ctx, result);
      else await db.transaction().execute((trx) => importOneFile(file, { ...ctx, db: trx }, result));
    } catch (error) {
      const line = error instanceof FileFailure ? error.line : 0;
      const reason = error instanceof FileFailure ? error.message : describe(error);
      Object.assign(result, { status: 'failed', rows: 0, values: 0, createdSites: [] });
      result.errors.unshift({ line, reason: `file not imported (rolled back): ${reason}` });
      result.errorCount++;
    }
    bytesBefore += sizes[fileIndex] ?? 0;
    results.push(result);
    if (result.values > 0) notifyOutboxCommitted(db);
  }

  return {
    files: results,
    totalRows: results.reduce((a, r) => a + r.rows, 0),
    totalValues: results.reduce((a, r) => a + r.values, 0),
    totalErrors: results.reduce((a, r) => a + r.errorCount, 0),
    ms: Math.round(performance.now() - started),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
