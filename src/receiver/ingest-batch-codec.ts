import type { DeviceStatusRow, NewEvent } from '#store/device-status.table.ts';
import type { MeasurementPeriod } from '#store/measurements.table.ts';
import type { NewOutboxEvent } from '#store/outbox.repository.ts';
import type { NewRawPacket, PacketVerdict } from '#store/raw-packets.table.ts';
import type { IngestBatch, IngestMeasurement, IngestRealtime } from '#store/receiver-batch.repository.ts';

/**
 * A group commit as columns, for the hop to the writer thread. Copying a message costs the main thread per
 * object it holds; a batch of 4,000 packets is 4,000 raw rows and 24,000 values, so numbers travel as typed
 * arrays (their buffers are transferred, not copied), the packets' bytes as one buffer with end offsets, and
 * strings as arrays of strings. Device statuses and events (a few per device) travel as they are.
 */
export interface PackedBatch {
  receivedAt: number;
  raw: {
    receivedAt: Float64Array;
    peer: string[];
    mn: (string | null)[];
    cn: (string | null)[];
    qn: (string | null)[];
    verdict: PacketVerdict[];
    reason: (string | null)[];
    bytes: Uint8Array;
    /** End offset of each packet in `bytes`. */
    ends: Uint32Array;
  };
  values: {
    siteId: Float64Array;
    time: Float64Array;
    /** NaN where the value is null (`isNull` says which, since NaN is not a stored value). */
    value: Float64Array;
    isNull: Uint8Array;
    /** NaN = the batch's receive time. */
    receivedAt: Float64Array;
    parameter: string[];
    period: MeasurementPeriod[];
    flag: (string | null)[];
    source: string[];
    /** The logger (issue 12), null when none; 1 where it is a backup (fills the site's gaps only). */
    mn: (string | null)[];
    backup: Uint8Array;
  };
  /** One row per real-time packet: its readings JSON and source as strings, the rest as numbers. */
  realtime: {
    time: Float64Array;
    siteId: Float64Array;
    receivedAt: Float64Array;
    readings: string[];
    source: string[];
    mn: (string | null)[];
    backup: Uint8Array;
  };
  statuses: DeviceStatusRow[];
  events: NewEvent[];
  /** Outbox events (one or a few per commit) travel as they are. */
  outbox?: NewOutboxEvent[];
}

function packRaw(rows: readonly NewRawPacket[]): PackedBatch['raw'] {
  const n = rows.length;
  let size = 0;
  for (const r of rows) size += r.bytes.length;
  const out: PackedBatch['raw'] = {
    receivedAt: new Float64Array(n),
    peer: new Array(n),
    mn: new Array(n),
    cn: new Array(n),
    qn: new Array(n),
    verdict: new Array(n),
    reason: new Array(n),
    bytes: new Uint8Array(size),
    ends: new Uint32Array(n),
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as NewRawPacket;
    out.receivedAt[i] = r.received_at;
    out.peer[i] = r.peer;
    out.mn[i] = r.mn ?? null;
    out.cn[i] = r.cn ?? null;
    out.qn[i] = r.qn ?? null;
    out.verdict[i] = r.verdict;
    out.reason[i] = r.reason ?? null;
    out.bytes.set(r.bytes, at);
    at += r.bytes.length;
    out.ends[i] = at;
  }
  return out;
}

function packValues(rows: readonly IngestMeasurement[]): PackedBatch['values'] {
  const n = rows.length;
  const out: PackedBatch['values'] = {
    siteId: new Float64Array(n),
    time: new Float64Array(n),
    value: new Float64Array(n),
    isNull: new Uint8Array(n),
    receivedAt: new Float64Array(n),
    parameter: new Array(n),
    period: new Array(n),
    flag: new Array(n),
    source: new Array(n),
    mn: new Array(n),
    backup: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const m = rows[i] as IngestMeasurement;
    out.siteId[i] = m.site_id;
    out.time[i] = m.time;
    const value = m.value ?? null;
    out.value[i] = value ?? Number.NaN;
    out.isNull[i] = value === null ? 1 : 0;
    out.receivedAt[i] = m.received_at ?? Number.NaN;
    out.parameter[i] = m.parameter;
    out.period[i] = m.period;
    out.flag[i] = m.flag ?? null;
    out.source[i] = m.source;
    out.mn[i] = m.mn ?? null;
    out.backup[i] = m.backup ? 1 : 0;
  }
  return out;
}

