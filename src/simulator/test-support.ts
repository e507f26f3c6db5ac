/** Shared bits of the simulator tests: fixed times, decoding planned packets, reading values back. */
import { dataTimeToEpochMs, decodePacket, encodePacket, type Hj212Packet } from '../protocol/hj212/index.ts';
import type { PlannedPacket } from './logger-model.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch ms of a Beijing wall-clock time. */
export function beijing(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - 8 * HOUR;
}

/** Encode then decode under the strict policy: the packet as a receiver would see it. */
export function wire(p: PlannedPacket): Hj212Packet {
  const result = decodePacket(encodePacket(p.packet), { crc: 'strict' });
  if (!result.ok) throw new Error(`planned packet does not decode: ${result.reason.message}`);
  return result.packet;
}

/** The numeric value of `code-field` in a decoded packet. */
export function fieldValue(p: Hj212Packet, code: string, field: string): number | undefined {
  return p.cp.factors.find((f) => f.code === code)?.fields.find((x) => x.name === field)?.value;
}

export function flagOf(p: Hj212Packet, code: string): string | undefined {
  return p.cp.factors.find((f) => f.code === code)?.flag;
}

/** The value, or a test failure saying what was missing (instead of a non-null assertion). */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** DataTime text of a decoded packet. */
export function dataTimeText(p: Hj212Packet): string {
  return must(p.cp.dataTime, 'DataTime').text;
}

/** DataTime of a decoded packet as epoch ms. */
export function dataTimeMs(p: Hj212Packet): number {
  return must(dataTimeToEpochMs(dataTimeText(p)), 'a valid DataTime');
}
