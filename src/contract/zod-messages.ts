import { z } from 'zod';

/**
 * zod's own messages in the house form "中文 / English": our Chinese for the issue kinds a user meets, then
 * zod's English. A schema's own message (`.regex(re, '日期格式… / date must…')`) still wins: zod asks this map
 * only for issues whose schema gave none.
 */

type RawIssue = z.core.$ZodRawIssue;

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true/false）',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值',
  undefined: '空',
  nan: '非数字（NaN）',
  symbol: 'symbol',
  function: '函数',
  map: 'Map',
  set: 'Set',
  file: '文件',
};

const FORMAT_ZH: Record<string, string> = {
  email: '电子邮件地址',
  url: '网址',
  uuid: 'UUID',
  datetime: 'ISO 日期时间',
  date: 'ISO 日期',
  time: 'ISO 时间',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  base64: 'base64 文本',
  jwt: 'JWT',
};

/** How zod names a received value's type (its `parsedType`): enough for the Chinese wording. */
function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

const typeZh = (t: string) => TYPE_ZH[t] ?? t;
const valueText = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

function sizeZh(
  kind: 'big' | 'small',
  issue: { origin: string; exact?: boolean; inclusive?: boolean },
  n: string,
) {
  const { origin } = issue;
  if (origin === 'string' || origin === 'array' || origin === 'set' || origin === 'file') {
    const unit = origin === 'string' ? '个字符' : origin === 'file' ? '字节' : '项';
    const what = origin === 'string' ? '长度' : '数量';
    if (issue.exact) return `${what}应恰为 ${n} ${unit}`;
    if (kind === 'small' && origin === 'string' && n === '1' && issue.inclusive !== false) return '不能为空';
    return kind === 'big' ? `过长：最多 ${n} ${unit}` : `过短：至少 ${n} ${unit}`;
  }
  if (issue.exact) return `应恰为 ${n}`;
  const op = kind === 'big' ? (issue.inclusive === false ? '<' : '≤') : issue.inclusive === false ? '>' : '≥';
  return `${kind === 'big' ? '数值过大' : '数值过小'}：应 ${op} ${n}`;
}

/** The Chinese text of one issue. */
export function zodIssueZh(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `必填（${typeZh(issue.expected)}）`;
      return `类型不对：应为${typeZh(issue.expected)}，收到的是${typeZh(receivedType(issue.input))}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `取值无效：应为 ${valueText(issue.values[0])}`
        : `取值无效：应为 ${issue.values.map(valueText).join('、')} 之一`;
    case 'too_big':
      return sizeZh('big', issue, issue.maximum.toString());
    case 'too_small':
      return sizeZh('small', issue, issue.minimum.toString());
    case 'invalid_format':
      if (issue.format === 'regex') return '格式不对';
      if (issue.format === 'starts_with') return `格式不对：应以 "${String(issue.prefix)}" 开头`;
      if (issue.format === 'ends_with') return `格式不对：应以 "${String(issue.suffix)}" 结尾`;
      if (issue.format === 'includes') return `格式不对：应含 "${String(issue.includes)}"`;
      return `不是有效的${FORMAT_ZH[issue.format] ?? issue.format}`;
    case 'not_multiple_of':
      return `应为 ${issue.divisor.toString()} 的倍数`;
    case 'unrecognized_keys':
      return `未知字段：${issue.keys.join('、')}`;
    case 'invalid_key':
      return '键无效';
    case 'invalid_element':
      return '含无效的值';
    default:
      return '输入无效';
  }
}

const english = z.locales.en().localeError;

function zodIssueEn(issue: RawIssue): string {
  const m = english(issue);
  return typeof m === 'string' ? m : (m?.message ?? 'Invalid input');
}

/** zod's error map for the whole contract: "中文 / English". */
export const bilingualZodError: z.core.$ZodErrorMap = (issue) =>
  `${zodIssueZh(issue)} / ${zodIssueEn(issue)}`;

/**
 * Installs the map. zod keeps its error map in one process-wide config by design; the contract installs it when
 * it loads (common.ts), so every entry point that validates with the contract — API, CLI, web — speaks alike.
 */
export function installBilingualZodMessages(): void {
  z.config({ customError: bilingualZodError });
}
