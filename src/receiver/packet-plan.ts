import { DEFAULT_PLAUSIBILITY, type PlausibilityPolicies } from '#config/plausibility.ts';
import { checkPacket, type Implausibility, implausibilityReason } from '#rules/plausibility/plausibility.ts';
import type { DeviceStatusRow, NewEvent } from '#store/device-status.table.ts';
import type { Device } from '#store/devices.repository.ts';
import type { PacketVerdict } from '#store/raw-packets.table.ts';
import type { IngestMeasurement } from '#store/receiver-batch.repository.ts';
import {
  type BlockCipherFn,
  buildHeartbeat,
  CN,
  createNodeSm4Ecb,
  type DecodeResult,
  decodePacket,
  encodeEmptyAnswer,
  encodePacket,
  formatQn,
  type Hj212Packet,
} from '../protocol/hj212/index.ts';
import type { DeviceHealthTable, OnlineTransition } from './device-health.ts';
import { healthEvent } from './device-health.ts';
import { DATA_COMMANDS, mapDataPacket } from './packet-mapping.ts';
import type { RecentKeys } from './recent-keys.ts';

/**
 * What the receiver does with one frame, decided synchronously at arrival: its raw row and verdict, the values
 * to upsert, the device status to persist, and the answer to write AFTER the group commit. No I/O here.
 *
 * Answers (HJ 212-2017 §6.1/§6.5, hj212.md §1.8): an upload (2xxx, 3020) with Flag A=1 gets 9014 echoing its QN;
 * 1013 with A=1 gets 9013; a 2025 heartbeat 9015 is answered with a 9015 echoing its QN [M]. Nothing is answered
 * for a rejected frame ("如果 CRC 错误，执行结束") nor for a quarantined one (unknown MN, wrong PW: no data ack).
 *
 * Plausibility (issue 11, rules/plausibility): a registered logger's data packet whose DataTime is no date, lies
 * outside the back-fill window or beyond the clock-skew allowance, or carries a value that is not finite or out
 * of its parameter's range is 'implausible': kept raw with the reason, none of its values stored (the whole
 * packet: its values share one DataTime and one instrument link, and a half-stored packet would read as a
 * complete one), and still answered with 9014 — the packet was received; HJ 212 has no "refused" data answer
 * (9014 carries no result, hj212.md §1.8), and withholding it only makes the logger resend the same packet
 * (10 s × 3 by default, forever for some loggers' 补传 queues).
 */
export interface PacketPlan {
  verdict: PacketVerdict;
  /** Why (rejected/quarantined), or what was noticed (unmapped factors, aligned DataTime); never a secret. */
  reason: string | null;
  mn: string | null;
  cn: string | null;
  qn: string | null;
  measurements: IngestMeasurement[];
  status?: DeviceStatusRow;
  events: NewEvent[];
  online?: OnlineTransition & { siteId: number };
  answer?: Buffer;
  /** For the log and the connection's bad-packet budget. */
  device?: Device;
  unmapped?: string[];
  siteId?: number;
  /**
   * Not from an authenticated logger (undecodable, unknown MN, disabled, wrong PW): rate-limited per peer and
   * kept outside the hash chain (issue 11, finding 6). Every other plan passed the password check.
   */
  unauthenticated?: true;
}

export interface PlanContext {
  peer: string;
  receivedAt: number;
  lookup: (mn: string) => Device | undefined;
  health: DeviceHealthTable;
  /** Recently committed (MN, CN, DataTime, PNO) keys: a hit marks a retransmission 'duplicate'. */
  recent: RecentKeys;
  onUnknownMn?: (mn: string) => void;
  /** Plausibility limits, per device (default: the documented defaults, config/plausibility-defaults.ts). */
  plausibility?: PlausibilityPolicies;
}

const ciphers = new WeakMap<Device, BlockCipherFn | null>();

function decryptorOf(device: Device): BlockCipherFn | undefined {
  let fn = ciphers.get(device);
  if (fn === undefined) {
    fn = null;
    if (device.sm4Key && /^[0-9a-fA-F]{32}$/.test(device.sm4Key)) {
      fn = createNodeSm4Ecb(Buffer.from(device.sm4Key, 'hex')).decrypt;
    }
    ciphers.set(device, fn);
  }
  return fn ?? undefined;
}

/**
 * Constant time in the password's content (a timing side channel must not reveal how much of a guess was
 * right), without allocating per packet: every packet of every logger passes here.
 */
