import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { LoggerRole } from '#rules/monitoring/logger-precedence.ts';
import type { Database } from './database.ts';
import type { CrcPolicy, DeviceFactorRow, DeviceRow } from './devices.table.ts';
import { visibleDeviceMns, visibleSiteIds } from './site-visibility.ts';

export interface DeviceFactorInput {
  factor: string;
  parameter: string;
  /** Multiplier into the parameter's unit (default 1). */
  scale?: number;
}

export interface DeviceInput {
  mn: string;
  siteId: number;
  name?: string | null;
  password: string;
  crcPolicy?: CrcPolicy;
  expectedIntervalS?: number;
  offlineAfterMissed?: number;
  sm4Key?: string | null;
  /** HJ 212-2025 §6.4.4 policy (default off). */
  encryptionRequired?: boolean;
  enabled?: boolean;
  /** Main or backup logger of its site (default: main for a new device, unchanged for an existing one). */
  role?: LoggerRole;
  factors: readonly DeviceFactorInput[];
}

/** A registered device with its factor mapping, as the receiver uses it. */
export interface Device {
  mn: string;
  siteId: number;
  name: string | null;
  password: string;
  crcPolicy: CrcPolicy;
  expectedIntervalS: number;
  offlineAfterMissed: number;
  sm4Key: string | null;
  /** HJ 212-2025 §6.4.4: unencrypted data commands 2000–2999 from this logger are quarantined. */
  encryptionRequired: boolean;
  enabled: boolean;
  /** Main or backup logger of its site: which one feeds the site's values (rules/monitoring/logger-precedence.ts). */
  role: LoggerRole;
  /** factor code → parameter and scale. */
  factors: Map<string, { parameter: string; scale: number }>;
}

function toDevice(row: DeviceRow, factors: readonly DeviceFactorRow[]): Device {
  return {
    mn: row.mn,
    siteId: row.site_id,
    name: row.name,
    password: row.password,
    crcPolicy: row.crc_policy,
    expectedIntervalS: row.expected_interval_s,
    offlineAfterMissed: row.offline_after_missed,
    sm4Key: row.sm4_key,
    encryptionRequired: row.encryption_required === 1,
    enabled: row.enabled === 1,
    role: row.role === 'backup' ? 'backup' : 'main',
    factors: new Map(factors.map((f) => [f.factor, { parameter: f.parameter, scale: f.scale }])),
  };
}

/** Insert or replace a device and its whole factor mapping, in one transaction. */
export async function upsertDevice(
  db: Kysely<Database>,
  input: DeviceInput,
  now = Date.now(),
): Promise<void> {
  const row = {
    mn: input.mn,
    site_id: input.siteId,
    name: input.name ?? null,
    password: input.password,
    crc_policy: input.crcPolicy ?? 'standard',
    expected_interval_s: input.expectedIntervalS ?? 3600,
    offline_after_missed: input.offlineAfterMissed ?? 3,
    sm4_key: input.sm4Key ?? null,
    encryption_required: input.encryptionRequired === true ? 1 : 0,
    enabled: input.enabled === false ? 0 : 1,
    ...(input.role !== undefined ? { role: input.role } : {}),
    created_at: now,
    updated_at: now,
  };
  const write = async (trx: Kysely<Database>) => {
    await trx
      .insertInto('devices')
      .values(row)
      .onConflict((oc) =>
        oc.column('mn').doUpdateSet((eb) => ({
          site_id: eb.ref('excluded.site_id'),
          name: eb.ref('excluded.name'),
          password: eb.ref('excluded.password'),
          crc_policy: eb.ref('excluded.crc_policy'),
          expected_interval_s: eb.ref('excluded.expected_interval_s'),
          offline_after_missed: eb.ref('excluded.offline_after_missed'),
          sm4_key: eb.ref('excluded.sm4_key'),
          encryption_required: eb.ref('excluded.encryption_required'),
          enabled: eb.ref('excluded.enabled'),
          ...(input.role !== undefined ? { role: eb.ref('excluded.role') } : {}),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    await trx.deleteFrom('device_factors').where('mn', '=', input.mn).execute();
    if (input.factors.length > 0) {
      await trx
        .insertInto('device_factors')
        .values(
          input.factors.map((f) => ({
            mn: input.mn,
            factor: f.factor,
            parameter: f.parameter,
            scale: f.scale ?? 1,
          })),
        )
        .execute();
    }
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

/** The devices on sites within `j` with their factors (the receiver keeps them all in memory). */
export async function listDevices(db: Kysely<Database>, j: Jurisdiction): Promise<Device[]> {
  let devices = db.selectFrom('devices').selectAll().orderBy('mn');
  let factors = db.selectFrom('device_factors').selectAll();
  if (!j.all) {
    devices = devices.where('site_id', 'in', visibleSiteIds(db, j));
    factors = factors.where('mn', 'in', visibleDeviceMns(db, j));
  }
  const [rows, factorRows] = await Promise.all([devices.execute(), factors.execute()]);
  const byMn = new Map<string, DeviceFactorRow[]>();
  for (const f of factorRows) {
    const list = byMn.get(f.mn) ?? [];
    list.push(f);
    byMn.set(f.mn, list);
  }
  return rows.map((r) => toDevice(r, byMn.get(r.mn) ?? []));
}

/** The device with this MN; undefined when there is none or its site lies outside `j`. */
export async function findDevice(
  db: Kysely<Database>,
  j: Jurisdiction,
  mn: string,
): Promise<Device | undefined> {
  let query = db.selectFrom('devices').selectAll().where('mn', '=', mn);
  if (!j.all) query = query.where('site_id', 'in', visibleSiteIds(db, j));
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const factors = await db.selectFrom('device_factors').selectAll().where('mn', '=', mn).execute();
  return toDevice(row, factors);
}
