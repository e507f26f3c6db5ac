import { z } from 'zod';
import { joinBilingual, splitBilingual } from './bilingual.ts';
import { installBilingualZodMessages } from './zod-messages.ts';

// Before any schema below is used: zod's own messages in "中文 / English" too (zod-messages.ts says why here).
installBilingualZodMessages();

/**
 * The span of dates and instants a query may name. Nothing the platform holds is older than 1900 or newer than
 * 2100, and a bound keeps date arithmetic (the day after `to`, a year earlier for year-on-year) inside the
 * four-digit years it is written for: year 10000 used to answer 500 with a stack in the log.
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2100-12-31';
/** Epoch ms of FIRST_DATE 00:00 UTC and of the end of LAST_DATE (UTC). */
export const MIN_EPOCH_MS = Date.UTC(1900, 0, 1);
export const MAX_EPOCH_MS = Date.UTC(2101, 0, 1) - 1;
const dateRange = `${FIRST_DATE} … ${LAST_DATE}`;

/** A calendar date in Asia/Shanghai, e.g. 2025-06-30, within FIRST_DATE … LAST_DATE. */
export const isoDate = z
  .string({ error: (issue) => (issue.input === undefined ? '必填 / required (YYYY-MM-DD)' : undefined) })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '日期不存在 / no such date')
  .refine((s) => s >= FIRST_DATE && s <= LAST_DATE, `日期超出范围 / date out of range (${dateRange})`);

/** An instant as epoch ms (a query's `at`, `to`, `from`), within FIRST_DATE … LAST_DATE. */
export const epochMs = z.coerce
  .number({ error: '应为毫秒时间戳 / must be epoch milliseconds' })
  .int('应为整数毫秒 / must be whole epoch milliseconds')
  .min(MIN_EPOCH_MS, `时间超出范围 / time out of range (${dateRange})`)
  .max(MAX_EPOCH_MS, `时间超出范围 / time out of range (${dateRange})`);

/**
 * Most distinct codes one list parameter may name. A district has a dozen air stations (淇滨区: 12); 50 leaves
 * room for a larger network while keeping one request's work bounded (each code is a grid of the whole period).
 */
export const MAX_LIST_CODES = 50;
/** Longest code in a list: site codes and MNs are far shorter (an MN is 24 characters, HJ 212 §6.3.2). */
export const MAX_CODE_LENGTH = 64;

/**
 * "a,b,c" or an array → trimmed, non-empty, distinct strings (first occurrence kept), at most MAX_LIST_CODES.
 * Distinct first, so `sites=QB-T01,QB-T01,…` a thousand times is one site, not a thousand grids.
 */
export const codeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [
    ...new Set((Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0)),
  ])
  .refine((codes) => codes.length <= MAX_LIST_CODES, {
    message: `最多 ${MAX_LIST_CODES} 个编码 / at most ${MAX_LIST_CODES} distinct codes`,
  })
  .refine((codes) => codes.every((c) => c.length <= MAX_CODE_LENGTH), {
    message: `编码过长 / a code may have at most ${MAX_CODE_LENGTH} characters`,
  });

/** The error body of every 4xx/5xx: a code and a human message, never internals. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const outputFormat = z.enum(['json', 'table', 'csv']);

/**
 * Formats a zod error as one line, "中文 / English" like every message: each problem's Chinese part (with the
 * field's path), then each one's English part, so a client can show one language (web: localMessage).
 */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    ...splitBilingual(i.message),
  }));
  return joinBilingual({
    zh: parts.map((p) => (p.path ? `${p.path}：${p.zh}` : p.zh)).join('；'),
    en: parts.map((p) => (p.path ? `${p.path}: ${p.en}` : p.en)).join('; '),
  });
}
