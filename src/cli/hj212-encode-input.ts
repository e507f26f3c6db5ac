/**
 * The JSON that `qingshan hj212 encode` reads, turned into the codec's PacketInput: either that structure itself
 * (`cp` as text or as {dataTime, params, factors}) or the flat shape `hj212 decode` prints (`dataTime` + `values`).
 */
import { z } from 'zod';
import { UserError } from '#services/errors.ts';
import { encodePackets, formatQn, Hj212EncodeError, type PacketInput } from '../protocol/hj212/index.ts';

/** A number as HJ 212 text: never in exponent form (N5.2 etc. are plain decimals). */
export function numberText(value: number): string {
  const s = String(value);
  if (!/e/i.test(s)) return s;
  return value.toFixed(12).replace(/\.?0+$/, '');
}

const text = z
  .union([z.string(), z.number().refine(Number.isFinite)])
  .transform((v) => (typeof v === 'number' ? numberText(v) : v));

const cpObject = z.object({
  dataTime: z.string().optional(),
  params: z.array(z.object({ key: z.string(), text })).optional(),
  factors: z
    .array(z.object({ code: z.string(), fields: z.array(z.object({ name: z.string(), text })) }))
    .optional(),
});

/**
 * What `hj212 encode` reads: the codec's PacketInput (with `cp` as text or structure), or the flat shape that
 * `hj212 decode` prints (`dataTime` + `values`), so decode → edit → encode works.
 */
export const encodeInput = z
  .object({
    qn: z.string().optional(),
    st: z.string(),
    cn: z.string(),
    pw: z.string().nullable().optional(),
    mn: z.string(),
    /** Default 4 (HJ 212-2017, no answer asked); null = no Flag field (HJ/T 212-2005 style). */
    flag: z.number().int().min(0).max(255).nullable().optional(),
    pnum: z.number().int().positive().optional(),
    pno: z.number().int().positive().optional(),
    resend: z.boolean().optional(),
    cp: z.union([z.string(), cpObject]).optional(),
    dataTime: z.string().optional(),
    params: z.array(z.object({ key: z.string(), text })).optional(),
    values: z
      .array(z.object({ factor: z.string(), field: z.string(), value: text, flag: z.string().optional() }))
      .optional(),
  })
  .refine(
    (o) =>
      o.cp === undefined || (o.values === undefined && o.dataTime === undefined && o.params === undefined),
    {
      message: 'give either "cp" or "dataTime"/"params"/"values", not both',
    },
  );

export type EncodeInput = z.input<typeof encodeInput>;

/** Group the flat `values` list by factor, in first-seen order, with each factor's Flag last. */
function factorsOf(values: NonNullable<z.infer<typeof encodeInput>['values']>) {
  const byCode = new Map<string, { code: string; fields: { name: string; text: string }[]; flag?: string }>();
  for (const v of values) {
    let f = byCode.get(v.factor);
    if (f === undefined) {
      f = { code: v.factor, fields: [] };
      byCode.set(v.factor, f);
    }
    f.fields.push({ name: v.field, text: v.value });
    if (v.flag !== undefined) f.flag = v.flag;
  }
  return [...byCode.values()].map((f) => ({
    code: f.code,
    fields: f.flag === undefined ? f.fields : [...f.fields, { name: 'Flag', text: f.flag }],
  }));
}

/** Validate one JSON value and turn it into a PacketInput (QN defaults to `now`). */
export function packetInputOf(json: unknown, now = Date.now()): PacketInput {
  const parsed = encodeInput.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`)
      .join('; ');
    throw new UserError('bad_arguments', `无效的报文 JSON / invalid packet JSON: ${issues}`);
  }
  const o = parsed.data;
  const cp =
    o.cp ??
    (o.values !== undefined || o.dataTime !== undefined || o.params !== undefined
      ? {
          ...(o.dataTime !== undefined ? { dataTime: o.dataTime } : {}),
          ...(o.params !== undefined ? { params: o.params } : {}),
          factors: factorsOf(o.values ?? []),
        }
      : undefined);
  return {
    qn: o.qn ?? formatQn(now),
    st: o.st,
    cn: o.cn,
    ...(o.pw !== undefined && o.pw !== null ? { pw: o.pw } : {}),
    mn: o.mn,
    ...(o.flag === null ? {} : { flag: o.flag ?? 4 }),
    ...(o.pnum !== undefined ? { pnum: o.pnum } : {}),
    ...(o.pno !== undefined ? { pno: o.pno } : {}),
    ...(o.resend ? { resend: true } : {}),
    ...(cp !== undefined ? { cp } : {}),
  };
}

/** Packet lines (without CR LF) for one JSON value; several when `maxSegmentBytes` splits it (PNUM/PNO). */
export function encodeJson(
  json: unknown,
  options: { maxSegmentBytes?: number; now?: number } = {},
): string[] {
  const input = packetInputOf(json, options.now);
  try {
    const frames = encodePackets(
      input,
      options.maxSegmentBytes ? { maxSegmentBytes: options.maxSegmentBytes } : {},
    );
    return frames.map((f) => f.toString('utf8').replace(/\r\n$/, ''));
  } catch (err) {
    if (err instanceof Hj212EncodeError)
      throw new UserError('bad_arguments', `无法编码 / cannot encode: ${err.message}`);
    throw err;
  }
}

/** JSON objects in `text`: one object, an array of them, or one object per line (JSON Lines). */
export function parseJsonObjects(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new UserError('bad_arguments', '没有输入 / no JSON given (use --json or stdin)');
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) ? value : [value];
  } catch {
    return trimmed
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as unknown;
        } catch (err) {
          throw new UserError(
            'bad_arguments',
            `JSON 无效 / invalid JSON on line ${i + 1}: ${(err as Error).message}`,
          );
        }
      });
  }
}
