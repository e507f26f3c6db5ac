import type { DeviceSightingRow, NewEvent } from '#store/device-status.table.ts';
import {
  columnNames,
  MEASUREMENT_SHAPE,
  RAW_PACKET_SHAPE,
  REALTIME_SHAPE,
  type RowShape,
} from '#store/ingest-row-shapes.ts';
import type { NewOutboxEvent } from '#store/outbox.repository.ts';
import type { NewRawPacket } from '#store/raw-packets.table.ts';
import type { IngestBatch, IngestMeasurement, IngestRealtime } from '#store/receiver-batch.repository.ts';

/**
 * A group commit as columns, for the hop to the writer thread. Copying a message costs the main thread per
 * object it holds; a batch of 4,000 packets is 4,000 raw rows and 24,000 values, so numbers travel as typed
 * arrays (their buffers are transferred, not copied), bytes as one buffer with end offsets, and strings as
 * arrays of strings. Which field travels how follows from the row shapes (store/ingest-row-shapes.ts), so a new
 * column needs no change here. Device statuses and events (a few per device) travel as they are.
 */
export interface PackedColumns {
  n: number;
  /** int/real/bool columns; a number column's NaN where `nulls` is 1. */
  numbers: Record<string, Float64Array | Uint8Array>;
  nulls: Record<string, Uint8Array>;
  texts: Record<string, (string | null)[]>;
  blobs: Record<string, { bytes: Uint8Array; ends: Uint32Array }>;
}

export interface PackedBatch {
  receivedAt: number;
  raw: PackedColumns;
  values: PackedColumns;
  realtime: PackedColumns;
  statuses: DeviceSightingRow[];
  events: NewEvent[];
  /** Outbox events (one or a few per commit) travel as they are. */
  outbox?: NewOutboxEvent[];
}

export function packRows<R>(shape: RowShape<R>, rows: readonly R[]): PackedColumns {
  const n = rows.length;
  const out: PackedColumns = { n, numbers: {}, nulls: {}, texts: {}, blobs: {} };
  for (const name of columnNames(shape)) {
    const { type } = shape.columns[name];
    if (type === 'text') {
      const col = new Array<string | null>(n);
      for (let i = 0; i < n; i++) col[i] = ((rows[i] as R)[name] as string | null | undefined) ?? null;
      out.texts[name] = col;
    } else if (type === 'bool') {
      const col = new Uint8Array(n);
      for (let i = 0; i < n; i++) col[i] = (rows[i] as R)[name] ? 1 : 0;
      out.numbers[name] = col;
    } else if (type === 'blob') {
      let size = 0;
      for (const r of rows) size += (r[name] as Uint8Array).length;
      const bytes = new Uint8Array(size);
      const ends = new Uint32Array(n);
      let at = 0;
      for (let i = 0; i < n; i++) {
        const b = (rows[i] as R)[name] as Uint8Array;
        bytes.set(b, at);
        at += b.length;
        ends[i] = at;
      }
      out.blobs[name] = { bytes, ends };
    } else {
      const col = new Float64Array(n);
      const nulls = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = (rows[i] as R)[name] as number | null | undefined;
        if (v === null || v === undefined) {
          col[i] = Number.NaN;
          nulls[i] = 1;
        } else col[i] = v;
      }
      out.numbers[name] = col;
      out.nulls[name] = nulls;
    }
  }
  return out;
}

/** Back to rows: absent optional fields come back as null (false for bool), which every writer treats alike. */
export function unpackRows<R>(shape: RowShape<R>, p: PackedColumns): R[] {
  const rows = Array.from({ length: p.n }, () => ({}) as Record<string, unknown>);
  for (const name of columnNames(shape)) {
    const { type } = shape.columns[name];
    if (type === 'text') {
      const col = p.texts[name] as (string | null)[];
      for (let i = 0; i < p.n; i++) (rows[i] as Record<string, unknown>)[name] = col[i] ?? null;
    } else if (type === 'bool') {
      const col = p.numbers[name] as Uint8Array;
      for (let i = 0; i < p.n; i++) (rows[i] as Record<string, unknown>)[name] = col[i] === 1;
    } else if (type === 'blob') {
      const { bytes, ends } = p.blobs[name] as { bytes: Uint8Array; ends: Uint32Array };
      let start = 0;
      for (let i = 0; i < p.n; i++) {
        const end = ends[i] as number;
        // A view, not a copy: the driver binds it as a blob.
        (rows[i] as Record<string, unknown>)[name] = Buffer.from(
          bytes.buffer,
          bytes.byteOffset + start,
          end - start,
        );
        start = end;
      }
    } else {
      const col = p.numbers[name] as Float64Array;
      const nulls = p.nulls[name] as Uint8Array;
      for (let i = 0; i < p.n; i++) (rows[i] as Record<string, unknown>)[name] = nulls[i] ? null : col[i];
    }
  }
  return rows as R[];
}

const buffersOf = (p: PackedColumns): ArrayBuffer[] => [
  ...Object.values(p.numbers).map((a) => a.buffer as ArrayBuffer),
  ...Object.values(p.nulls).map((a) => a.buffer as ArrayBuffer),
  ...Object.values(p.blobs).flatMap((b) => [b.bytes.buffer as ArrayBuffer, b.ends.buffer as ArrayBuffer]),
];

/** The batch as columns, and the buffers to transfer with it (the caller must not touch them afterwards). */
export function packBatch(
  batch: IngestBatch,
  receivedAt: number,
): { packed: PackedBatch; transfer: ArrayBuffer[] } {
  const packed: PackedBatch = {
    receivedAt,
    raw: packRows(RAW_PACKET_SHAPE, batch.raw),
    values: packRows(MEASUREMENT_SHAPE, batch.measurements),
    realtime: packRows(REALTIME_SHAPE, batch.realtime ?? []),
    statuses: [...batch.statuses],
    events: [...batch.events],
    ...(batch.outbox && batch.outbox.length > 0 ? { outbox: [...batch.outbox] } : {}),
  };
  return { packed, transfer: [packed.raw, packed.values, packed.realtime].flatMap(buffersOf) };
}

/** Back to rows; every value carries its batch's receive time, so batches can be merged into one commit. */
export function unpackBatch(p: PackedBatch): IngestBatch {
  const measurements = unpackRows<IngestMeasurement>(MEASUREMENT_SHAPE, p.values);
  for (const m of measurements) m.received_at ??= p.receivedAt;
  return {
    raw: unpackRows<NewRawPacket>(RAW_PACKET_SHAPE, p.raw),
    realtime: unpackRows<IngestRealtime>(REALTIME_SHAPE, p.realtime),
    measurements,
    statuses: p.statuses,
    events: p.events,
    ...(p.outbox ? { outbox: p.outbox } : {}),
  };
}
