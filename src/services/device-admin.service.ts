import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type DeviceCreateBody,
  type DeviceKeyBody,
  type DeviceSecretsBody,
  type DeviceUpdateBody,
  deviceCreateBody,
  deviceKeyBody,
  deviceUpdateBody,
  type FactorEntry,
} from '#contract/admin-data.ts';
import type { DeviceBody } from '#contract/devices.ts';
import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { deleteDevice, packetCountOf } from '#store/device-admin.repository.ts';
import { type Device, type DeviceInput, findDevice, upsertDevice } from '#store/devices.repository.ts';
import { appendOutbox } from '#store/outbox.repository.ts';
import { listParameters } from '#store/parameters.repository.ts';
import { findSiteByCode, type Site } from '#store/sites.repository.ts';
import { deviceList } from '../receiver/device-views.ts';
import type { RegistryChange } from '../receiver/receiver-events.ts';
import type { ChangeContext } from './dust-days.service.ts';
import { UserError } from './errors.ts';

/**
 * Data loggers (数采仪) as the district office registers and maintains them, from the web or the CLI: the same
 * checks and the same audit either way. Secrets (HJ 212 PW, SM4 key) are generated here when not given, returned
 * once to the caller, and never written to the audit trail or the log — the audit says only that they changed.
 */

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 16 characters from an unambiguous alphabet: ~92 bits, and nothing HJ 212 uses as a separator. */
export function generateHj212Password(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/** A random 128-bit SM4 key as 32 hex digits (HJ 212-2025 encrypted CP). */
export function generateSm4Key(): string {
  return randomBytes(16).toString('hex');
}

type Trx = Kysely<Database>;

/** Uniqueness checks and reading back what was just written see every site (nothing of it is shown as such). */
const READ_BACK = Jurisdiction.system('device admin: uniqueness and read-back');

/**
 * Who changes what, and (from the API) the sites within the caller's reach for devices:write: a logger or a site
 * outside it is answered as if it did not exist (404/422), as the reads do (the CLI: Jurisdiction.system).
 */
export interface AdminContext extends ChangeContext {
  visibleTo: Jurisdiction;
  /**
   * The platform's event bus: each committed change is emitted as `device_registry_changed`, which the HJ 212
   * receiver's registry applies at once (issue 13: a logger registered a moment ago is known to its first packet).
   * Absent (the CLI, another process): every receiver learns of it from the `device.registry_changed` outbox row
   * written in the change's transaction (issue 14), within the outbox's wake latency.
   */
  bus?: { emit(event: 'device_registry_changed', payload: RegistryChange): void };
}

/**
 * In the change's transaction: the outbox row that tells every node's receiver (issue 14) — the MN and the kind
 * of change only, never the secrets; each receiver re-reads the logger by MN.
 */
function recordRegistryChange(trx: Trx, mn: string, change: RegistryChange['change'], now: number) {
  return appendOutbox(trx, [
    { topic: 'device.registry_changed', at: now, subject: mn, payload: { mn, change } },
  ]);
}

/**
 * After the transaction: a change emitted inside a caller's own transaction would precede its commit. The bus
 * gives this process's receiver the committed device at once; the outbox row reaches the others.
 */
function announce(ctx: AdminContext, change: RegistryChange): void {
  ctx.bus?.emit('device_registry_changed', change);
  notifyOutboxCommitted();
}

/** HJ 212-2025 §6.4.4: requiring encryption without a key would quarantine every data packet of the logger. */
function checkEncryptionPolicy(required: boolean, sm4Key: string | null): void {
  if (required && sm4Key === null) {
    throw new UserError(
      'encryption_without_key',
      '要求加密的数采仪须配置 SM4 密钥 / a logger that requires encryption needs an SM4 key',
      422,
    );
  }
}

async function siteOf(db: Trx, code: string, visibleTo: Jurisdiction): Promise<Site> {
  const site = await findSiteByCode(db, visibleTo, code);
  if (!site) throw new UserError('unknown_site', `没有此站点：${code} / no such site: ${code}`, 422);
  return site;
}

async function checkParameters(db: Trx, factors: readonly FactorEntry[]): Promise<void> {
  const known = new Set((await listParameters(db)).map((p) => p.code));
  const unknown = [...new Set(factors.map((f) => f.parameter).filter((p) => !known.has(p)))];
  if (unknown.length > 0) {
    throw new UserError(
      'unknown_parameter',
      `没有此参数：${unknown.join('、')} / unknown parameter(s): ${unknown.join(', ')}`,
      422,
    );
  }
}

async function existing(db: Trx, mn: string, visibleTo: Jurisdiction): Promise<Device> {
  const device = await findDevice(db, visibleTo, mn);
  if (!device) throw new UserError('unknown_device', `没有此数采仪：${mn} / no such data logger: ${mn}`, 404);
  return device;
}

/** What the audit shows of a device: everything but its secrets. */
function auditView(d: Device, siteCode: string | null) {
  return {
    siteCode,
    name: d.name,
    crcPolicy: d.crcPolicy,
    expectedIntervalS: d.expectedIntervalS,
    offlineAfterMissed: d.offlineAfterMissed,
    enabled: d.enabled,
    role: d.role,
    encrypted: d.sm4Key !== null,
    encryptionRequired: d.encryptionRequired,
    factors: [...d.factors].map(
      ([factor, f]) => `${factor}=${f.parameter}${f.scale === 1 ? '' : `*${f.scale}`}`,
    ),
  };
}

function inputOf(d: Device): DeviceInput {
  return {
    mn: d.mn,
    siteId: d.siteId,
    name: d.name,
    password: d.password,
    crcPolicy: d.crcPolicy,
    expectedIntervalS: d.expectedIntervalS,
    offlineAfterMissed: d.offlineAfterMissed,
    sm4Key: d.sm4Key,
    encryptionRequired: d.encryptionRequired,
    enabled: d.enabled,
    role: d.role,
    factors: [...d.factors].map(([factor, f]) => ({ factor, parameter: f.parameter, scale: f.scale })),
  };
}

async function codeOfSite(db: Trx, siteId: number): Promise<string | null> {
  const row = await db.selectFrom('sites').select('code').where('id', '=', siteId).executeTakeFirst();
  return row?.code ?? null;
}

async function bodyOf(db: Trx, mn: string): Promise<DeviceBody> {
  // The device the caller has just changed, read back whole (its site may have moved out of the caller's reach).
  const body = (await deviceList(db, READ_BACK)).find((d) => d.mn === mn);
  if (!body) throw new Error(`device ${mn} vanished after its change`);
  return body;
}

function inTransaction<T>(db: Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Registers a new logger; refuses an MN that is already registered (409). */
export async function registerDevice(
  db: Trx,
  raw: DeviceCreateBody,
  ctx: AdminContext,
): Promise<DeviceSecretsBody> {
  const input = deviceCreateBody.parse(raw);
  const now = ctx.now ?? Date.now();
  const password = input.password ?? generateHj212Password();
  const sm4Key = input.sm4 === 'none' ? null : input.sm4 === 'generate' ? generateSm4Key() : input.sm4;
  checkEncryptionPolicy(input.encryptionRequired, sm4Key);
  const stored = await inTransaction(db, async (trx) => {
    // Any site: an MN is unique across the district, whoever registered it.
    if (await findDevice(trx, READ_BACK, input.mn)) {
      throw new UserError(
        'device_exists',
        `数采仪已登记：${input.mn} / data logger already registered: ${input.mn}`,
        409,
      );
    }
    const site = await siteOf(trx, input.siteCode, ctx.visibleTo);
    await checkParameters(trx, input.factors);
    await upsertDevice(
      trx,
      {
        mn: input.mn,
        siteId: site.id,
        name: input.name ?? null,
        password,
        crcPolicy: input.crcPolicy,
        expectedIntervalS: input.expectedIntervalS,
        offlineAfterMissed: input.offlineAfterMissed,
        sm4Key,
        encryptionRequired: input.encryptionRequired,
        enabled: input.enabled,
        role: input.role,
        factors: input.factors,
      },
      now,
    );
    const stored = await existing(trx, input.mn, READ_BACK);
    await recordRegistryChange(trx, input.mn, 'created', now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'create',
        entity: 'device',
        entityId: input.mn,
        before: null,
        after: auditView(stored, site.code),
        detail: {
          password: input.password ? 'given' : 'generated',
          sm4: sm4Key ? (input.sm4 === 'generate' ? 'generated' : 'given') : 'none',
        },
      },
      now,
    );
    return stored;
  });
  announce(ctx, { mn: input.mn, at: now, change: 'created', device: stored });
  return { device: await bodyOf(db, input.mn), password, sm4Key };
}

/** Changes a logger's site, name, CRC policy, interval, offline rule, factor mapping or enabled state. */
export async function updateDevice(
  db: Trx,
  mn: string,
  raw: DeviceUpdateBody,
  ctx: AdminContext,
): Promise<DeviceBody> {
  const patch = deviceUpdateBody.parse(raw);
  const now = ctx.now ?? Date.now();
  const changed = await inTransaction(db, async (trx) => {
    const before = await existing(trx, mn, ctx.visibleTo);
    const next = inputOf(before);
    const site = patch.siteCode !== undefined ? await siteOf(trx, patch.siteCode, ctx.visibleTo) : undefined;
    if (site) next.siteId = site.id;
    if (patch.name !== undefined) next.name = patch.name === '' ? null : patch.name;
    if (patch.crcPolicy !== undefined) next.crcPolicy = patch.crcPolicy;
    if (patch.expectedIntervalS !== undefined) next.expectedIntervalS = patch.expectedIntervalS;
    if (patch.offlineAfterMissed !== undefined) next.offlineAfterMissed = patch.offlineAfterMissed;
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    if (patch.role !== undefined) next.role = patch.role;
    if (patch.encryptionRequired !== undefined) next.encryptionRequired = patch.encryptionRequired;
    checkEncryptionPolicy(next.encryptionRequired === true, next.sm4Key ?? null);
    if (patch.factors !== undefined) {
      await checkParameters(trx, patch.factors);
      next.factors = patch.factors;
    }
    await upsertDevice(trx, next, now);
    const after = await existing(trx, mn, READ_BACK);
    const beforeView = auditView(before, await codeOfSite(trx, before.siteId));
    const afterView = auditView(after, await codeOfSite(trx, after.siteId));
    // Only what changed, so the audit trail reads as the change itself.
    const keys = (Object.keys(afterView) as (keyof typeof afterView)[]).filter(
      (k) => JSON.stringify(beforeView[k]) !== JSON.stringify(afterView[k]),
    );
    if (keys.length === 0) return undefined;
    const pick = (v: typeof afterView) => Object.fromEntries(keys.map((k) => [k, v[k]]));
    const onlyEnabled = keys.length === 1 && keys[0] === 'enabled';
    await recordRegistryChange(trx, mn, 'updated', now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: onlyEnabled ? (after.enabled ? 'enable' : 'disable') : 'update',
        entity: 'device',
        entityId: mn,
        before: pick(beforeView),
        after: pick(afterView),
      },
      now,
    );
    return after;
  });
  if (changed) announce(ctx, { mn, at: now, change: 'updated', device: changed });
  return bodyOf(db, mn);
}