function samePassword(sent: string | undefined, expected: string): boolean {
  if (sent === undefined || sent.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < sent.length; i++) diff |= sent.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** Decode with the standard policy; re-decode with the device's own policy (and SM4 key) when it differs. */
export function decodeForDevice(
  frame: Uint8Array,
  lookup: (mn: string) => Device | undefined,
): { result: DecodeResult; device: Device | undefined } {
  let result = decodePacket(frame, { crc: 'standard' });
  const mn = result.ok ? result.packet.mn : result.partial?.mn;
  const device = mn === undefined ? undefined : lookup(mn);
  if (device) {
    const decryptCp = decryptorOf(device);
    const needsKey = !result.ok && result.reason.code === 'encrypted-no-key' && decryptCp !== undefined;
    if (device.crcPolicy !== 'standard' || needsKey) {
      result = decodePacket(frame, { crc: device.crcPolicy, ...(decryptCp ? { decryptCp } : {}) });
    }
  }
  return { result, device };
}

function isUpload(cn: string): boolean {
  return cn.startsWith('2') || cn === CN.siteInfo;
}

function answerFor(packet: Hj212Packet, receivedAt: number): Buffer | undefined {
  if (packet.cn === CN.heartbeat) {
    return encodePacket(
      buildHeartbeat({
        qn: packet.qn ?? formatQn(receivedAt),
        mn: packet.mn,
        ...(packet.pw !== undefined ? { pw: packet.pw } : {}),
      }),
    );
  }
  if (packet.flag?.ackRequired !== true) return undefined;
  if (isUpload(packet.cn)) return encodeEmptyAnswer(packet, CN.dataAnswer);
  if (packet.cn === '1013') return encodeEmptyAnswer(packet, CN.notifyAnswer);
  return undefined;
}

export function planPacket(frame: Uint8Array, ctx: PlanContext): PacketPlan {
  const { result, device } = decodeForDevice(frame, ctx.lookup);
  const header = result.ok ? result.packet : result.partial;
  const base = {
    mn: header?.mn ?? null,
    cn: header?.cn ?? null,
    qn: header?.qn ?? null,
    measurements: [] as IngestMeasurement[],
    events: [] as NewEvent[],
  };
  const unauthenticated = true as const;
  if (!result.ok)
    return {
      ...base,
      verdict: 'rejected',
      reason: `${result.reason.code}: ${result.reason.message}`,
      unauthenticated,
    };
  const packet = result.packet;
  if (!device) {
    ctx.onUnknownMn?.(packet.mn);
    return {
      ...base,
      verdict: 'quarantined',
      reason: 'unknown MN (not in the device registry)',
      unauthenticated,
    };
  }
  if (!device.enabled)
    return { ...base, verdict: 'quarantined', reason: 'device disabled in the registry', unauthenticated };
  if (!samePassword(packet.pw, device.password)) {
    return { ...base, verdict: 'quarantined', reason: 'wrong password (PW)', unauthenticated };
  }
  const answer = answerFor(packet, ctx.receivedAt);
  const withAnswer = answer ? { answer } : {};
  const command = DATA_COMMANDS[packet.cn];
  if (!command) {
    const seen = ctx.health.sight({ mn: packet.mn, peer: ctx.peer, receivedAt: ctx.receivedAt });
    const verdict: PacketVerdict = isUpload(packet.cn) ? 'stored' : 'answered';
    const reason = isUpload(packet.cn) ? `CN ${packet.cn}: kept raw, no values mapped` : null;
    return { ...base, ...withAnswer, verdict, reason, status: seen.row, device, siteId: device.siteId };
  }
  const mapped = mapDataPacket(packet, device);
  if ('error' in mapped) {
    if (mapped.invalidTime === undefined)
      return { ...base, verdict: 'rejected', reason: mapped.error, device };
    return implausible(base, [{ code: 'time-invalid', ...mapped.invalidTime }], answer, device, ctx);
  }
  const policy = (ctx.plausibility ?? DEFAULT_PLAUSIBILITY).forDevice(packet.mn);
  const found = checkPacket(
    { dataTime: mapped.dataTime, receivedAt: ctx.receivedAt, values: mapped.rows },
    policy,
  );
  if (found.length > 0) return implausible(base, found, answer, device, ctx);

  const seen = ctx.health.sight({
    mn: packet.mn,
    peer: ctx.peer,
    receivedAt: ctx.receivedAt,
    dataTime: mapped.dataTime,
    driftMs: packet.cn === '2011' ? ctx.receivedAt - mapped.dataTime : undefined,
  });
  const key = `${packet.mn}|${packet.cn}|${packet.cp.dataTime?.text}|${packet.pno ?? ''}`;
  const duplicate = ctx.recent.has(key);
  ctx.recent.add(key);
  let reason: string | null = null;
  if (mapped.unmapped.length > 0) reason = `unmapped factors kept raw: ${mapped.unmapped.join(',')}`;
  if (mapped.missingField.length > 0) {
    const note = `no ${command.field} for: ${mapped.missingField.join(',')}`;
    reason = reason === null ? note : `${reason}; ${note}`;
  }
  // One literal of a fixed shape (no spreads): this runs for every packet of every logger.
  const plan: PacketPlan = {
    verdict: duplicate ? 'duplicate' : 'stored',
    reason,
    mn: packet.mn,
    cn: packet.cn,
    qn: packet.qn ?? null,
    measurements: mapped.rows,
    status: seen.row,
    events: [],
    online: undefined,
    answer,
    device,
    unmapped: mapped.unmapped,
    siteId: device.siteId,
  };
  noteOnline(plan, seen, device);
  return plan;
}

function noteOnline(plan: PacketPlan, seen: ReturnType<DeviceHealthTable['sight']>, device: Device): void {
  if (!seen.online) return;
  plan.online = { ...seen.online, siteId: device.siteId };
  plan.events.push(
    healthEvent('device_online', device.mn, seen.online.at, {
      siteId: device.siteId,
      offlineSince: seen.online.offlineSince,
    }),
  );
}

/**
 * An implausible data packet: kept raw with its reason, answered, no values. The logger is seen (last seen,
 * peer), but the packet is no data: its DataTime never becomes the device's last data time (a year-9999 packet
 * cannot move it) and it does not bring an offline device back online.
 */
function implausible(
  base: Pick<PacketPlan, 'mn' | 'cn' | 'qn' | 'measurements' | 'events'>,
  found: readonly Implausibility[],
  answer: Buffer | undefined,
  device: Device,
  ctx: PlanContext,
): PacketPlan {
  const seen = ctx.health.sight({ mn: device.mn, peer: ctx.peer, receivedAt: ctx.receivedAt });
  return {
    ...base,
    verdict: 'implausible',
    reason: implausibilityReason(found),
    status: seen.row,
    device,
    siteId: device.siteId,
    ...(answer ? { answer } : {}),
  };
}
