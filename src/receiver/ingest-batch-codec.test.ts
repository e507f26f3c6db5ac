import { expect, it } from 'vitest';
import type { IngestBatch } from '#store/receiver-batch.repository.ts';
import { packBatch, unpackBatch } from './ingest-batch-codec.ts';

const T = 1_767_225_600_000;

it('carries a batch to the writer thread and back unchanged, each value with its receive time', () => {
  const batch: IngestBatch = {
    raw: [
      {
        received_at: T,
        peer: 'a:1',
        mn: 'M',
        cn: '2011',
        qn: 'q',
        bytes: Buffer.from('##01'),
        verdict: 'stored',
        reason: null,
      },
      {
        received_at: T + 1,
        peer: 'b:2',
        mn: null,
        cn: null,
        qn: null,
        bytes: new Uint8Array(0),
        verdict: 'rejected',
        reason: 'crc',
      },
    ],
    measurements: [
      {
        site_id: 3,
        parameter: 'PM2.5',
        period: 'raw',
        time: T,
        value: 35.5,
        flag: 'N',
        source: 'hj212:M',
        mn: 'M',
        backup: true,
      },
      {
        site_id: 3,
        parameter: 'CO',
        period: 'raw',
        time: T,
        value: null,
        source: 'hj212',
        received_at: T - 9,
      },
    ],
    realtime: [
      {
        time: T,
        site_id: 4,
        readings: '{"PM10":[61,"N"],"CO":[null,null]}',
        source: 'hj212:M',
        received_at: T + 1,
        mn: 'M',
        backup: false,
      },
      {
        time: T + 30_000,
        site_id: 4,
        readings: '{"PM10":[62.5,"D"]}',
        source: 'hj212:B',
        received_at: T + 2,
        mn: 'B',
        backup: true,
      },
    ],
    statuses: [
      {
        mn: 'M',
        last_seen_at: T,
        last_peer: 'a:1',
        last_data_time: T,
        clock_drift_ms: 0,
        last_data_at: T,
        last_alive_at: null,
      },
    ],
    events: [{ at: T, kind: 'device_online', subject: 'M', detail: null }],
  };
  const { packed, transfer } = packBatch(batch, T + 5);
  // What postMessage does with the transfer list: a structured clone in which the buffers move.
  const back = unpackBatch(structuredClone(packed, { transfer }));
  expect(back.raw.map((r) => ({ ...r, bytes: Buffer.from(r.bytes).toString() }))).toEqual(
    batch.raw.map((r) => ({ ...r, bytes: Buffer.from(r.bytes).toString() })),
  );
  expect(back.measurements).toEqual([
    { ...batch.measurements[0], received_at: T + 5 },
    // A value without a logger (not from the receiver) comes back as such.
    { ...batch.measurements[1], flag: null, mn: null, backup: false },
  ]);
  expect(back.realtime).toEqual(batch.realtime);
  expect(back.statuses).toEqual(batch.statuses);
  expect(back.events).toEqual(batch.events);
});
