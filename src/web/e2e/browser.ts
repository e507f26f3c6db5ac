/**
 * Test and screenshot support: Debian's Chromium driven by playwright-core (no browser download), and the
 * whole platform with a small demo on a temporary SQLite file, HTTP and HJ 212 on free ports.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { loadConfig } from '#config/config.ts';
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

/** Builds the web app into dist/web (where the server looks for it). */
export async function buildWeb(): Promise<void> {
  await build({ configFile: fileFromRoot('vite.config.ts'), logLevel: 'warn' });
}

function fileFromRoot(path: string): string {
  return new URL(`../../../${path}`, import.meta.url).pathname;
}

/** The platform with `days` days of demo history (12 sample stations) on a fresh SQLite file. */
export async function startDemoPlatform(days: number, db?: string): Promise<RunningPlatform> {
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
    },
  });
  const platform = await startPlatform(config, { log: createLogger('warn') });
  await platform.ready;
  return platform;
}