function packRealtime(rows: readonly IngestRealtime[]): PackedBatch['realtime'] {
  const n = rows.length;
  const out: PackedBatch['realtime'] = {
    time: new Float64Array(n),
    siteId: new Float64Array(n),
    receivedAt: new Float64Array(n),
    readings: new Array(n),
    source: new Array(n),
    mn: new Array(n),
    backup: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as IngestRealtime;
    out.time[i] = r.time;
    out.siteId[i] = r.site_id;
    out.receivedAt[i] = r.received_at;
    out.readings[i] = r.readings;
    out.source[i] = r.source;
    out.mn[i] = r.mn ?? null;
    out.backup[i] = r.backup ? 1 : 0;
  }
  return out;
}

/** The batch as columns, and the buffers to transfer with it (the caller must not touch them afterwards). */
export function packBatch(
  batch: IngestBatch,
  receivedAt: number,
): { packed: PackedBatch; transfer: ArrayBuffer[] } {
  const raw = packRaw(batch.raw);
  const values = packValues(batch.measurements);
  const realtime = packRealtime(batch.realtime ?? []);
  const packed = {
    receivedAt,
    raw,
    values,
    realtime,
    statuses: [...batch.statuses],
    events: [...batch.events],
    ...(batch.outbox && batch.outbox.length > 0 ? { outbox: [...batch.outbox] } : {}),
  };
  const buffers = [
    raw.receivedAt,
    raw.bytes,
    raw.ends,
    ...Object.values(values),
    ...Object.values(realtime),
  ].flatMap((a) => (ArrayBuffer.isView(a) ? [a.buffer as ArrayBuffer] : []));
  return { packed, transfer: buffers };
}

/** Back to rows; every value carries its batch's receive time, so batches can be merged into one commit. */
export function unpackBatch(p: PackedBatch): IngestBatch {
  const { raw: r, values: v } = p;
  const raw: NewRawPacket[] = new Array(r.ends.length);
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const end = r.ends[i] as number;
    raw[i] = {
      received_at: r.receivedAt[i] as number,
      peer: r.peer[i] as string,
      mn: r.mn[i] ?? null,
      cn: r.cn[i] ?? null,
      qn: r.qn[i] ?? null,
      // A view, not a copy: the driver binds it as a blob.
      bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset + start, end - start),
      verdict: r.verdict[i] as PacketVerdict,
      reason: r.reason[i] ?? null,
    };
    start = end;
  }
  const measurements: IngestMeasurement[] = new Array(v.siteId.length);
  for (let i = 0; i < measurements.length; i++) {
    const at = v.receivedAt[i] as number;
    measurements[i] = {
      site_id: v.siteId[i] as number,
      parameter: v.parameter[i] as string,
      period: v.period[i] as MeasurementPeriod,
      time: v.time[i] as number,
      value: v.isNull[i] ? null : (v.value[i] as number),
      flag: v.flag[i] ?? null,
      source: v.source[i] as string,
      received_at: Number.isNaN(at) ? p.receivedAt : at,
      mn: v.mn[i] ?? null,
      backup: v.backup[i] === 1,
    };
  }
  const rt = p.realtime;
  const realtime: IngestRealtime[] = new Array(rt.time.length);
  for (let i = 0; i < realtime.length; i++) {
    realtime[i] = {
      time: rt.time[i] as number,
      site_id: rt.siteId[i] as number,
      readings: rt.readings[i] as string,
      source: rt.source[i] as string,
      received_at: rt.receivedAt[i] as number,
      mn: rt.mn[i] ?? null,
      backup: rt.backup[i] === 1,
    };
  }
  return {
    raw,
    realtime,
    measurements,
    statuses: p.statuses,
    events: p.events,
    ...(p.outbox ? { outbox: p.outbox } : {}),
  };
}
