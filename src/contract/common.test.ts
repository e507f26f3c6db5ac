import { describe, expect, it } from 'vitest';
import { codeList, epochMs, isoDate, MAX_LIST_CODES } from './common.ts';

describe('shared query parameters are bounded', () => {
  it('codeList: trimmed, distinct (first kept), from a string or an array', () => {
    expect(codeList.parse(' A, B ,A,,C')).toEqual(['A', 'B', 'C']);
    expect(codeList.parse(['B', 'B', 'A'])).toEqual(['B', 'A']);
    expect(codeList.parse(Array(1000).fill('QB-T01').join(','))).toEqual(['QB-T01']);
  });

  it('codeList: more distinct codes than the cap, or an over-long code, is an error with a message', () => {
    const many = Array.from({ length: MAX_LIST_CODES + 1 }, (_, i) => `S${i}`);
    expect(codeList.safeParse(many.slice(0, MAX_LIST_CODES)).success).toBe(true);
    const tooMany = codeList.safeParse(many.join(','));
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toContain(`at most ${MAX_LIST_CODES} distinct codes`);
    expect(codeList.safeParse('x'.repeat(65)).success).toBe(false);
  });

  it('dates and instants stay within 1900 … 2100', () => {
    expect(isoDate.safeParse('2100-12-31').success).toBe(true);
    expect(isoDate.safeParse('9999-12-31').error?.issues[0]?.message).toContain('date out of range');
    expect(isoDate.safeParse('1899-12-31').success).toBe(false);
    expect(epochMs.safeParse(String(Date.UTC(2026, 0, 1))).success).toBe(true);
    expect(epochMs.safeParse('253402300800000').error?.issues[0]?.message).toContain('time out of range');
    expect(epochMs.safeParse('1e400').success).toBe(false);
  });
});
