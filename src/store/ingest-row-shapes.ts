import type { NewRawPacket } from './raw-packets.table.ts';
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
export const RAW_PACKET_TABLE_COLUMNS = [
  'id',
  ...columnNames(RAW_PACKET_SHAPE),
  'prev_hash',
  'hash',
  'chain',
];

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

/** The `measurements` table's columns among them (the logger marks are not stored there). */
export const MEASUREMENT_TABLE_COLUMNS = [
  'site_id',
  'parameter',
  'period',
  'time',
  'value',
  'flag',
  'source',
  'received_at',
] as const satisfies readonly (keyof IngestMeasurement)[];

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
