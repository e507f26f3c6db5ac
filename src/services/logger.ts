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

export function createLogger(
  level: LogLevel = 'info',
  namespace = 'qingshan',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (RANK[at] < RANK[level]) return;
    write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${namespace}] ${message}`);
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
