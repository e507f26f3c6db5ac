import type { Kysely } from 'kysely';
import type { DeviceBody, DeviceStatusBody, QuarantineItem, RefusedPacket } from '#contract/devices.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from '#store/database.ts';
import { listDeviceStatus, listEvents } from '#store/device-status.repository.ts';
import { listDevices } from '#store/devices.repository.ts';
import { listRawPackets, listRefusedPackets } from '#store/raw-packets.repository.ts';
import { listSites } from '#store/sites.repository.ts';

/** Read models of the registry for the API and the CLI. Secrets (PW, SM4 key) never leave this file. */
/** The devices on sites within `j` (the caller's jurisdiction; Jurisdiction.system for the CLI). */
export async function deviceList(db: Kysely<Database>, j: Jurisdiction): Promise<DeviceBody[]> {
  const [devices, sites] = await Promise.all([listDevices(db, j), listSites(db, j)]);
  const codeOf = new Map(sites.map((s) => [s.id, s.code]));
  return devices.map((d) => ({
    mn: d.mn,
    siteId: d.siteId,
    siteCode: codeOf.get(d.siteId) ?? null,
    name: d.name,
    crcPolicy: d.crcPolicy,
    expectedIntervalS: d.expectedIntervalS,
    offlineAfterMissed: d.offlineAfterMissed,
    enabled: d.enabled,
    role: d.role,
    encrypted: d.sm4Key !== null,
    encryptionRequired: d.encryptionRequired,
    factors: [...d.factors].map(([factor, f]) => ({ factor, parameter: f.parameter, scale: f.scale })),
  }));
}

export async function deviceStatusList(db: Kysely<Database>, j: Jurisdiction): Promise<DeviceStatusBody[]> {
  const [rows, devices] = await Promise.all([listDeviceStatus(db, j), listDevices(db, j)]);
  const interval = new Map(devices.map((d) => [d.mn, d.expectedIntervalS]));
  const byMn = new Map(rows.map((r) => [r.mn, r]));
  // Every registered device, heard from or not.
  return devices.map((d) => {
    const r = byMn.get(d.mn);
    return {
      mn: d.mn,
      state: r?.state ?? 'unknown',
      stateSince: r?.state_since ?? null,
      lastSeenAt: r?.last_seen_at ?? null,
      lastPeer: r?.last_peer ?? null,
      lastDataTime: r?.last_data_time ?? null,
      clockDriftMs: r?.clock_drift_ms ?? null,
      expectedIntervalS: interval.get(d.mn) ?? null,
    };
  });
}

/** The PW of a packet shown to an operator is masked (the raw bytes stay intact in raw_packets). */
export function maskPassword(packet: string): string {
  return packet.replace(/(^|[;,])(\s*PW\s*=)[^;,&]*/, '$1$2***');
}

export async function quarantineList(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: { mn?: string; limit?: number; offset?: number } = {},
): Promise<QuarantineItem[]> {
  // A quarantined packet belongs to no known site: only a district-wide reader may see it.
  if (!j.all) return [];
  const rows = await listRawPackets(db, { verdict: 'quarantined', ...q });
  return rows.map((r) => ({
    id: r.id,
    mn: r.mn,
    cn: r.cn,
    qn: r.qn,
    peer: r.peer,
    receivedAt: r.received_at,
    reason: r.reason,
    packet: maskPassword(Buffer.from(r.bytes).toString('utf8')),
  }));
}

/** The reason's kind(s): `implausible a,b: …` → [a, b]; `crc-mismatch: …` → [crc-mismatch]; else none. */
export function reasonCodes(reason: string | null): string[] {
  if (reason === null) return [];
  const implausible = /^implausible ([a-z,-]+):/.exec(reason);
  if (implausible) return (implausible[1] as string).split(',');
  const code = /^([a-z0-9]+(?:-[a-z0-9]+)*):/.exec(reason);
  return code ? [code[1] as string] : [];
}

/** A registered device's newest refused packets (rejected or implausible), PW masked; none outside `j`. */
export async function refusedList(
  db: Kysely<Database>,
  j: Jurisdiction,
  mn: string,
  limit = 20,
): Promise<RefusedPacket[]> {
  const rows = await listRefusedPackets(db, j, mn, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    receivedAt: Number(r.received_at),
    cn: r.cn,
    qn: r.qn,
    verdict: r.verdict === 'implausible' ? 'implausible' : 'rejected',
    codes: reasonCodes(r.reason),
    reason: r.reason,
    packet: maskPassword(Buffer.from(r.bytes).toString('utf8')),
  }));
}

export async function eventList(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: { kind?: string; limit?: number } = {},
) {
  const rows = await listEvents(db, j, q);
  return rows.map((e) => ({
    id: e.id,
    at: e.at,
    kind: e.kind,
    subject: e.subject,
    detail: e.detail === null ? null : (JSON.parse(e.detail) as unknown),
  }));
}
