/**
 * `qingshan hj212 decode [file]` and `qingshan hj212 encode`: the HJ 212 codec on the command line, one packet
 * per line. They join the `hj212` group wherever it was created first (the receiver adds `hj212 quarantine`).
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { UserError } from '#services/errors.ts';
import { type CrcPolicy, type DecodeJson, decodePacket, toDecodeJson } from '../protocol/hj212/index.ts';
import { encodeJson, parseJsonObjects } from './hj212-encode-input.ts';

export const CRC_POLICIES: readonly CrcPolicy[] = ['strict', 'standard', 'modbus', 'none'];

/** The `hj212` command group, whoever registers first. */
function hj212Group(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'hj212') ??
    program.command('hj212').description('HJ 212 数据传输 (receiver, codec, simulator)')
  );
}

// ---- decode -------------------------------------------------------------------------------------------------

/** Split a byte stream into lines on LF, keeping raw bytes (a GBK log line must reach the decoder untouched). */
export async function* byteLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buf = rest.length === 0 ? Buffer.from(chunk) : Buffer.concat([rest, Buffer.from(chunk)]);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      yield buf.subarray(start, nl);
      start = nl + 1;
    }
    rest = buf.subarray(start);
  }
  if (rest.length > 0) yield rest;
}

/** A line that holds no packet: blank, or a `#` comment (but `##` starts a packet). */
function isSkippable(line: Buffer): boolean {
  const text = line.toString('latin1').trim();
  return text === '' || (text.startsWith('#') && !text.startsWith('##'));
}

/** The decode JSON in the field order: {ok, reason?, crc, version, qn, st, cn, pw, mn, flag, …}. */
function ordered(j: DecodeJson): DecodeJson {
  return {
    ok: j.ok,
    ...(j.reason !== undefined ? { reason: j.reason } : {}),
    crc: j.crc,
    version: j.version,
    qn: j.qn,
    st: j.st,
    cn: j.cn,
    pw: j.pw,
    mn: j.mn,
    flag: j.flag,
    ...(j.pnum !== undefined ? { pnum: j.pnum } : {}),
    ...(j.pno !== undefined ? { pno: j.pno } : {}),
    ...(j.dataTime !== undefined ? { dataTime: j.dataTime } : {}),
    values: j.values,
    deviations: j.deviations,
  };
}

/**
 * Decode one line (a packet whose CR LF was stripped, as in hj212-samples.txt); undefined for blank and comment
 * lines. The CR LF is put back so the frame is complete (§6.3.1 表2).
 */
export function decodeLine(line: Buffer, crcPolicy: CrcPolicy = 'standard'): DecodeJson | undefined {
  if (isSkippable(line)) return undefined;
  const body = line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line;
  const frame = Buffer.concat([body, Buffer.from('\r\n', 'latin1')]);
  return ordered(toDecodeJson(decodePacket(frame, { crc: crcPolicy })));
}

/** Decode every packet line of `input`, writing one JSON object per line; returns how many were (not) ok. */
export async function decodeStream(
  input: AsyncIterable<Buffer | string>,
  write: (line: string) => Promise<void> | void,
  crcPolicy: CrcPolicy = 'standard',
): Promise<{ ok: number; rejected: number }> {
  const counts = { ok: 0, rejected: 0 };
  for await (const line of byteLines(input)) {
    const json = decodeLine(line, crcPolicy);
    if (json === undefined) continue;
    if (json.ok) counts.ok++;
    else counts.rejected++;
    await write(`${JSON.stringify(json)}\n`);
  }
  return counts;
}

async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

function openInput(file: string | undefined): AsyncIterable<Buffer> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY)
      process.stderr.write('reading HJ 212 packets from stdin, one per line (Ctrl-D ends)\n');
    return process.stdin;
  }
  return createReadStream(file);
}

/** A missing file is the user's to fix (exit 2); a closed stdout (`| head`) just ends the output. */
function ioError(file: string | undefined, err: unknown): void {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EPIPE') return;
  if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES') {
    throw new UserError('bad_file', `无法读取文件 / cannot read ${file}: ${e.code}`);
  }
  throw err;
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

// ---- registration -------------------------------------------------------------------------------------------

export function registerHj212Commands(program: Command): void {
  const group = hj212Group(program);

  group
    .command('decode [file]')
    .description(
      'decode HJ 212 packets, one per line (stdin without a file; blank and # lines skipped), to JSON lines',
    )
    .addOption(
      new Option('--crc-policy <policy>', 'CRC tolerance, as in the device registry')
        .choices([...CRC_POLICIES])
        .default('standard'),
    )
    .action(async (file: string | undefined, opts: { crcPolicy: CrcPolicy }) => {
      try {
        await decodeStream(openInput(file), writeOut, opts.crcPolicy);
      } catch (err) {
        ioError(file, err);
      }
    });

  group
    .command('encode [file]')
    .description(
      'build HJ 212 packets from JSON (an object, an array or JSON lines; --json, a file or stdin)',
    )
    .option(
      '--json <object>',
      'the packet as JSON, e.g. {"st":"22","cn":"2011","pw":"123456","mn":"…","cp":"…"}',
    )
    .option(
      '--max-segment <bytes>',
      'split into sub-packets (PNUM/PNO) above this data-segment size (表2: 1024)',
    )
    .action(async (file: string | undefined, opts: { json?: string; maxSegment?: string }) => {
      const maxSegmentBytes = opts.maxSegment === undefined ? undefined : Number(opts.maxSegment);
      if (maxSegmentBytes !== undefined && !(Number.isInteger(maxSegmentBytes) && maxSegmentBytes > 0)) {
        throw new UserError(
          'bad_arguments',
          `--max-segment 应为正整数 / --max-segment must be a positive integer, not "${opts.maxSegment}"`,
        );
      }
      let source: string;
      if (opts.json !== undefined) source = opts.json;
      else if (file !== undefined && file !== '-') {
        try {
          source = await readFile(file, 'utf8');
        } catch (err) {
          ioError(file, err);
          return;
        }
      } else source = await readAll(openInput(undefined));
      const lines = parseJsonObjects(source).flatMap((json) =>
        encodeJson(json, maxSegmentBytes ? { maxSegmentBytes } : {}),
      );
      try {
        for (const line of lines) await writeOut(`${line}\n`);
      } catch (err) {
        ioError(undefined, err);
      }
    });
}
