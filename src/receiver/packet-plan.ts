import { DEFAULT_PLAUSIBILITY, type PlausibilityPolicies } from '#config/plausibility.ts';
import { checkPacket, type Implausibility, implausibilityReason } from '#rules/plausibility/plausibility.ts';
import type { DeviceSightingRow, NewEvent } from '#store/device-status.table.ts';
import type { Device } from '#store/devices.repository.ts';
import type { PacketVerdict } from '#store/raw-packets.table.ts';
import type { IngestMeasurement } from '#store/receiver-batch.repository.ts';
import {
  type BlockCipherFn,
  CN,
  createNodeSm4Ecb,
  type DecodeResult,
  type Deviation,
  decodePacket,
  encodeEmptyAnswer,
  type Hj212Packet,
} from '../protocol/hj212/index.ts';
import type { DeviceHealthTable } from './device-health.ts';
import { DATA_COMMANDS, mapDataPacket } from './packet-mapping.ts';
import type { RecentKeys } from './recent-keys.ts';

/**
 * What the receiver does with one frame, decided synchronously at arrival: its raw row and verdict, the values
 * to upsert, the device sighting to persist, and the answer to write AFTER the group commit. No I/O here. Whether
 * the device is online is not decided here (issue 14): the health job decides it from the stored sightings.
 *
 * Answers (HJ 212-2017 §6.1/§6.5, hj212.md §1.8): an upload (2xxx, 3020) with Flag A=1 gets 9014 echoing its QN;
 * 1013 with A=1 gets 9013; a 2025 heartbeat 9015 gets 9013 (通知应答) when its Flag bit 0 asks for an answer
 * (HJ 212-2025 Flag: bits 7–2 version, bit 1 PNUM/PNO, bit 0 answer required; air-2026.md [Q]) and nothing
 * otherwise. A heartbeat keeps its logger online without data (device-health.ts); one with a non-empty CP does too,
 * stores nothing of it and is recorded with the named deviation `heartbeat-cp` (heartbeatCpDeviation). Nothing is answered for a
 * rejected frame ("如果 CRC 错误，执行结束") nor for a quarantined one (unknown MN, wrong PW: no data ack).
 *
 * HJ 212-2025 (issue 13): a packet from an MN the registry does not know is quarantined as unknown whatever its
 * encryption (without a key it cannot be decrypted, but its MN is readable); a logger whose policy requires
 * encryption has its unencrypted data commands 2000–2999 quarantined (§6.4.4); the 2025 deviations a logger is
 * allowed (RF other than 1, LLLL of the plaintext, CP without its closing "&&") are named in the packet's reason.
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
  status?: DeviceSightingRow;
  events: NewEvent[];
  answer?: Buffer;
  /** For the log and the connection's bad-packet budget. */
  device?: Device;
  unmapped?: string[];
  /** Named HJ 212-2025 deviations that were tolerated (also in `reason`), for the receiver's warning. */
  deviations?: string | undefined;
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

function answerFor(packet: Hj212Packet): Buffer | undefined {
  if (packet.flag?.ackRequired !== true) return undefined;
  if (isUpload(packet.cn)) return encodeEmptyAnswer(packet, CN.dataAnswer);
  // 1013 (HJ 212-2017 附录C C.4) and the 2025 heartbeat 9015 are notifications: 9013 answers them.
  if (packet.cn === '1013' || packet.cn === CN.heartbeat) return encodeEmptyAnswer(packet, CN.notifyAnswer);
  return undefined;
}

/** Data commands 2000–2999 (HJ 212-2017 表9), which HJ 212-2025 §6.4.4 requires encrypted over the internet. */
export function isDataCommand(cn: string): boolean {
  return cn.length === 4 && cn.charCodeAt(0) === 50 && /^\d{4}$/.test(cn);
}

/** Tolerated HJ 212-2025 deviations worth a line in the packet's record (decode.ts names them). */
const NAMED_DEVIATIONS: ReadonlySet<Deviation['code']> = new Set([
  'rf-value',
  'length-counts-plaintext',
  'cp-unclosed',
  'heartbeat-cp',
]);

