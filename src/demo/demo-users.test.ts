import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '#rules/access/roles.ts';
import { listUserViews } from '#services/auth/accounts.service.ts';
import { createAuthenticator } from '#services/auth/authenticate.ts';
import { verifyAuditChain } from '#store/audit-log.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { seedPlaces } from '#store/places.ts';
import { DEMO_PASSWORD, seedDemoUsers } from './demo-users.ts';

let db: Db;
beforeEach(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db.db);
  await seedPlaces(db.db);
});
afterEach(async () => {
  await db.close();
});

describe('demo users', () => {
  it('creates one user per role, once, each able to sign in with the documented password', async () => {
    expect(await seedDemoUsers(db.db, 0)).toHaveLength(DEFAULT_ROLES.length);
    expect(await seedDemoUsers(db.db, 1)).toEqual([]);
    const users = await listUserViews(db.db);
    expect(users.flatMap((u) => u.roles).sort()).toEqual(DEFAULT_ROLES.map((r) => r.id).sort());
    expect(users.find((u) => u.username === 'demo-township')?.organisationId).toBe('410611001');
    expect(users.find((u) => u.username === 'demo-department')?.organisationId).toBe(
      'dept.ecology-environment',
    );
    // The demo's password is published: forcing a change would lock every later visitor out of the demo.
    expect(users.filter((u) => u.mustChangePassword)).toEqual([]);
    const auth = createAuthenticator(db.db, () => 0);
    expect((await auth.authenticate('demo-township', DEMO_PASSWORD, 'test')).ok).toBe(true);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });
});

describe('the demo inspector’s outlets', () => {
  it('are assigned even when the inspector was created before the sample outlets existed', async () => {
    const { registerDemoDevices } = await import('./demo-devices.ts');
    const { userSiteCodes } = await import('#services/auth/user-sites.service.ts');
    await seedDemoUsers(db.db, 0);
    const id = (await listUserViews(db.db)).find((u) => u.username === 'demo-inspector')?.id as number;
    expect(await userSiteCodes(db.db, id)).toEqual([]);
    await registerDemoDevices(db.db, 1);
    await seedDemoUsers(db.db, 2);
    expect(await userSiteCodes(db.db, id)).toEqual(['QB-E01', 'QB-E02']);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });
});
