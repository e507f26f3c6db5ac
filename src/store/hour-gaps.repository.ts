import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { visibleSiteIds } from './site-visibility.ts';

/** [phys] Beyond this an ambient concentration is absurd (the same bound the air services read as missing). */
const ABSURD = 1e6;

/**
 * Hour starts in [from, to) at which the site (if within `j`) has stored hourly values of `parameters` that are not usable (null,
 * negative or absurd), with the flag the logger sent with one of them (or null): "values came, none was valid".
 */
export async function unusableHours(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: { siteId: number; parameters: readonly string[]; from: number; to: number },
): Promise<Map<number, string | null>> {
  const rows = await db
    .selectFrom('measurements')
    .select(['time', 'flag'])
    .where('site_id', '=', q.siteId)
    .$if(!j.all, (b) => b.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('period', '=', 'hour')
    .where('parameter', 'in', [...q.parameters])
    .where('time', '>=', q.from)
    .where('time', '<', q.to)
    .where((eb) => eb.or([eb('value', 'is', null), eb('value', '<', 0), eb('value', '>=', ABSURD)]))
    .orderBy('time')
    .limit(10_000)
    .execute();
  const out = new Map<number, string | null>();
  for (const r of rows) {
    const t = Number(r.time);
    if (!out.has(t) || (out.get(t) === null && r.flag !== null)) out.set(t, r.flag);
  }
  return out;
}

export interface StateChange {
  at: number;
  kind: 'device_offline' | 'device_online';
}

/**
 * For each logger of the site (none outside `j`): its state when `from` begins (its last change before, if any) and its changes in
 * [from, to), in time order — from the events the receiver's health monitor writes.
 */
export async function loggerStateChanges(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: { siteId: number; from: number; to: number },
): Promise<{ mn: string; before: 'offline' | 'online' | undefined; changes: StateChange[] }[]> {
  const mns = (
    await db
      .selectFrom('devices')
      .select('mn')
      .where('site_id', '=', q.siteId)
      .$if(!j.all, (b) => b.where('site_id', 'in', visibleSiteIds(db, j)))
      .execute()
  ).map((d) => d.mn);
  const out = [];
  for (const mn of mns) {
    const kinds = ['device_offline', 'device_online'];
    const last = await db
      .selectFrom('events')
      .select(['kind'])
      .where('subject', '=', mn)
      .where('kind', 'in', kinds)
      .where('at', '<', q.from)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const rows = await db
      .selectFrom('events')
      .select(['at', 'kind'])
      .where('subject', '=', mn)
      .where('kind', 'in', kinds)
      .where('at', '>=', q.from)
      .where('at', '<', q.to)
      .orderBy('at')
      .orderBy('id')
      .limit(10_000)
      .execute();
    out.push({
      mn,
      before: last
        ? last.kind === 'device_offline'
          ? ('offline' as const)
          : ('online' as const)
        : undefined,
      changes: rows.map((r) => ({ at: Number(r.at), kind: r.kind as StateChange['kind'] })),
    });
  }
  return out;
}
