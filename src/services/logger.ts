/** Namespaced, levelled logging for operators: one line per event, to stderr, so stdout stays for reports. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(namespace: string): Logger;
}

/**
 * Control characters in a message, written as escapes: CR and LF above all, so a message carrying text from a
 * request (a path, a user name) cannot end its line and start a forged one ("… admin signed in"); also the
 * other C0 and C1 controls, DEL, and the Unicode line and paragraph separators. A backslash is doubled, so
 * an escape written by a client cannot pass for one written here. One event, one line.
 */
export function escapeLogText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function createLogger(
  level: LogLevel = 'info',
  namespace = 'qingshan',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (RANK[at] < RANK[level]) return;
    write(
      `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${namespace}] ${escapeLogText(message)}`,
    );
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (ns) => createLogger(level, `${namespace}:${ns}`, write),
  };
}

/** A logger that keeps lines in memory, for tests that assert what an operator would read. */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(level, 'test', (l) => lines.push(l)),
    { lines },
  );
}
