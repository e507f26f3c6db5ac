import { type RawBuilder, sql } from 'kysely';
import type { DeviceMeasurementsTable, DeviceRealtimeValuesTable } from './device-values.table.ts';
import type { MeasurementInput } from './measurements.repository.ts';
import type { MeasurementsTable } from './measurements.table.ts';
import type { NewRawPacket, RawPacketsTable } from './raw-packets.table.ts';
import type { RealtimeValuesTable } from './realtime-values.table.ts';
import type { IngestMeasurement, IngestRealtime } from './receiver-batch.repository.ts';

/**
 * The rows of one group commit, each kind defined ONCE (issue 14, ground rule "row shapes defined once"): the
 * columns with their types. From a shape follow the SQLite INSERT's column list and placeholders, the positional
 * parameters in that order, and the writer thread's columnar codec (ingest-batch-codec.ts). A new column is
 * added here (and in its table and migration); ingest-row-shapes.test.ts round-trips every column of every shape.
 *
 * Types: `int` and `real` travel as Float64Array (null/absent as a mask), `text` as an array of strings, `blob` as
 * one buffer with end offsets, `bool` as a Uint8Array (absent = false). `optional`: may be null or absent.
 */
export type ColumnType = 'int' | 'real' | 'text' | 'blob' | 'bool';
export interface ColumnSpec {
  type: ColumnType;
  optional?: true;
}

export interface RowShape<R> {
  /** For messages. */
  name: string;
  /** Every field of the row, in the order of the table's INSERT where the row is a table row. */
  columns: { readonly [K in keyof R & string]-?: ColumnSpec };
}

const defineShape = <R>(shape: RowShape<R>): RowShape<R> => shape;

/** A received packet as the receiver hands it to the commit (its id and chain hashes are assigned there). */
export const RAW_PACKET_SHAPE = defineShape<NewRawPacket>({
  name: 'raw packet',
  columns: {
    received_at: { type: 'int' },
    peer: { type: 'text' },
    mn: { type: 'text', optional: true },
    cn: { type: 'text', optional: true },
    qn: { type: 'text', optional: true },
    bytes: { type: 'blob' },
    verdict: { type: 'text' },
    reason: { type: 'text', optional: true },
  },
});

/** The raw_packets INSERT: the packet's columns, then those the chain assigns (raw-packet-chain.repository.ts). */
export const RAW_PACKET_INPUT_COLUMNS = columnNames(RAW_PACKET_SHAPE);
export const RAW_PACKET_TABLE_COLUMNS = tableColumns<RawPacketsTable>()([
  'id',
  ...RAW_PACKET_INPUT_COLUMNS,
  'prev_hash',
  'hash',
  'chain',
] as const);

/** A value for `measurements` (site) and, with `mn`, `device_measurements` (the logger's own, issue 12). */
export const MEASUREMENT_SHAPE = defineShape<IngestMeasurement>({
  name: 'measurement',
  columns: {
    site_id: { type: 'int' },
    parameter: { type: 'text' },
    period: { type: 'text' },
    time: { type: 'int' },
    value: { type: 'real', optional: true },
    flag: { type: 'text', optional: true },
    source: { type: 'text' },
    received_at: { type: 'int', optional: true },
    mn: { type: 'text', optional: true },
    backup: { type: 'bool', optional: true },
  },
});

/** One real-time packet's readings for `realtime_values` and, with `mn`, `device_realtime_values`. */
export const REALTIME_SHAPE = defineShape<IngestRealtime>({
  name: 'real-time readings',
  columns: {
    time: { type: 'int' },
    site_id: { type: 'int' },
    readings: { type: 'text' },
    source: { type: 'text' },
    received_at: { type: 'int' },
    mn: { type: 'text', optional: true },
    backup: { type: 'bool', optional: true },
  },
});

export function columnNames<R>(shape: RowShape<R>): (keyof R & string)[] {
  return Object.keys(shape.columns) as (keyof R & string)[];
}

