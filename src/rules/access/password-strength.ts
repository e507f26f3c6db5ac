/**
 * Password strength rules for accounts an administrator creates or resets (pure; no I/O). Length is what
 * matters most (NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition rules, but refuse passwords that
 * are "repetitive or sequential characters" or "context-specific words, such as the name of … the username");
 * we ask for 10. Lengths count Unicode code points, so 中文 passwords count one per character.
 */
export const MIN_PASSWORD_LENGTH = 10;

export type PasswordProblem = 'too_short' | 'whitespace' | 'repetitive' | 'sequential' | 'username';

/** The message for each problem: Chinese first, then English. */
export const PASSWORD_PROBLEM_MESSAGES: Readonly<Record<PasswordProblem, string>> = {
  too_short: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / a password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  whitespace: '密码不能只有空格 / a password cannot be only spaces',
  repetitive: '密码不能是重复的字符（如 aaaa、abab） / a password cannot be one or a few characters repeated',
  sequential: '密码不能是连续的字符（如 123456、abcdef） / a password cannot be a run like 123456 or abcdef',
  username:
    '密码不能是用户名或用户名加几个字符 / a password cannot be the username, or it with a few characters added',
};

/** Fewer distinct characters than this is "repetitive", whatever the length. */
const MIN_DISTINCT = 4;
/** The username plus fewer extra characters than this is "the username". */
const MIN_EXTRA_BEYOND_USERNAME = 6;

/** True when the text is a shorter unit repeated (the last copy may be cut short), e.g. 1234123412. */
function isRepeatedUnit(chars: readonly string[]): boolean {
  for (let unit = 1; unit <= chars.length / 2; unit += 1) {
    if (chars.every((ch, i) => ch === chars[i % unit])) return true;
  }
  return false;
}

/** Runs people type as passwords: digits (1234567890 wraps), and the keyboard rows read across. */
const RUNS = ['01234567890', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/**
 * True for a run: every code point one more (or every one less) than the one before (abcdef, 987654), or a
 * stretch of RUNS forwards or backwards (1234567890, qwertyuiop).
 */
function isSequential(chars: readonly string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const steps = codes.slice(1).map((c, i) => c - (codes[i] as number));
  if (steps.length > 0 && (steps.every((s) => s === 1) || steps.every((s) => s === -1))) return true;
  const text = chars.join('');
  const backwards = [...chars].reverse().join('');
  return RUNS.some((run) => run.includes(text) || run.includes(backwards));
}

/** The first problem with a password for this username, or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.trim().length === 0) return 'whitespace';
  const folded = [...password.toLowerCase()];
  if (new Set(folded).size < MIN_DISTINCT || isRepeatedUnit(folded)) return 'repetitive';
  if (isSequential(folded)) return 'sequential';
  const name = username.trim().toLowerCase();
  if (
    name.length > 0 &&
    password.toLowerCase().includes(name) &&
    chars.length - [...name].length < MIN_EXTRA_BEYOND_USERNAME
  ) {
    return 'username';
  }
  return undefined;
}
