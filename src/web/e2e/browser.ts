/**
 * Test and screenshot support: Debian's Chromium driven by playwright-core (no browser download), and the
 * whole platform with a small demo on a temporary SQLite file, HTTP and HJ 212 on free ports.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { type Config, loadConfig } from '#config/config.ts';
import { createLogger } from '#services/logger.ts';
import { type RunningPlatform, startPlatform } from '../../server/start.ts';

export const CHROMIUM = process.env.QINGSHAN_CHROMIUM ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Builds the web app into dist/web (where the server looks for it), unless the build there is of exactly these
 * sources. Test files run in parallel processes: a lock lets one build while the others wait, so no file's
 * server sees dist/web emptied under it.
 */
export async function buildWeb(): Promise<void> {
  const stamp = fileFromRoot('dist/.web-build-hash');
  await withLock(fileFromRoot('dist/.web-build-lock'), async () => {
    const hash = webSourceHash();
    if (
      existsSync(stamp) &&
      readFileSync(stamp, 'utf8') === hash &&
      existsSync(fileFromRoot('dist/web/index.html'))
    )
      return;
    await build({ configFile: fileFromRoot('vite.config.ts'), logLevel: 'warn' });
    writeFileSync(stamp, hash);
  });
}

/** SHA-256 over what the web build reads: src/web (not its tests), the shared contract, the Vite config. */
function webSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'e2e') walk(path);
      } else {
        hash.update(path).update(readFileSync(path));
      }
    }
  };
  walk(fileFromRoot('src/web'));
  walk(fileFromRoot('src/contract'));
  hash.update(readFileSync(fileFromRoot('vite.config.ts')));
  hash.update(readFileSync(fileFromRoot('package-lock.json')));
  return hash.digest('hex');
}

/** Runs `work` holding a lock directory (taken over when older than 5 minutes: a crashed holder). */
async function withLock(lock: string, work: () => Promise<void>): Promise<void> {
  mkdirSync(join(lock, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function fileFromRoot(path: string): string {
  return new URL(`../../../${path}`, import.meta.url).pathname;
}

/** The platform with `days` days of demo history (12 sample stations) on a fresh SQLite file. */
/** `now`: a fixed clock for tests that depend on the date or the hour (default the real one). */
export async function startDemoPlatform(
  days: number,
  db?: string,
  now?: () => number,
  /** Config `air` (issue 13): district method, divisors, rounding table. */
  air?: Config['air'],
): Promise<RunningPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'qingshan-web-'));
  const config = loadConfig({
    env: {},
    overrides: {
      db: db ?? join(dir, 'demo.sqlite'),
      httpPort: 0,
      tcpPort: 0,
      tcpHost: '127.0.0.1',
      demo: true,
      demoHistoryDays: days,
      logLevel: 'warn',
      ...(air ? { air } : {}),
    },
  });
  const platform = await startPlatform(config, { log: createLogger('warn'), ...(now ? { now } : {}) });
  await platform.ready;
  return platform;
}
