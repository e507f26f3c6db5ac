import type { Kysely } from 'kysely';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { listSites } from '#store/sites.repository.ts';
import { findUserById, replaceUserSites, siteIdsOfUser } from '#store/users.repository.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './accounts.service.ts';

/**
 * Assigning sites to users is user administration (users:admin, district-wide): any site may be assigned, and a
 * user's own list shows every site on it.
 */
const ASSIGNING = Jurisdiction.system('user administration: assigning sites');

/** The codes of a user's own sites (an enterprise user's outlets, an inspector's assigned sites). */
export async function userSiteCodes(db: Kysely<Database>, userId: number): Promise<string[]> {
  const ids = new Set(await siteIdsOfUser(db, userId));
  return (await listSites(db, ASSIGNING))
    .filter((s) => ids.has(s.id))
    .map((s) => s.code)
    .sort();
}

/**
 * Ties a user to exactly these sites (by code), audited before → after. Enterprise users see only their sites'
 * devices and data, inspectors the sites assigned to them (SiteVisibility).
 */
export async function setUserSites(
  db: Kysely<Database>,
  userId: number,
  siteCodes: readonly string[],
  by: Actor,
  now: number,
): Promise<string[]> {
  const codes = [...new Set(siteCodes)].sort();
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${userId}`, 404);
    const sites = await listSites(trx, ASSIGNING, { codes });
    const unknown = codes.filter((c) => !sites.some((s) => s.code === c));
    if (unknown.length > 0) {
      throw new UserError('unknown_site', `未知站点 / unknown site code(s): ${unknown.join(', ')}`, 400);
    }
    const before = await userSiteCodes(trx, userId);
    await replaceUserSites(
      trx,
      userId,
      sites.map((s) => s.id),
    );
    await appendAudit(
      trx,
      {
        ...by,
        action: 'set_sites',
        entity: 'user',
        entityId: String(userId),
        before: { sites: before },
        after: { sites: codes },
      },
      now,
    );
    return codes;
  });
}
