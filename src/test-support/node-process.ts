import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `qingshan` entry point, as `npx qingshan` runs it after `npm ci`. */
const BIN = fileURLToPath(new URL('../../bin/qingshan.js', import.meta.url));

/** One `qingshan serve` child process, once it has printed `ready`. */
export interface NodeProcess {
  child: ChildProcess;
  /** Base URL of its HTTP server (every role serves at least /api/health). */
  http: string;
  /** Its HJ 212 port, when its role runs a receiver. */
  tcpPort?: number;
  /** Everything it printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown work at all, as a power cut or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `qingshan serve …args` with the given environment and resolves once it prints `ready`; rejects if it
 * exits first or does not get ready within `timeoutMs`.
 */
export function startNode(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<NodeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: {
      ...process.env,
      QINGSHAN_TCP_HOST: '127.0.0.1',
      QINGSHAN_HTTP_HOST: '127.0.0.1',
      QINGSHAN_DB: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const node = (http: string, tcpPort: number | undefined): NodeProcess => ({
    child,
    http,
    ...(tcpPort !== undefined ? { tcpPort } : {}),
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve ${args.join(' ')} not ready after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      if (!/^ready$/m.test(out)) return;
      const http = /(http:\/\/[\d.]+:\d+)\/api\//.exec(out)?.[1];
      if (!http) return;
      const tcp = /HJ 212\s+tcp:\/\/[\d.]+:(\d+)/.exec(out)?.[1];
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(node(http, tcp === undefined ? undefined : Number(tcp)));
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve ${args.join(' ')} exited (${code ?? signal}) before ready:\n${out}`));
    });
  });
}
