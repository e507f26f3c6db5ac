import type { Kysely } from 'kysely';
import type { MyOutlet } from '#contract/my-outlets.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from '#store/database.ts';
import { listSiteValues } from '#store/device-data.repository.ts';
import { listDeviceStatus } from '#store/device-status.repository.ts';
import { type Device, listDevices } from '#store/devices.repository.ts';
import type { MeasurementRow } from '#store/measurements.table.ts';
import { listSites, type Site } from '#store/sites.repository.ts';
import type { LoadedPrincipal } from './auth/principal-loader.ts';
import { UserError } from './errors.ts';

/** How far back the newest real-time values are looked for: the real-time table is keyed by time first. */
const REALTIME_LOOKBACK_MS = 24 * 3_600_000;
/** Values read per outlet: enough for one instant of every factor a CEMS logger sends. */
const VALUES_READ = 60;

/**
 * The outlets assigned to `principal` (user_sites: an inspector's assigned sites, an enterprise's own outlets),
 * within what its roles let it read (sites:read). Never wider: a township user's or an administrator's "my
 * outlets" are the ones assigned to them, not every outlet they could see.
 */
export async function myOutletSites(
  db: Kysely<Database>,
  j: Jurisdiction,
  own: readonly number[],
): Promise<Site[]> {
  if (own.length === 0) return [];
  const mine = new Set(own);
  return (await listSites(db, j, { kind: 'outlet' })).filter((s) => mine.has(s.id));
}

/** The newest instant's values: rows come newest first, so the rows sharing the first row's time. */
function newestInstant(rows: readonly MeasurementRow[], period: 'raw' | 'hour'): MyOutlet['latest'] {
  const first = rows[0];
  if (!first) return null;
  const values = rows
    .filter((r) => Number(r.time) === Number(first.time))
    .map((r) => ({ parameter: r.parameter, value: r.value, flag: r.flag }));
  return { time: Number(first.time), period, values };
}

async function latestOf(
  db: Kysely<Database>,
  j: Jurisdiction,
  site: Site,
  devices: readonly Device[],
  now: number,
): Promise<MyOutlet['latest']> {
  const unique = [
    ...new Set(
      devices
        .filter((d) => d.siteId === site.id)
        .flatMap((d) => [...d.factors.values()].map((f) => f.parameter)),
    ),
  ];
  if (unique.length === 0) return null;
  const raw = await listSiteValues(db, j, {
    siteId: site.id,
    parameters: unique,
    period: 'raw',
    from: now - REALTIME_LOOKBACK_MS,
    to: now + 3_600_000,
    limit: VALUES_READ,
  });
  if (raw.length > 0) return newestInstant(raw, 'raw');
  const hourly = await listSiteValues(db, j, {
    siteId: site.id,
    parameters: unique,
    period: 'hour',
    limit: VALUES_READ,
  });
  return newestInstant(hourly, 'hour');
}

/**
 * 我的排口: each assigned outlet with its loggers' state and its newest values. With `code`, only that outlet —
 * and 404 when it is not one of the caller's (whether it exists or not: another user's outlet is not revealed).
 */
export async function myOutlets(
  db: Kysely<Database>,
  principal: LoadedPrincipal,
  now: number,
  code?: string,
): Promise<MyOutlet[]> {
  // What its roles let it read (sites:read), narrowed below to the outlets assigned to it.
  const j = Jurisdiction.of(principal, 'sites:read');
  let sites = await myOutletSites(db, j, principal.siteIds);
  if (code !== undefined) {
    sites = sites.filter((s) => s.code === code);
    if (sites.length === 0)
      throw new UserError(
        'unknown_outlet',
        `没有分配给您的此排口 / no such outlet assigned to you: ${code}`,
        404,
      );
  }
  if (sites.length === 0) return [];
  const [devices, status] = await Promise.all([listDevices(db, j), listDeviceStatus(db, j)]);
  const statusOf = new Map(status.map((s) => [s.mn, s]));
  const out: MyOutlet[] = [];
  for (const site of sites) {
    const loggers = devices
      .filter((d) => d.siteId === site.id)
      .map((d) => {
        const s = statusOf.get(d.mn);
        return {
          mn: d.mn,
          name: d.name,
          enabled: d.enabled,
          state: s?.state ?? 'unknown',
          stateSince: s?.state_since == null ? null : Number(s.state_since),
          lastSeenAt: s?.last_seen_at == null ? null : Number(s.last_seen_at),
          lastDataTime: s?.last_data_time == null ? null : Number(s.last_data_time),
        };
      });
    out.push({
      code: site.code,
      name: site.name,
      nameEn: site.nameEn,
      townshipId: site.townshipId,
      isSample: site.isSample,
      loggers,
      latest: await latestOf(db, j, site, devices, now),
    });
  }
  return out;
}
