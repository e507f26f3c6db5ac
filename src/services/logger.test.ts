import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLogText, memoryLogger } from './logger.ts';

describe('log lines cannot be forged', () => {
  it('writes CR, LF and other controls as escapes, so one message stays one line', () => {
    const log = memoryLogger();
    log.error('GET /api/x\r\n2026-12-05T13:00:00.000Z INFO  [qingshan:auth] admin signed in');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).not.toMatch(/[\r\n]/);
    expect(log.lines[0]).toContain('/api/x\\r\\n2026-12-05T13:00:00.000Z INFO');
    expect(escapeLogText('a\tb\u0000c\u007fd\u0085e\u2028f')).toBe('a\\tb\\u0000c\\u007fd\\u0085e\\u2028f');
  });

  it('doubles a backslash, so text that looks like an escape is told apart from one', () => {
    expect(escapeLogText('C:\\n')).toBe('C:\\\\n');
    expect(escapeLogText('C:\n')).toBe('C:\\n');
  });

  it('property: no message, however built, yields a line break or a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that none are left
        expect(escapeLogText(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: 2000 },
    );
  });
});
