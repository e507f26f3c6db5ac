import { request } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { type Config, loadConfig } from '#config/config.ts';
import { createUser } from '#services/auth/accounts.service.ts';
import { memoryLogger } from '#services/logger.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';

/**
 * The real platform on a free port (SQLite in a temp file, no demo) for the account abuse tests, on a clock the
 * test moves, with two users. Clients choose their source address among 127.0.0.x (all loopback on Linux), so
 * "many addresses" are real TCP peers as the server sees them.
 */
export const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
export const ADMIN = { username: 'boss', password: 'admin-Password-1' };
export const USER = { username: 'jinshan', password: 'township-Password-1' };

export interface AbusePlatform {
  platform: RunningPlatform;
  log: ReturnType<typeof memoryLogger>;
  clock: { now: () => number; advance: (ms: number) => void };
}

/** Starts the platform before the file's tests and stops it after; `config` overrides (e.g. login limits). */
export function useAbusePlatform(config: Partial<Config> = {}): () => AbusePlatform {
  let current: AbusePlatform | undefined;
  beforeAll(async () => {
    let t = T0;
    const clock = {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
    };
    const log = memoryLogger('info');
    const overrides = { db: tempDbPath(), httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false };
    const platform = await startPlatform(loadConfig({ env: {}, overrides: { ...overrides, ...config } }), {
      log,
      now: clock.now,
    });
    await platform.ready;
    const by = { actor: 'test', origin: 'test' };
    await createUser(platform.db.db, { ...ADMIN, displayName: '管理员', roles: ['office-admin'] }, by, T0);
    await createUser(
      platform.db.db,
      { ...USER, displayName: '金山街道', roles: ['township'], organisationId: '410611001' },
      by,
      T0,
    );
    current = { platform, log, clock };
  }, 60_000);
  afterAll(async () => {
    await current?.platform.close();
  });
  return () => {
    if (!current) throw new Error('platform not started (use it inside a test)');
    return current;
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
  body: any;
}

/** One HTTP request on its own connection, from `from` (a 127.0.0.x source address). */
export function send(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; from?: string } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? (payload ? 'POST' : 'GET'),
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A log-in from a given source address. */
export const login = (baseUrl: string, username: string, password: string, from = '127.0.0.1') =>
  send(baseUrl, '/api/auth/login', { body: { username, password }, from });

/** Signs in and returns the headers a later change needs (cookie and CSRF token). */
export async function sessionHeaders(baseUrl: string, username: string, password: string) {
  const res = await login(baseUrl, username, password);
  if (res.status !== 200) throw new Error(`log-in as ${username} answered ${res.status}`);
  const cookie = String((res.headers['set-cookie'] as string[])[0]).split(';')[0] as string;
  return { cookie, 'X-CSRF-Token': res.body.csrfToken as string };
}
