/**
 * Compiles the CLI (and the server it starts) to plain JavaScript in dist/cli/, so `qingshan` starts without
 * compiling TypeScript on every run (tsx took 1–2.5 s per command; issue 12). Run by `npm run build:cli`, which
 * `prepare` (so `npm ci`), `build` (so `npm start`) and `pretest` (so `npm test`) all call.
 *
 * - Packages stay external (better-sqlite3 and pg are native or heavy, and node_modules is there at run time);
 *   only our sources are bundled.
 * - Code splitting keeps each command's modules in their own chunks, loaded when that command runs
 *   (src/cli/command-index.ts), so `--version` and `--help` never load the database layer.
 * - The SQLite writer thread is its own entry (src/receiver/ingest-thread.ts finds it beside the chunk).
 * - dist/cli/inputs.json lists every source file that went in: bin/qingshan.js runs the bundle only while none of
 *   them is newer than it, and otherwise falls back to tsx, so nobody runs code older than the sources.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_OUT_DIR = `${ROOT}dist/cli`;

/** The manifest bin/qingshan.js reads (keep the two in step). */
export interface CliManifest {
  /** The files that went into the bundle, relative to the repository root. */
  inputs: string[];
}

export async function buildCli(outDir = CLI_OUT_DIR): Promise<CliManifest> {
  // Build next to the target and swap, so a CLI started meanwhile never sees half a bundle.
  const staging = `${outDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      qingshan: 'src/cli/main.ts',
      'ingest-thread.worker': 'src/receiver/ingest-thread.worker.ts',
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // `node --enable-source-maps bin/qingshan.js …` maps stack traces to the TypeScript sources.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const manifest: CliManifest = {
    inputs: Object.keys(result.metafile.inputs)
      .filter((p) => !p.startsWith('node_modules/'))
      .sort(),
  };
  // Written last: the bundle is complete once the manifest is there.
  await writeFile(`${staging}/inputs.json`, `${JSON.stringify(manifest, null, 1)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const { inputs } = await buildCli();
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`qingshan CLI: ${inputs.length} source files → dist/cli/qingshan.js (${ms} ms)\n`);
}
