import type { Kysely } from 'kysely';
import {
  type SiteAdminBody,
  type SiteCreateBody,
  type SiteUpdateBody,
  siteCreateBody,
  siteUpdateBody,
} from '#contract/admin-data.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { findSiteByCode, type Site, type SiteInput, upsertSite } from '#store/sites.repository.ts';
import type { ChangeContext } from './dust-days.service.ts';
import { UserError } from './errors.ts';

/**
 * Monitoring sites (站点) as the district office creates and edits them, from the web or the CLI; audited before →
 * after. The code is the site's identity (loggers, users' sites and reports refer to it), so it is not editable.
 */

type Trx = Kysely<Database>;

/** The uniqueness check of a new site's code sees every site. */
const ANY_SITE = Jurisdiction.system('site admin: code uniqueness');

/** Who changes what, and the sites within the caller's reach for sites:write (the CLI: Jurisdiction.system). */
export interface AdminContext extends ChangeContext {
  visibleTo: Jurisdiction;
}

/** A caller limited to its townships may place sites only there (district-wide callers anywhere). */
function checkReach(visibleTo: Jurisdiction, townshipId: string | null): void {
  if (visibleTo.all) return;
  if (townshipId === null || !visibleTo.townshipIds.includes(townshipId)) {
    throw new UserError(
      'outside_jurisdiction',
      `站点须在您的辖区内 / the site must lie in your jurisdiction`,
      422,
    );
  }
}

function inTransaction<T>(db: Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** A township must be one of the places list's townships (GB/T 2260 codes), not a department or a typo. */
async function checkTownship(db: Trx, townshipId: string | null | undefined): Promise<void> {
  if (townshipId === null || townshipId === undefined) return;
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'kind'])
    .where('id', '=', townshipId)
    .executeTakeFirst();
  if (!org || (org.kind !== 'township' && org.kind !== 'street')) {
    throw new UserError(
      'unknown_township',
      `没有此乡镇街道：${townshipId} / no such township or street: ${townshipId}`,
      422,
    );
  }
}

export function siteAdminView(s: Site): SiteAdminBody {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    nameEn: s.nameEn,
    kind: s.kind,
    tier: s.tier,
    townshipId: s.townshipId,
    lon: s.lon,
    lat: s.lat,
    isSample: s.isSample,
    inDistrictValue: s.inDistrictValue,
    createdAt: s.createdAt,
  };
}

/** What the audit shows of a site. */
function auditView(s: Site) {
  const { id: _id, createdAt: _at, ...rest } = siteAdminView(s);
  return rest;
}

export async function createSite(db: Trx, raw: SiteCreateBody, ctx: AdminContext): Promise<SiteAdminBody> {
  const input = siteCreateBody.parse(raw);
  const now = ctx.now ?? Date.now();
  return inTransaction(db, async (trx) => {
    // Codes are unique across the district: a code taken outside the caller's reach is taken all the same.
    if (await findSiteByCode(trx, ANY_SITE, input.code)) {
      throw new UserError(
        'site_exists',
        `站点代码已存在：${input.code} / a site with this code exists: ${input.code}`,
        409,
      );
    }
    await checkTownship(trx, input.townshipId);
    checkReach(ctx.visibleTo, input.townshipId);
    const site = await upsertSite(trx, { ...input, isSample: false }, now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'create',
        entity: 'site',
        entityId: site.code,
        before: null,
        after: auditView(site),
      },
      now,
    );
    return siteAdminView(site);
  });
}

export async function updateSite(
  db: Trx,
  code: string,
  raw: SiteUpdateBody,
  ctx: AdminContext,
): Promise<SiteAdminBody> {
  const patch = siteUpdateBody.parse(raw);
  const now = ctx.now ?? Date.now();
  return inTransaction(db, async (trx) => {
    const before = await findSiteByCode(trx, ctx.visibleTo, code);
    if (!before) throw new UserError('unknown_site', `没有此站点：${code} / no such site: ${code}`, 404);
    if (patch.townshipId !== undefined) await checkTownship(trx, patch.townshipId);
    const next: SiteInput = { ...before, ...patch };
    checkReach(ctx.visibleTo, next.townshipId ?? null);
    const after = await upsertSite(trx, next, now);
    const b = auditView(before);
    const a = auditView(after);
    const keys = (Object.keys(a) as (keyof typeof a)[]).filter((k) => b[k] !== a[k]);
    if (keys.length > 0) {
      await appendAudit(
        trx,
        {
          actor: ctx.actor,
          origin: ctx.origin ?? null,
          action: 'update',
          entity: 'site',
          entityId: code,
          before: Object.fromEntries(keys.map((k) => [k, b[k]])),
          after: Object.fromEntries(keys.map((k) => [k, a[k]])),
        },
        now,
      );
    }
    return siteAdminView(after);
  });
}
