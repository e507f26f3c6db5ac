/**
 * Every packet of /work/shared/standards/hj212-samples.txt decodes, or is rejected with the reason its
 * '# note:' line implies (CRC verdict under HJ 212-2017 附录A, declared vs actual length).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.ts';
import { toDecodeJson } from './decode-json.ts';

// HJ212_SAMPLES points elsewhere when the checkout is not beside ../shared (a git worktree, say).
const SAMPLES =
  process.env.HJ212_SAMPLES ??
  fileURLToPath(new URL('../../../../shared/standards/hj212-samples.txt', import.meta.url));
const present = existsSync(SAMPLES);
if (!present) console.warn(`\n!!! HJ 212 samples missing at ${SAMPLES}: sample tests SKIPPED !!!\n`);

interface Sample {
  readonly id: string;
  readonly note: string;
  readonly packet: string;
}

function readSamples(): Sample[] {
  const out: Sample[] = [];
  let note = '';
  for (const line of readFileSync(SAMPLES, 'utf8').split('\n')) {
    if (line.startsWith('# note:')) note = line;
    else if (line.startsWith('##')) out.push({ id: /#(\d+)/.exec(note)?.[1] ?? '?', note, packet: line });
  }
  return out;
}

type Verdict = 'ok' | 'length' | 'modbus' | 'modbus-swapped' | 'unknown-crc';

function verdictOf(note: string): Verdict {
  if (note.includes('MISMATCH')) return 'length';
  if (/-> OK \(HJ212 CRC\)/.test(note)) return 'ok';
  if (note.includes('byte-swapped')) return 'modbus-swapped';
  if (note.includes('plain CRC-16/MODBUS')) return 'modbus';
  if (note.includes('no known algorithm')) return 'unknown-crc';
  throw new Error(`unclassified note: ${note}`);
}

const samples = present ? readSamples() : [];
const bytes = (s: Sample): Buffer => Buffer.from(`${s.packet}\r\n`, 'utf8');

describe.skipIf(!present)('hj212-samples.txt', () => {
  it('has the 43 packets the research notes promise', () => {
    expect(samples).toHaveLength(43);
  });

  it.each(samples.map((s) => [s.id, s] as const))('#%s decodes or is rejected as its note says', (_id, s) => {
    const verdict = verdictOf(s.note);
    const standard = decodePacket(bytes(s), { crc: 'standard' });
    const modbus = decodePacket(bytes(s), { crc: 'modbus' });
    const none = decodePacket(bytes(s), { crc: 'none' });
    const codes = (r: typeof none) => r.deviations.map((d) => d.code);
    expect(none.ok, 'policy "none" accepts every sample').toBe(true);
    switch (verdict) {
      case 'ok':
        expect(standard.ok).toBe(true);
        expect(standard.crc?.status).toBe('ok');
        expect(codes(standard).includes('crc-lowercase')).toBe(s.note.includes('lowercase'));
        break;
      case 'length':
        expect(standard.ok).toBe(false);
        if (!standard.ok) {
          expect(standard.reason.code).toBe('length-mismatch');
          const [, declared, actual] = /declared len (\d+) vs (\d+)/.exec(s.note) ?? [];
          expect(standard.reason.declaredLength).toBe(Number(declared));
          expect(standard.reason.actualLength).toBe(Number(actual));
        }
        expect(codes(none)).toContain('length-mismatch');
        break;
      case 'modbus':
      case 'modbus-swapped':
        expect(standard.ok).toBe(false);
        if (!standard.ok) expect(standard.reason.code).toBe('crc-mismatch');
        expect(modbus.ok).toBe(true);
        expect(codes(modbus)).toContain(verdict === 'modbus' ? 'crc-modbus' : 'crc-modbus-swapped');
        break;
      case 'unknown-crc':
        expect(standard.ok).toBe(false);
        expect(modbus.ok).toBe(false);
        if (!standard.ok) {
          expect(standard.reason.code).toBe('crc-mismatch');
          expect(standard.reason.crcFound).toBe(s.packet.slice(-4));
        }
        expect(codes(none)).toContain('crc-unchecked');
        break;
    }
  });

  it('decodes every sample exactly as before HJ 212-2025 handling was added (snapshot of both policies)', () => {
    const all = samples.map((s) => ({
      id: s.id,
      standard: toDecodeJson(decodePacket(bytes(s), { crc: 'standard' })),
      none: toDecodeJson(decodePacket(bytes(s), { crc: 'none' })),
    }));
    expect(all).toMatchSnapshot();
  });

  it('flags the 2005-style packets (no Flag) as version 2005 and maps their legacy codes', () => {
    const s = samples.find((x) => x.id === '51') as Sample;
    const r = decodePacket(bytes(s));
    expect(r.ok && r.packet.version).toBe('2005');
    if (r.ok) {
      expect(r.packet.cp.factors.map((f) => [f.code, f.mappedCode])).toEqual([
        ['B01', 'w00000'],
        ['011', 'w01018'],
        ['060', 'w21003'],
      ]);
    }
  });

  it('reads the 2025 version bits of sample #85 (Flag=9)', () => {
    const s = samples.find((x) => x.id === '85') as Sample;
    const json = toDecodeJson(decodePacket(bytes(s)));
    expect(json).toMatchObject({ ok: true, crc: 'ok', version: '2025', flag: 9, cn: '1011', values: [] });
  });

  it('the CEMS hourly packet #71 gives typed values with flags', () => {
    const s = samples.find((x) => x.id === '71') as Sample;
    const json = toDecodeJson(decodePacket(bytes(s)));
    expect(json.dataTime).toBe('20210722130000');
    expect(json.values).toContainEqual({ factor: 'a01013', field: 'Min', value: -130.7116, flag: 'T' });
    expect(json.values).toContainEqual({ factor: 'a00000', field: 'Cou', value: 12758.2462, flag: 'N' });
  });
});
