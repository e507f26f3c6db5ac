import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { splitBilingual } from './bilingual.ts';
import { describeIssues, isoDate } from './common.ts';

// Importing common.ts installs the map, as every entry point does.

const messageOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues[0]?.message ?? '';
};

describe('zod messages are "中文 / English"', () => {
  it.each([
    [
      'a missing field',
      z.object({ name: z.string() }),
      {},
      '必填（文本）',
      'expected string, received undefined',
    ],
    ['a wrong type', z.number(), 'x', '类型不对：应为数字，收到的是文本', 'expected number, received string'],
    ['not a number', z.coerce.number(), 'abc', '应为数字，收到的是非数字（NaN）', 'received NaN'],
    ['a fraction for a whole number', z.number().int(), 1.5, '应为整数', 'expected int'],
    [
      'a choice not offered',
      z.enum(['daily', 'hourly']),
      'weekly',
      '应为 "daily"、"hourly" 之一',
      'expected one of',
    ],
    ['a number too big', z.number().max(5000), 6000, '数值过大：应 ≤ 5000', 'Too big'],
    ['a number too small', z.number().min(1), 0, '数值过小：应 ≥ 1', 'Too small'],
    ['an empty text', z.string().min(1), '', '不能为空', 'Too small'],
    ['a text too long', z.string().max(3), 'abcd', '过长：最多 3 个字符', 'Too big'],
    ['a list too long', z.array(z.number()).max(1), [1, 2], '过长：最多 1 项', 'Too big'],
    ['a bad pattern', z.string().regex(/^\d+$/), 'x', '格式不对', 'must match pattern'],
    ['an unknown key', z.strictObject({}), { extra: 1 }, '未知字段：extra', 'Unrecognized key'],
  ])('%s', (_what, schema, input, zh, en) => {
    const m = splitBilingual(messageOf(schema, input));
    expect(m.zh).toContain(zh);
    expect(m.zh).not.toMatch(/[A-Z][a-z]+ [a-z]+/); // no English sentence in the Chinese part
    expect(m.en).toContain(en);
  });

  it("a schema's own message wins over the map", () => {
    expect(messageOf(isoDate, '2025-02-30')).toBe('日期不存在 / no such date');
  });

  it('describeIssues gives every problem in Chinese, then every problem in English', () => {
    const schema = z.object({ kind: z.enum(['daily', 'hourly']), date: isoDate });
    const r = schema.safeParse({ kind: 'weekly', date: '2025-02-30' });
    expect(r.success).toBe(false);
    const text = describeIssues((r as { error: z.ZodError }).error);
    const { zh, en } = splitBilingual(text);
    expect(zh).toBe('kind：取值无效：应为 "daily"、"hourly" 之一；date：日期不存在');
    expect(en).toBe('kind: Invalid option: expected one of "daily"|"hourly"; date: no such date');
  });
});

describe('splitBilingual', () => {
  it.each([
    ['请求过大 / request body too large', '请求过大', 'request body too large'],
    [
      '用户名或密码错误（连续失败 5 次将锁定 15 分钟）/ wrong password',
      '用户名或密码错误（连续失败 5 次将锁定 15 分钟）',
      'wrong password',
    ],
    ['浓度 mg/m³ 无效 / bad mg/m³ value', '浓度 mg/m³ 无效', 'bad mg/m³ value'],
    ['only one language', 'only one language', 'only one language'],
  ])('%s', (message, zh, en) => {
    expect(splitBilingual(message)).toEqual({ zh, en });
  });
});
