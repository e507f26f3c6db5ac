import type { Kysely } from 'kysely';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { createUser } from '#services/auth/accounts.service.ts';
import { setUserSites } from '#services/auth/user-sites.service.ts';
import type { Database } from '#store/database.ts';
import { listSites } from '#store/sites.repository.ts';
import { findUserByName, siteIdsOfUser } from '#store/users.repository.ts';

/**
 * Demo accounts, one per role, so anyone trying the demo can sign in as each kind of user. The password is
 * published in the README: these accounts exist only when the demo is on (config.demo), never in production.
 */
/** Seeding the demo installation: every site. */
const DEMO = Jurisdiction.system('demo seeding');

export const DEMO_PASSWORD = 'qingshan-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  role: string;
  organisationId: string | null;
  /** Codes of the user's own sites (enterprise outlets, an inspector's assigned sites), set when they exist. */
  siteCodes?: readonly string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'demo-office-admin',
    displayName: '区攻坚办管理员（演示）',
    role: 'office-admin',
    organisationId: null,
  },
  { username: 'demo-leader', displayName: '区领导（演示）', role: 'leader', organisationId: null },
  {
    username: 'demo-department',
    displayName: '区生态环境分局（演示）',
    role: 'department',
    organisationId: 'dept.ecology-environment',
  },
  {
    username: 'demo-township',
    displayName: '金山街道（演示）',
    role: 'township',
    organisationId: '410611001',
  },
  {
    username: 'demo-inspector',
    displayName: '执法人员（演示）',
    role: 'inspector',
    organisationId: null,
    siteCodes: ['QB-E01', 'QB-E02'],
  },
  {
    username: 'demo-enterprise',
    displayName: '示例铸造厂（演示）',
    role: 'enterprise',
    organisationId: null,
    siteCodes: ['QB-E03'],
  },
  { username: 'demo-public', displayName: '公众（演示）', role: 'public', organisationId: null },
];

/** Creates the demo users that do not exist yet (audited like any other account); returns the new usernames. */
export async function seedDemoUsers(db: Kysely<Database>, now = Date.now()): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    const by = { actor: 'demo', origin: 'demo seed' };
    const known = await findUserByName(db, u.username);
    if (known) {
      // A demo user created before the sample outlets existed (an older demo database) gets them now, once:
      // the inspector's 我的排口 must not stay empty. Sites an administrator has set are left alone.
      if ((u.siteCodes ?? []).length > 0 && (await siteIdsOfUser(db, known.id)).length === 0) {
        const existing = (await listSites(db, DEMO, { codes: u.siteCodes ?? [] })).map((s) => s.code);
        if (existing.length > 0) await setUserSites(db, known.id, existing, by, now);
      }
      continue;
    }
    const user = await createUser(
      db,
      {
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        roles: [u.role],
        organisationId: u.organisationId,
      },
      by,
      now,
    );
    const codes = u.siteCodes ?? [];
    const existing = (await listSites(db, DEMO, { codes })).map((s) => s.code);
    if (existing.length > 0) await setUserSites(db, user.id, existing, by, now);
    created.push(u.username);
  }
  return created;
}
