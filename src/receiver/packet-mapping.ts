import { loggerSource } from '#rules/monitoring/logger-precedence.ts';
import type { Device } from '#store/devices.repository.ts';
import type { MeasurementPeriod } from '#store/measurements.table.ts';
import type { IngestMeasurement } from '#store/receiver-batch.repository.ts';
import type { Hj212Packet } from '../protocol/hj212/index.ts';
import { dataTimeProblem, dataTimeToEpochMs } from '../protocol/hj212/index.ts';

/**
 * Data commands and where their values go (HJ 212-2017 表9 / 表4): real-time 2011 → 'raw' Rtd at the sampling
 * instant; 2051 minute / 2061 hourly / 2031 daily → Avg at the START of the interval (DataTime semantics, hj212.md
 * §1.6).
 */
export const DATA_COMMANDS: Readonly<Record<string, { period: MeasurementPeriod; field: string }>> = {
  '2011': { period: 'raw', field: 'Rtd' },
  '2051': { period: 'minute', field: 'Avg' },
  '2061': { period: 'hour', field: 'Avg' },
  '2031': { period: 'day', field: 'Avg' },
};

/** DataTime carries no zone (表4); stations in China send Beijing time (+08:00). */
export const BEIJING_OFFSET_MIN = 480;
const DAY_MS = 86_400_000;
const OFFSET_MS = BEIJING_OFFSET_MIN * 60_000;

/** Start of the period containing `t` (a minute/hour/day in Beijing time; 'raw' is the instant itself). */
export function periodStart(t: number, period: MeasurementPeriod): number {
  switch (period) {
    case 'raw':
      return t;
    case 'minute':
      return t - (((t % 60_000) + 60_000) % 60_000);
    case 'hour':
      // +08:00 is a whole number of hours, so UTC hours and Beijing hours start together.
      return t - (((t % 3_600_000) + 3_600_000) % 3_600_000);
    case 'day':
      return t - ((((t + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
  }
}

export interface MappedValues {
  /** Epoch ms of DataTime as sent (before alignment to the period start). */
  dataTime: number;
  period: MeasurementPeriod;
  rows: IngestMeasurement[];
  /** Factor codes the device's mapping does not know (kept raw, never invented as parameters). */
  unmapped: string[];
  /** Mapped factors that came without the expected field (Rtd/Avg). */
  missingField: string[];
}

/** The values of one data packet for one device, or why there are none. */
/** Why a data packet has no values; `invalidTime` when it carried a DataTime that is no date at all. */
export interface MappingError {
  error: string;
  invalidTime?: { text: string; detail: string };
}

export function mapDataPacket(packet: Hj212Packet, device: Device): MappedValues | MappingError {
  const command = DATA_COMMANDS[packet.cn];
  if (!command) return { error: `CN ${packet.cn} is not a data upload` };
  const text = packet.cp.dataTime?.text;
  const dataTime = text === undefined ? undefined : dataTimeToEpochMs(text, BEIJING_OFFSET_MIN);
  if (dataTime === undefined) {
    if (text === undefined) return { error: 'no DataTime in CP (表4)' };
    const problem = dataTimeProblem(text) ?? `DataTime "${text}" is not valid (表4)`;
    return { error: `invalid ${problem}`, invalidTime: { text, detail: problem } };
  }
  const time = periodStart(dataTime, command.period);
  const rows: IngestMeasurement[] = [];
  const source = loggerSource(device.mn);
  const backup = device.role === 'backup';
  const unmapped: string[] = [];
  const missingField: string[] = [];
  for (const factor of packet.cp.factors) {
    const mapping =
      device.factors.get(factor.code) ??
      (factor.mappedCode !== undefined ? device.factors.get(factor.mappedCode) : undefined);
    if (!mapping) {
      unmapped.push(factor.code);
      continue;
    }
    let field: (typeof factor.fields)[number] | undefined;
    for (const f of factor.fields) {
      if (f.name === command.field) {
        field = f;
        break;
      }
    }
    if (!field) {
      missingField.push(factor.code);
      continue;
    }
    rows.push({
      site_id: device.siteId,
      parameter: mapping.parameter,
      period: command.period,
      time,
      value: field.value === undefined ? null : field.value * mapping.scale,
      flag: factor.flag ?? null,
      // Which logger fed the site's value, and whether it only fills gaps (issue 12, logger-precedence.ts).
      source,
      mn: device.mn,
      backup,
    });
  }
  return { dataTime, period: command.period, rows, unmapped, missingField };
}
