import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeLine } from './hj212-commands.ts';
import { encodeJson, numberText, parseJsonObjects } from './hj212-encode-input.ts';

const BIN = fileURLToPath(new URL('../../bin/qingshan.js', import.meta.url));
const SAMPLES = '/work/shared/standards/hj212-samples.txt';
const haveSamples = existsSync(SAMPLES);
if (!haveSamples) console.warn(`\n⚠️  ${SAMPLES} is missing: the HJ 212 sample-packet tests are SKIPPED\n`);

/** Run the real `qingshan` command with `input` on stdin. */
function qingshan(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, QINGSHAN_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const KEYS = ['ok', 'crc', 'version', 'qn', 'st', 'cn', 'pw', 'mn', 'flag', 'values', 'deviations'];
const OPTIONAL = ['reason', 'pnum', 'pno', 'dataTime'];

function sampleLines(): string[] {
  return readFileSync(SAMPLES, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('##'));
}

describe.skipIf(!haveSamples)('qingshan hj212 decode on the real sample packets', () => {
  it('gives every sample the fixed JSON shape, with ok/crc matching the notes of the file', () => {
    const lines = sampleLines();
    expect(lines.length).toBeGreaterThanOrEqual(40);
    for (const line of lines) {
      const json = decodeLine(Buffer.from(line, 'utf8')) as unknown as Record<string, unknown>;
      expect(Object.keys(json).filter((k) => !OPTIONAL.includes(k))).toEqual(KEYS);
      expect(['ok', 'mismatch', 'absent']).toContain(json.crc);
      if (json.ok) expect(json.crc).toBe('ok');
      else expect(json.reason).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('decodes the standard’s own example (附录A) exactly', () => {
    const json = decodeLine(Buffer.from(sampleLines()[0] as string));
    expect(json).toEqual({
      ok: true,
      crc: 'ok',
      version: '2017',
      qn: '20160801085857223',
      st: '32',
      cn: '1062',
      pw: '100000',
      mn: '010000A8900016F000169DC0',
      flag: 5,
      values: [],
      deviations: [],
    });
  });

  it('as a command: one JSON line per packet line from stdin; --crc-policy modbus accepts the MODBUS vendors', async () => {
    const text = readFileSync(SAMPLES, 'utf8'); // comments and blank lines included: they are skipped
    const [standard, modbus] = await Promise.all([
      qingshan(['hj212', 'decode'], text),
      qingshan(['hj212', 'decode', '--crc-policy', 'modbus'], text),
    ]);
    expect(standard.code).toBe(0);
    const a = standard.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const b = modbus.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a).toHaveLength(sampleLines().length);
    const okCount = (xs: { ok: boolean }[]) => xs.filter((x) => x.ok).length;
    expect(okCount(b)).toBeGreaterThan(okCount(a));
    const hourly = a.find((x) => x.cn === '2061' && x.ok);
    expect(hourly.dataTime).toMatch(/^\d{14}$/);
    expect(hourly.values[0]).toMatchObject({
      factor: expect.any(String),
      field: expect.any(String),
      flag: 'N',
    });
  });

  it('reads a file argument the same way, and refuses a missing file with exit 2', async () => {
    const [fromFile, missing] = await Promise.all([
      qingshan(['hj212', 'decode', SAMPLES]),
      qingshan(['hj212', 'decode', '/no/such/file.txt']),
    ]);
    expect(fromFile.stdout.trim().split('\n')).toHaveLength(sampleLines().length);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

describe('qingshan hj212 encode', () => {
  const packet = {
    qn: '20250115100000000',
    st: '22',
    cn: '2011',
    pw: '123456',
    mn: '410611DEA000000000000001',
    flag: 5,
    dataTime: '20250115100000',
    values: [
      { factor: 'a34004', field: 'Rtd', value: 35.1, flag: 'N' },
      { factor: 'a21005', field: 'Rtd', value: '1.198', flag: 'N' },
    ],
  };

  it('round-trips through the CLI: encode → decode gives back the header and values', async () => {
    const encoded = await qingshan(['hj212', 'encode', '--json', JSON.stringify(packet)]);
    expect(encoded.code).toBe(0);
    const line = encoded.stdout.trim();
    expect(line).toMatch(
      /^##\d{4}QN=20250115100000000;ST=22;CN=2011;PW=123456;MN=410611DEA000000000000001;Flag=5;CP=&&DataTime=20250115100000;a34004-Rtd=35.1,a34004-Flag=N;a21005-Rtd=1.198,a21005-Flag=N&&[0-9A-F]{4}$/,
    );
    const decoded = await qingshan(['hj212', 'decode'], `${line}\n`);
    const json = JSON.parse(decoded.stdout);
    expect(json).toMatchObject({
      ok: true,
      crc: 'ok',
      deviations: [],
      qn: packet.qn,
      mn: packet.mn,
      flag: 5,
      dataTime: packet.dataTime,
    });
    expect(json.values).toEqual([
      { factor: 'a34004', field: 'Rtd', value: 35.1, flag: 'N' },
      { factor: 'a21005', field: 'Rtd', value: 1.198, flag: 'N' },
    ]);
  });

  it('takes JSON lines on stdin, and the decoder’s own output back (decode → encode → decode)', async () => {
    const first = encodeJson(packet)[0] as string;
    const decodedJson = JSON.stringify(decodeLine(Buffer.from(first)));
    const out = await qingshan(
      ['hj212', 'encode'],
      `${decodedJson}\n${JSON.stringify({ ...packet, qn: '20250115100000001' })}\n`,
    );
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toBe(first);
    expect(lines[1]).toContain('QN=20250115100000001');
  });

  it('accepts the codec structure with cp as text or object, omits Flag on null, splits with --max-segment', () => {
    const raw = encodeJson({
      qn: '20250115100000000',
      st: '91',
      cn: '9014',
      pw: '123456',
      mn: 'AB',
      flag: 4,
      cp: '',
    })[0];
    expect(raw).toMatch(
      /^##\d{4}QN=20250115100000000;ST=91;CN=9014;PW=123456;MN=AB;Flag=4;CP=&&&&[0-9A-F]{4}$/,
    );
    const legacy = encodeJson({
      st: '31',
      cn: '2011',
      mn: '88888888888888',
      flag: null,
      cp: { dataTime: '20110806122650', factors: [{ code: '02', fields: [{ name: 'Rtd', text: 111 }] }] },
    })[0];
    expect(legacy).toContain('MN=88888888888888;CP=&&DataTime=20110806122650;02-Rtd=111&&');
    const many = {
      ...packet,
      values: Array.from({ length: 60 }, (_, i) => ({
        factor: `a${String(10000 + i)}`,
        field: 'Rtd',
        value: i,
        flag: 'N',
      })),
    };
    const parts = encodeJson(many, { maxSegmentBytes: 400 });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((p, i) => {
      const d = decodeLine(Buffer.from(p));
      expect(d).toMatchObject({ ok: true, pnum: parts.length, pno: i + 1, flag: 7 });
    });
  });

  it('refuses bad JSON and impossible packets with exit 2 and a message', async () => {
    const [notJson, missing, bad] = await Promise.all([
      qingshan(['hj212', 'encode', '--json', '{nope']),
      qingshan(['hj212', 'encode', '--json', '{"st":"22","cn":"2011"}']),
      qingshan(['hj212', 'encode', '--json', '{"st":"22","cn":"2011","mn":"A;B"}']),
    ]);
    expect(notJson.code).toBe(2);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/mn/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot encode/);
  });

  it('writes numbers without exponents and parses objects, arrays and JSON lines', () => {
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(12.5)).toBe('12.5');
    expect(parseJsonObjects('[{"a":1},{"a":2}]')).toHaveLength(2);
    expect(parseJsonObjects('{"a":1}\n{"a":2}\n')).toHaveLength(2);
    expect(parseJsonObjects('{\n "a": 1\n}')).toEqual([{ a: 1 }]);
  });
});
