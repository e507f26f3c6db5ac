import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** File types worth compressing; images, fonts (woff2 is already compressed) and archives are not. */
export const PRECOMPRESSED_TYPES = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map']);

/** Smaller files gain less than the headers and a round trip cost (the same threshold as the API's). */
export const PRECOMPRESS_MIN_BYTES = 1024;

export interface PrecompressedFile {
  file: string;
  bytes: number;
  br?: number;
  gz?: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every compressible file of at
 * least PRECOMPRESS_MIN_BYTES under `dir`, when the result is smaller. Done once at build time, so the server
 * sends the best compression at no cost per request.
 */
export async function precompressDir(dir: string): Promise<PrecompressedFile[]> {
  const files = (await filesUnder(dir)).filter((f) => PRECOMPRESSED_TYPES.has(extname(f)));
  // All at once: zlib works in libuv's thread pool, so the files compress in parallel.
  const done = await Promise.all(files.map(precompressFile));
  return done.filter((f): f is PrecompressedFile => f !== undefined);
}

async function precompressFile(file: string): Promise<PrecompressedFile | undefined> {
  const body = await readFile(file);
  if (body.length < PRECOMPRESS_MIN_BYTES) return undefined;
  const [br, gzipped] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gz(body, { level: 9 }),
  ]);
  const entry: PrecompressedFile = { file, bytes: body.length };
  if (br.length < body.length) {
    await writeFile(`${file}.br`, br);
    entry.br = br.length;
  }
  if (gzipped.length < body.length) {
    await writeFile(`${file}.gz`, gzipped);
    entry.gz = gzipped.length;
  }
  return entry;
}

/** A Vite plugin: precompress the build's output once it is written (vite.config.ts). */
export function precompressPlugin(): {
  name: string;
  apply: 'build';
  writeBundle: (o: { dir?: string }) => Promise<void>;
} {
  return {
    name: 'qingshan-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (options.dir) await precompressDir(options.dir);
    },
  };
}
