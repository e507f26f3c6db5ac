import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.ts';
import { encodePacket } from './encode.ts';
import { createReassembler } from './reassembler.ts';
import type { Hj212Packet } from './types.ts';

function part(pno: number, pnum: number, qnTail = pno, mn = 'M1'): Hj212Packet {
  const r = decodePacket(
    encodePacket({
      qn: `20160801085857${String(533 + qnTail)}`,
      st: '32',
      cn: '2061',
      pw: '1',
      mn,
      flag: 7,
      pnum,
      pno,
      cp: {
        dataTime: '20160801080000',
        factors: [{ code: `w0100${pno}`, fields: [{ name: 'Avg', text: String(pno) }] }],
      },
    }),
  );
  if (!r.ok) throw new Error(r.reason.message);
  return r.packet;
}

describe('createReassembler', () => {
  it('merges out-of-order parts and reports which were received', () => {
    const r = createReassembler();
    const a = r.push(part(3, 3), 0);
    expect(a).toMatchObject({ kind: 'part', received: [3], duplicate: false });
    expect(r.push(part(1, 3), 1)).toMatchObject({ kind: 'part', received: [1, 3] });
    const done = r.push(part(2, 3), 2);
    expect(done.kind).toBe('complete');
    if (done.kind !== 'complete') return;
    expect(done.packet.cp.factors.map((f) => f.code)).toEqual(['w01001', 'w01002', 'w01003']);
    expect(done.packet).toMatchObject({ qn: '20160801085857534', flag: { value: 5, split: false } });
    expect(done.packet.pnum).toBeUndefined();
    expect(r.pendingCount).toBe(0);
  });

  it('ignores retransmitted parts and restarts on a new message', () => {
    const r = createReassembler();
    r.push(part(1, 2), 0);
    expect(r.push(part(1, 2), 1)).toMatchObject({ kind: 'part', duplicate: true, received: [1] });
    const again = r.push(part(1, 2, 9), 2);
    expect(again).toMatchObject({
      kind: 'part',
      received: [1],
      dropped: [{ reason: 'superseded', received: [1] }],
    });
  });

  it('expires unfinished messages given `now`, without timers', () => {
    const r = createReassembler({ ttlMs: 1000 });
    r.push(part(1, 2), 0);
    r.push(part(1, 2, 1, 'M2'), 500);
    expect(r.expire(999)).toEqual([]);
    expect(r.expire(1000).map((d) => [d.reason, d.key])).toEqual([['expired', 'M1|32|2061|2']]);
    const late = r.push(part(2, 2), 1600);
    expect(late.dropped.map((d) => d.key)).toEqual(['M2|32|2061|2']);
    expect(late).toMatchObject({ kind: 'part', received: [2] });
  });

  it('passes unsplit packets through and rejects absurd PNUM', () => {
    const r = createReassembler({ maxParts: 5 });
    const single = decodePacket(
      encodePacket({ qn: '20160801085857223', st: '32', cn: '2011', pw: '1', mn: 'M', flag: 5, cp: '' }),
    );
    if (!single.ok) throw new Error('decode');
    expect(r.push(single.packet, 0).kind).toBe('single');
    expect(r.push(part(1, 6), 0)).toMatchObject({ kind: 'rejected' });
  });
});