/**
 * A new HJ 212 PW (given or generated) and, as asked, a new, kept or removed SM4 key. The old secrets stop
 * working at once in this process's receiver (device_registry_changed): enter the new ones in the logger.
 */
export async function rotateDeviceKey(
  db: Trx,
  mn: string,
  raw: DeviceKeyBody,
  ctx: AdminContext,
): Promise<DeviceSecretsBody> {
  const input = deviceKeyBody.parse(raw);
  const now = ctx.now ?? Date.now();
  const password = input.password ?? generateHj212Password();
  let sm4Key: string | null = null;
  const rotated = await inTransaction(db, async (trx) => {
    const before = await existing(trx, mn, ctx.visibleTo);
    const next = inputOf(before);
    next.password = password;
    if (input.sm4 === 'none') next.sm4Key = null;
    else if (input.sm4 === 'generate') next.sm4Key = sm4Key = generateSm4Key();
    else if (input.sm4 !== 'keep') next.sm4Key = sm4Key = input.sm4;
    checkEncryptionPolicy(next.encryptionRequired === true, next.sm4Key ?? null);
    await upsertDevice(trx, next, now);
    await recordRegistryChange(trx, mn, 'rotated', now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'rotate-key',
        entity: 'device',
        entityId: mn,
        before: { encrypted: before.sm4Key !== null },
        after: { encrypted: next.sm4Key !== null },
        detail: {
          password: input.password ? 'given' : 'generated',
          sm4: input.sm4 === 'keep' || input.sm4 === 'none' || input.sm4 === 'generate' ? input.sm4 : 'given',
        },
      },
      now,
    );
    return existing(trx, mn, READ_BACK);
  });
  announce(ctx, { mn, at: now, change: 'rotated', device: rotated });
  return { device: await bodyOf(db, mn), password, sm4Key };
}

