import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCheckpointLine, verifyCheckpoint } from '#rules/audit/checkpoint.ts';
import { createUser } from '#services/auth/accounts.service.ts';
import { loadVerifyingKeys } from '#services/checkpoints/checkpoint-key.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { createApp } from './app.ts';
import { ADMIN_PASSWORD, type AuthTestApp, authTestApp, T0, TEST_ACTOR } from './auth-test-support.ts';

let t: AuthTestApp;
let dir: string;
let app: ReturnType<typeof createApp>;
const settings = () => checkpointSettings({ db: join(dir, 'q.sqlite') }, 'node-http');

beforeEach(async () => {
  t = await authTestApp();
  dir = mkdtempSync(join(tmpdir(), 'qs-cp-http-'));
  // The same database as the test app (sessions are rows), with this node's checkpoint settings.
  app = createApp({ db: t.db, log: t.log, now: t.clock.now, isReady: () => true, checkpoints: settings() });
  await createUser(
    t.db.db,
    { username: 'leader', displayName: '区领导', password: 'leader-Password-1', roles: ['leader'] },
    TEST_ACTOR,
    T0,
  );
});
afterEach(async () => {
  await t.close();
});

const post = (headers: Record<string, string> = {}) =>
  app.request('/api/audit/checkpoints', { method: 'POST', headers });

describe('POST /api/audit/checkpoints', () => {
  it('lets the district office sign both chain heads now: appended to the file, verifiable, audited', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const res = await post({ cookie, 'X-CSRF-Token': csrf });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      keyId: string;
      checkpoints: { chain: string; node: string; at: string }[];
    };
    expect(body.checkpoints.map((c) => [c.chain, c.node, c.at])).toEqual([
      ['audit_log', 'node-http', new Date(T0).toISOString()],
      ['raw_packets', 'node-http', new Date(T0).toISOString()],
    ]);
    const [key] = await loadVerifyingKeys([settings().publicKeyFile]);
    const lines = readFileSync(settings().checkpointFile, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const parsed = parseCheckpointLine(line);
      expect(parsed.ok && key && verifyCheckpoint(parsed.checkpoint, key)).toBe(true);
    }
    const audit = await t.db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'checkpoint')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor: 'boss',
      entity: 'hash_chain',
      origin: expect.stringMatching(/^http /),
    });
  });

  it('is refused to leaders (403), anonymous callers (401) and a cookie without its CSRF token (403)', async () => {
    const leader = await t.login('leader', 'leader-Password-1');
    expect((await post({ cookie: leader.cookie, 'X-CSRF-Token': leader.csrf })).status).toBe(403);
    expect((await post()).status).toBe(401);
    const boss = await t.login('boss', ADMIN_PASSWORD);
    expect((await post({ cookie: boss.cookie })).status).toBe(403);
    expect(readFileSync(settings().checkpointFile, { flag: 'a+' }).length).toBe(0);
  });

  it('answers 503 without internals when the key cannot be used, and says why in the log only', async () => {
    writeFileSync(settings().keyFile, 'not a key');
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const res = await post({ cookie, 'X-CSRF-Token': csrf });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('checkpoint_unavailable');
    expect(text).not.toContain(dir);
    expect(t.log.lines.join('\n')).toMatch(/checkpoint not written: .*not a PEM private key/);
  });

  it('answers 503 on a node without checkpoint settings', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const res = await t.request('/api/audit/checkpoints', {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf },
    });
    expect(res.status).toBe(503);
  });
});