/**
 * A 9015 heartbeat whose CP is not empty. HJ 212-2025 gives the heartbeat no CP content ("to judge whether the
 * connection is online"; implementations send an empty CP, air-2026.md), so whatever it carries has no meaning we
 * could store: the logger is kept online (the link is up either way), nothing is stored, and the deviation is
 * named in the packet's record and the receiver's warning rather than passed over. Its raw bytes stay in the
 * hash chain, so values a vendor hid there are not lost if their meaning is learnt later.
 */
export function heartbeatCpDeviation(cn: string, cpText: string): Deviation | undefined {
  if (cn !== CN.heartbeat || cpText.trim() === '') return undefined;
  return {
    code: 'heartbeat-cp',
    message: 'a 9015 heartbeat carried a non-empty CP; kept online, its content not stored',
    detail: cpText.length > 80 ? `${cpText.slice(0, 80)}…` : cpText,
  };
}

/** `deviation rf-value: …` for the packet's reason, or null (the usual case: no deviation at all). */
export function namedDeviations(deviations: readonly Deviation[]): string | null {
  if (deviations.length === 0) return null;
  const named = deviations.filter((d) => NAMED_DEVIATIONS.has(d.code));
  if (named.length === 0) return null;
  return named
    .map((d) => `deviation ${d.code}: ${d.message}${d.detail !== undefined ? ` (${d.detail})` : ''}`)
    .join('; ');
}

function joinReason(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : `${a}; ${b}`;
}

const ENCRYPTION_FAILURES: ReadonlySet<string> = new Set(['encrypted-no-key', 'decrypt-failed']);

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
  if (!result.ok && !device && base.mn !== null && ENCRYPTION_FAILURES.has(result.reason.code)) {
    // An encrypted packet from an MN not (yet) registered: unknown first — no key can be configured for it.
    ctx.onUnknownMn?.(base.mn);
    return {
      ...base,
      verdict: 'quarantined',
      reason: 'unknown MN (not in the device registry); its CP is encrypted',
      unauthenticated,
    };
  }
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
  if (device.encryptionRequired && !packet.encrypted && isDataCommand(packet.cn)) {
    // HJ 212-2025 §6.4.4: data commands 2000–2999 over the internet must be encrypted; the logger's policy says so.
    return {
      ...base,
      verdict: 'quarantined',
      reason: `unencrypted data command CN ${packet.cn} from a logger that requires encryption (HJ 212-2025 §6.4.4)`,
      device,
      siteId: device.siteId,
    };
  }
  const answer = answerFor(packet);
  const withAnswer = answer ? { answer } : {};
  const heartbeatCp = heartbeatCpDeviation(packet.cn, packet.cpText);
  const deviationNote = namedDeviations(
    heartbeatCp ? [...result.deviations, heartbeatCp] : result.deviations,
  );
  const command = DATA_COMMANDS[packet.cn];
  if (!command) {
    // A 2025 heartbeat (9015) says the link is up: it keeps the logger online, without data.
    const alive = packet.cn === CN.heartbeat;
    const seen = ctx.health.sight({ mn: packet.mn, peer: ctx.peer, receivedAt: ctx.receivedAt, alive });
    const verdict: PacketVerdict = isUpload(packet.cn) ? 'stored' : 'answered';
    const reason = joinReason(
      isUpload(packet.cn) ? `CN ${packet.cn}: kept raw, no values mapped` : null,
      deviationNote,
    );
    return {
      ...base,
      ...withAnswer,
      verdict,
      reason,
      deviations: deviationNote ?? undefined,
      status: seen.row,
      device,
      siteId: device.siteId,
    };
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
  if (deviationNote !== null) reason = joinReason(reason, deviationNote);
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
    answer,
    device,
    unmapped: mapped.unmapped,
    deviations: deviationNote ?? undefined,
    siteId: device.siteId,
  };
  return plan;
}

/**
 * An implausible data packet: kept raw with its reason, answered, no values. The logger is seen (last seen,
 * peer), but the packet is no data: its DataTime never becomes the device's last data time (a year-9999 packet
 * cannot move it) and it does not count for the device's health (no last_data_at: it cannot bring an offline
 * device back online).
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
