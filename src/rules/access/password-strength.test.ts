import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, type PasswordProblem, passwordProblem } from './password-strength.ts';

const cases: Array<[password: string, username: string, problem: PasswordProblem | undefined]> = [
  ['short-pw', 'jinshan', 'too_short'],
  ['淇滨区环境监管平台', 'jinshan', 'too_short'], // 9 characters (27 bytes in UTF-8)
  ['淇滨区生态环境监管平台', 'jinshan', undefined],
  [' '.repeat(10), 'jinshan', 'whitespace'],
  ['\t \u3000 \n     ', 'jinshan', 'whitespace'],
  ['aaaaaaaaaa', 'jinshan', 'repetitive'],
  ['AaAaAaAaAaAa', 'jinshan', 'repetitive'],
  ['1234123412', 'jinshan', 'repetitive'],
  ['abcabcabcabc', 'jinshan', 'repetitive'],
  ['aaaaabbbbb', 'jinshan', 'repetitive'],
  ['0123456789', 'jinshan', 'sequential'],
  ['abcdefghijk', 'jinshan', 'sequential'],
  ['9876543210', 'jinshan', 'sequential'],
  ['1234567890', 'jinshan', 'sequential'],
  ['QWERTYUIOP', 'jinshan', 'sequential'],
  ['1qaz2wsx3edc', 'jinshan', 'sequential'],
  ['poiuytrewq', 'jinshan', 'sequential'],
  ['jinshan123', 'jinshan', 'username'],
  ['JinShan2024!', 'jinshan', 'username'],
  ['jinshan-Password-1', 'jinshan', undefined],
  ['admin-Password-1', 'boss', undefined],
  ['correct horse battery', 'jinshan', undefined],
  ['qingshan-demo', 'demo-leader', undefined],
];

describe('password strength', () => {
  it.each(cases)('%j for %s → %s', (password, username, problem) => {
    expect(passwordProblem(password, username)).toBe(problem);
  });

  it('asks for at least 10 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('x7#kQ!m2Lp', 'u')).toBeUndefined();
    expect(passwordProblem('x7#kQ!m2L', 'u')).toBe('too_short');
  });
});