/**
 * Removes a logger that never sent anything (a mistyped MN, say). One that did is refused (409): its packets are
 * on the raw-packet hash chain (plan R-21) and its values are in the records, both naming its MN, so removing it
 * would leave them without their logger — disable it instead (its packets are then quarantined).
 */
export async function removeDevice(db: Trx, mn: string, ctx: AdminContext): Promise<void> {
  const now = ctx.now ?? Date.now();
  await inTransaction(db, async (trx) => {
    const before = await existing(trx, mn, ctx.visibleTo);
    const packets = await packetCountOf(trx, mn);
    if (packets > 0) {
      throw new UserError(
        'device_has_data',
        `数采仪 ${mn} 已收到 ${packets} 个报文（保存在防篡改报文链中），不能删除；请改为停用 / ` +
          `data logger ${mn} has sent ${packets} packet(s), kept on the tamper-evident packet chain: it cannot be removed; disable it instead`,
        409,
      );
    }
    await deleteDevice(trx, mn);
    await recordRegistryChange(trx, mn, 'removed', now);
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'delete',
        entity: 'device',
        entityId: mn,
        before: auditView(before, await codeOfSite(trx, before.siteId)),
        after: null,
      },
      now,
    );
  });
  announce(ctx, { mn, at: now, change: 'removed', device: null });
}
