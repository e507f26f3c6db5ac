import { afterEach, beforeEach, expect } from 'vitest';
import { type Actor, createUser } from '#services/auth/accounts.service.ts';
import { memoryLogger } from '#services/logger.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { seedPlaces } from '#store/places.ts';
import { createApp } from './app.ts';

/** Test support for the account routes: the app in-process on a fresh in-memory SQLite, a fake clock, a memory log. */

export const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
export const TEST_ACTOR: Actor = { actor: 'test', origin: 'test' };
export const ADMIN_PASSWORD = 'admin-Password-1';
export const USER_PASSWORD = 'township-Password-1';

export async function authTestApp() {
  const db = await openDb(':memory:');
  await migrateToLatest(db.db);
  await seedPlaces(db.db);
  let t = T0;
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const log = memoryLogger('debug');
  const app = createApp({ db, log, now: clock.now, isReady: () => true });
  await createUser(
    db.db,
    { username: 'boss', displayName: '管理员', password: ADMIN_PASSWORD, roles: ['office-admin'] },
    TEST_ACTOR,
    t,
  );
  await createUser(
    db.db,
    {
      username: 'jinshan',
      displayName: '金山街道',
      password: USER_PASSWORD,
      roles: ['township'],
      organisationId: '410611001',
    },
    TEST_ACTOR,
    t,
  );

  const request = (path: string, init: RequestInit = {}) => app.request(path, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  /** Signs in and returns the cookie header to send back and the CSRF token. */
  async function login(username: string, password: string) {
    const res = await post('/api/auth/login', { username, password });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: setCookie.split(';')[0] as string, csrf: body.csrfToken, setCookie, body };
  }

  return { db, app, log, clock, request, post, login, close: () => db.close() };
}

export type AuthTestApp = Awaited<ReturnType<typeof authTestApp>>;

/** A fresh app for each test of the file, closed after it: `useAuthTestApp((app) => { t = app; })`. */
export function useAuthTestApp(set: (app: AuthTestApp) => void): void {
  let current: AuthTestApp | undefined;
  beforeEach(async () => {
    current = await authTestApp();
    set(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}
