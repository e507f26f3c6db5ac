import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crcToHex, hj212Crc16, hj212CrcHex } from './crc.ts';
import { dataTimeProblem, dataTimeToEpochMs, parseDataTime } from './data-time.ts';
import { decodePacket } from './decode.ts';
import { toDecodeJson } from './decode-json.ts';
import { encodePacket } from './encode.ts';

/** Frame a data segment correctly (UTF-8 length, 附录A CRC, CR LF). */
function frame(segment: string, opts: { crc?: string; len?: string; tail?: string } = {}): string {
  const len = opts.len ?? String(Buffer.byteLength(segment)).padStart(4, '0');
  return `##${len}${segment}${opts.crc ?? hj212CrcHex(segment)}${opts.tail ?? '\r\n'}`;
}

const SEG =
  'QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801085857;w01001-Rtd=7.1,w01001-Flag=N;w01018-SampleTime=20160801070000,w01018-Rtd=2.2,w01018-Flag=N,w01018-EFlag=A01&&';

function reason(input: string, crc: 'strict' | 'standard' | 'modbus' | 'none' = 'standard') {
  const r = decodePacket(input, { crc });
  return r.ok ? 'ok' : r.reason.code;
}

describe('decodePacket', () => {
  it('decodes a 2017 real-time packet (附录C C.14 layout) into typed fields', () => {
    const r = decodePacket(frame(SEG));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.packet;
    expect(p).toMatchObject({
      version: '2017',
      qn: '20160801085857223',
      st: '32',
      cn: '2011',
      mn: '010000A8900016F000169DC0',
    });
    expect(p.flag).toEqual({ value: 5, versionBits: 1, version: '2017', ackRequired: true, split: false });
    expect(p.cp.dataTime).toMatchObject({ year: 2016, month: 8, day: 1, hour: 8, minute: 58, second: 57 });
    const cod = p.cp.factors[1];
    expect(cod?.flag).toBe('N');
    expect(cod?.fields).toEqual([
      { name: 'SampleTime', text: '20160801070000', value: undefined },
      { name: 'Rtd', text: '2.2', value: 2.2 },
      { name: 'Flag', text: 'N', value: undefined },
      { name: 'EFlag', text: 'A01', value: undefined },
    ]);
    expect(r.deviations).toEqual([]);
  });

  it('rejects with precise reasons', () => {
    expect(reason(SEG)).toBe('bad-header');
    expect(reason(`##01x1${SEG}`)).toBe('bad-length-field');
    expect(reason(frame(SEG, { len: '0999' }))).toBe('length-mismatch');
    expect(reason(frame(SEG, { crc: '0000' }))).toBe('crc-mismatch');
    expect(reason(frame(SEG, { crc: '' }))).toBe('crc-absent');
    expect(reason(frame(SEG, { crc: '?A' }))).toBe('bad-crc-format');
    expect(reason(frame(SEG.replace('CP=&&', 'CP=')))).toBe('bad-cp');
    expect(reason(frame(SEG.replace(';CP=&&', ';XP=&&')))).toBe('bad-cp');
    expect(reason(frame(SEG.replace('MN=010000A8900016F000169DC0;', '')))).toBe('missing-field');
    expect(reason(frame(SEG.replace('QN=20160801085857223;', '')))).toBe('missing-field');
    expect(reason(frame(SEG.replace('Flag=5', 'Flag=x')))).toBe('bad-field');
    expect(reason('##0101QN=2016')).toBe('truncated');
  });

  it('reports found and expected CRC and keeps a partial header for QnRtn=9 answers', () => {
    const r = decodePacket(frame(SEG, { crc: '1234' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatchObject({ code: 'crc-mismatch', crcFound: '1234', crcExpected: hj212CrcHex(SEG) });
    expect(r.partial).toMatchObject({
      qn: '20160801085857223',
      mn: '010000A8900016F000169DC0',
      version: '2017',
    });
  });

  it('never tolerates silently: each tolerance is a deviation, and strict rejects it', () => {
    const lower = frame(SEG, { crc: hj212CrcHex(SEG).toLowerCase() });
    const noCrlf = frame(SEG, { tail: '' });
    const trailing = frame(SEG, { tail: 'xx\r\n' });
    const cases = [
      [lower, 'crc-lowercase'],
      [noCrlf, 'missing-crlf'],
      [trailing, 'trailing-bytes'],
    ] as const;
    for (const [input, code] of cases) {
      const r = decodePacket(input);
      expect(r.ok && r.deviations.map((d) => d.code)).toEqual([code]);
      const strict = decodePacket(input, { crc: 'strict' });
      expect(!strict.ok && strict.reason).toMatchObject({ code: 'not-strict', deviation: { code } });
    }
    expect(reason(frame(SEG), 'strict')).toBe('ok');
  });

  it('counts UTF-8 bytes for the length and handles Chinese log text with separators (附录C C.40)', () => {
    const seg =
      'QN=20160801085857223;ST=32;CN=3020;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20100301145000;PolId=w01018;i11001-Info=//清洗;管路,a=b//&&';
    const r = decodePacket(frame(seg));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.packet.cp.params).toEqual([{ key: 'PolId', text: 'w01018' }]);
    expect(r.packet.cp.factors[0]?.fields[0]).toEqual({
      name: 'Info',
      text: '清洗;管路,a=b',
      value: undefined,
    });
    // Character count instead of bytes (a common vendor bug) is a length mismatch.
    expect(reason(frame(seg, { len: String(seg.length).padStart(4, '0') }))).toBe('length-mismatch');
  });

  it('accepts GBK text with a deviation', () => {
    const seg = 'QN=20160801085857223;ST=32;CN=3020;PW=123456;MN=M1;Flag=5;CP=&&i11001-Info=//清洗管路//&&';
    const gbk = Buffer.concat([
      Buffer.from(seg.slice(0, seg.indexOf('清')), 'latin1'),
      Buffer.from([0xc7, 0xe5, 0xcf, 0xb4, 0xb9, 0xdc, 0xc2, 0xb7]),
      Buffer.from('//&&', 'latin1'),
    ]);
    const crc = crcToHex(hj212Crc16(gbk));
    const bytes = Buffer.concat([
      Buffer.from(`##${String(gbk.length).padStart(4, '0')}`),
      gbk,
      Buffer.from(`${crc}\r\n`),
    ]);
    const r = decodePacket(bytes);
    expect(r.ok && r.deviations.map((d) => d.code)).toEqual(['non-utf8-text']);
    expect(r.ok && r.packet.cp.factors[0]?.fields[0]?.text).toBe('清洗管路');
  });

  it('never throws on random bytes or mutated packets', () => {
    const base = Buffer.from(frame(SEG));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        decodePacket(junk);
        decodePacket(Buffer.concat([Buffer.from('##0'), junk]));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.nat(base.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('strict', 'standard', 'modbus', 'none' as const),
        (i, b, crc) => {
          const copy = Buffer.from(base);
          copy[i] = b;
          const r = decodePacket(copy, { crc });
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('flattens to the CLI JSON shape', () => {
    const json = toDecodeJson(decodePacket(frame(SEG)));
    expect(json).toEqual({
      ok: true,
      crc: 'ok',
      version: '2017',
      qn: '20160801085857223',
      st: '32',
      cn: '2011',
      pw: '123456',
      mn: '010000A8900016F000169DC0',
      flag: 5,
      dataTime: '20160801085857',
      values: [
        { factor: 'w01001', field: 'Rtd', value: 7.1, flag: 'N' },
        { factor: 'w01018', field: 'SampleTime', value: '20160801070000', flag: 'N' },
        { factor: 'w01018', field: 'Rtd', value: 2.2, flag: 'N' },
        { factor: 'w01018', field: 'EFlag', value: 'A01', flag: 'N' },
      ],
      deviations: [],
    });
    const bad = toDecodeJson(decodePacket(frame(SEG, { crc: '0000' })));
    expect(bad).toMatchObject({
      ok: false,
      crc: 'mismatch',
      reason: { code: 'crc-mismatch' },
      mn: '010000A8900016F000169DC0',
    });
  });
});

describe('DataTime helpers', () => {
  it('parses YYYYMMDDhhmmss and converts with a Beijing default offset', () => {
    expect(parseDataTime('20160801085857')).toMatchObject({ year: 2016, month: 8, day: 1, second: 57 });
    expect(parseDataTime('20160231000000')).toBeUndefined();
    expect(dataTimeToEpochMs('20160801080000')).toBe(Date.UTC(2016, 7, 1, 0, 0, 0));
    expect(dataTimeToEpochMs('20160801080000', 0)).toBe(Date.UTC(2016, 7, 1, 8, 0, 0));
    expect(dataTimeToEpochMs('garbage')).toBeUndefined();
  });

  it('refuses impossible dates with a reason, never mapping year 0000 onto 1900', () => {
    expect(parseDataTime('00000101000000')).toBeUndefined();
    expect(dataTimeToEpochMs('00000101000000')).toBeUndefined();
    expect(dataTimeToEpochMs('00990101000000')).toBeUndefined();
    expect(dataTimeProblem('00000101000000')).toMatch(/year 0000 is before 1970/);
    expect(dataTimeProblem('20230229000000')).toMatch(/not a calendar date/);
    expect(dataTimeProblem('2023022900000x')).toMatch(/non-digits/);
    expect(dataTimeProblem('2023')).toMatch(/not YYYYMMDDhhmmss/);
    expect(dataTimeProblem('99991231230000')).toBeUndefined();
    expect(dataTimeToEpochMs('99991231230000')).toBe(Date.UTC(9999, 11, 31, 15));
  });
});

describe('toDecodeJson params', () => {
  it('shows the CP items that are not factor fields, so answers and commands keep their meaning', () => {
    // HJ 212-2017 附录A worked example: CN=1062 sets the real-time interval.
    const line =
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n';
    const json = toDecodeJson(decodePacket(line));
    expect(json).toMatchObject({ ok: true, cn: '1062', values: [], params: { RtdInterval: '30' } });
    const data = toDecodeJson(
      decodePacket(
        encodePacket({
          st: '22',
          cn: '2011',
          pw: '123456',
          mn: 'M1',
          qn: '20240101000000000',
          cp: {
            dataTime: '20240101000000',
            factors: [{ code: 'a34004', fields: [{ name: 'Rtd', text: '35' }] }],
          },
        }),
      ),
    );
    expect(data.params).toBeUndefined();
  });
});
