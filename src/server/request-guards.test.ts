import { describe, expect, it } from 'vitest';
import { hasValidEscapes } from './request-guards.ts';

describe('hasValidEscapes', () => {
  it('accepts well-formed escapes in path and query, and plain text', () => {
    expect(hasValidEscapes('http://h/api/sites?code=QB-T01&q=%E6%B7%87+%E6%BB%A8')).toBe(true);
    expect(hasValidEscapes('http://h/station/%E6%B7%87')).toBe(true);
    expect(hasValidEscapes('http://h/')).toBe(true);
    expect(hasValidEscapes('http://h/a?100%25=x')).toBe(true);
  });

  it('refuses a bad escape anywhere: path, query key, query value, a cut UTF-8 sequence', () => {
    expect(hasValidEscapes('http://h/%zz')).toBe(false);
    expect(hasValidEscapes('http://h/api/x?%zz=1')).toBe(false);
    expect(hasValidEscapes('http://h/api/x?a=%E0%A4%A')).toBe(false);
    expect(hasValidEscapes('http://h/api/%E6%B7')).toBe(false);
    expect(hasValidEscapes('http://h/api/x?a=1&b=%')).toBe(false);
  });
});
