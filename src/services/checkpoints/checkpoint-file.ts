import { createReadStream, promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The checkpoint file: append-only JSON lines (issue 11). It lives outside the database, so whoever rewrites the
 * database does not rewrite it; the platform itself only ever opens it with O_APPEND, where every write lands at
 * the end of the file whatever else writes to it, and nothing written before can be overwritten through it.
 */

/** True when the file exists and its last byte is not a newline (a write cut short by a crash). */
async function endsTorn(file: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Appends `lines` (each without its newline) in one write through O_APPEND ('a'), then syncs, so a checkpoint
 * reported written is on disk. A torn last line is ended first, so it cannot swallow the new ones.
 */
export async function appendCheckpointLines(file: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  for (const line of lines) {
    if (line.includes('\n') || line.includes('\r'))
      throw new RangeError('a checkpoint line has a line break');
  }
  await fs.mkdir(dirname(file), { recursive: true });
  const text = `${(await endsTorn(file)) ? '\n' : ''}${lines.join('\n')}\n`;
  const handle = await fs.open(file, 'a', 0o644);
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface NumberedLine {
  /** 1-based, as an editor counts. */
  lineNo: number;
  line: string;
}

/** The file's lines one at a time (streamed: the file is never read whole); none when it does not exist. */
export async function* readCheckpointLines(file: string): AsyncGenerator<NumberedLine> {
  try {
    await fs.access(file);
  } catch {
    return;
  }
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    yield { lineNo, line };
  }
}
