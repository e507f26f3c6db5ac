import { z } from 'zod';

/** A calendar date in Asia/Shanghai, e.g. 2025-06-30. */
export const isoDate = z
  .string({ error: (issue) => (issue.input === undefined ? '必填 / required (YYYY-MM-DD)' : undefined) })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '日期不存在 / no such date');

/** "a,b,c" or an array → trimmed non-empty strings. */
export const codeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0));

/** The error body of every 4xx/5xx: a code and a human message, never internals. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const outputFormat = z.enum(['json', 'table', 'csv']);

/** Formats a zod error as one line per problem, for CLI and API alike. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