/** `insert into table (a, b, …) values (?, ?, …)`: the head of a SQLite prepared INSERT/UPSERT. */
export function sqliteInsert(table: string, columns: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')})\n    values (${columns.map(() => '?').join(', ')})`;
}

/** A row's values in `columns` order, absent as null: the parameters of `sqliteInsert(table, columns)`. */
export function positional<R>(row: R, columns: readonly (keyof R)[]): unknown[] {
  return columns.map((c) => row[c] ?? null);
}

/**
 * A table's columns as the ingest path inserts them, in INSERT order. Checked against the table's type: a column
 * added to the table and missing here is a type error (`missing` names it), so the statements cannot fall behind.
 */
function tableColumns<T>() {
  return <const L extends readonly (keyof T & string)[]>(
    list: L &
      ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): L => list;
}

export const MEASUREMENTS_COLUMNS = tableColumns<MeasurementsTable>()([
  'site_id',
  'parameter',
  'period',
  'time',
  'value',
  'flag',
  'source',
  'received_at',
]);
export const REALTIME_VALUES_COLUMNS = tableColumns<RealtimeValuesTable>()([
  'time',
  'site_id',
  'readings',
  'source',
  'received_at',
]);
export const DEVICE_MEASUREMENTS_COLUMNS = tableColumns<DeviceMeasurementsTable>()([
  'mn',
  'parameter',
  'period',
  'time',
  'value',
  'flag',
  'received_at',
]);
export const DEVICE_REALTIME_COLUMNS = tableColumns<DeviceRealtimeValuesTable>()([
  'time',
  'mn',
  'readings',
  'received_at',
]);

/** A site value's `measurements` row (its keys in MEASUREMENTS_COLUMNS order, which Kysely binds in). */
export const measurementsRow = (m: MeasurementInput, receivedAt: number) => ({
  site_id: m.site_id,
  parameter: m.parameter,
  period: m.period,
  time: m.time,
  value: m.value ?? null,
  flag: m.flag ?? null,
  source: m.source,
  received_at: m.received_at ?? receivedAt,
});

/** A logger's own copy of a value (`device_measurements`, issue 12). */
export const deviceMeasurementsRow = (m: IngestMeasurement & { mn: string }, receivedAt: number) => ({
  mn: m.mn,
  parameter: m.parameter,
  period: m.period,
  time: m.time,
  value: m.value ?? null,
  flag: m.flag ?? null,
  received_at: m.received_at ?? receivedAt,
});

/** A logger's own copy of a real-time packet's readings (`device_realtime_values`). */
export const deviceRealtimeRow = (r: IngestRealtime & { mn: string }) => ({
  time: r.time,
  mn: r.mn,
  readings: r.readings,
  received_at: r.received_at,
});

/** `(a, b, …)`: the column list of an INSERT built with Kysely's `sql` (the PostgreSQL and shared path). */
export const sqlColumns = (columns: readonly string[]): RawBuilder<unknown> =>
  sql.raw(`(${columns.join(', ')})`);

/** The literal parts of a `(${a}, ${b}, …)` template of `n` values, for calling `sql` as the tag would. */
function tupleTemplate(n: number): TemplateStringsArray {
  const parts = ['(', ...Array.from({ length: n - 1 }, () => ', '), ')'];
  return Object.assign(parts, { raw: [...parts] }) as unknown as TemplateStringsArray;
}

/**
 * `(?, ?, …), (?, ?, …)`: the VALUES tuples of `rows` in `columns` order, bound as parameters. One raw builder per
 * row, as a hand-written `sql\`(${r.a}, ${r.b})\`` makes (a nested sql.join per row compiled measurably slower).
 */
export function sqlTuples<R>(rows: readonly R[], columns: readonly (keyof R)[]): RawBuilder<unknown> {
  const template = tupleTemplate(columns.length);
  return sql.join(rows.map((r) => sql(template, ...columns.map((c) => r[c] ?? null))));
}
