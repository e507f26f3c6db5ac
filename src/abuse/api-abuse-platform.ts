/**
 * Abuse-suite support for the HTTP API findings (issue 11: 1, 7, 9, 10, 11): the whole platform (HTTP and the
 * HJ 212 receiver) on free ports of 127.0.0.1, a temporary SQLite file, a fixed clock and a logger whose
 * lines the test reads; four air stations and one registered logger.
 */
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { dataPacket } from '../receiver/test-logger-client.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';

/** 2026-06-15 12:30 Beijing time: the fixed "now" of these tests. */
export const ABUSE_NOW = Date.parse('2026-06-15T12:30:00+08:00');
export const STATIONS = ['QB-T01', 'QB-T02', 'QB-T03', 'QB-T04'] as const;
export const LOGGER_MN = 'QBABUSE00000000000000001';
const LOGGER_PW = '123456';

export interface AbusePlatform {
  platform: RunningPlatform;
  log: ReturnType<typeof memoryLogger>;
  url: string;
  close(): Promise<void>;
}

export async function startAbusePlatform(
  overrides: Partial<Parameters<typeof loadConfig>[0] & object>['overrides'] = {},
): Promise<AbusePlatform> {
  const log = memoryLogger('info');
  const config = loadConfig({
    env: {},
    overrides: { db: tempDbPath(), httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false, ...overrides },
  });
  const platform = await startPlatform(config, { log, now: () => ABUSE_NOW });
  await platform.ready;
  let loggerSite = 0;
  for (const code of STATIONS) {
    const site = await upsertSite(platform.db.db, {
      code,
      name: `测试站 ${code}`,
      kind: 'air_station',
      inDistrictValue: true,
    });
    loggerSite ||= site.id;
  }
  await upsertDevice(platform.db.db, {
    mn: LOGGER_MN,
    siteId: loggerSite,
    password: LOGGER_PW,
    expectedIntervalS: 60,
    offlineAfterMissed: 3,
    factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
  });
  await platform.receiver.registry.reload();
  return { platform, log, url: platform.url, close: () => platform.close() };
}

/** A real-time packet of the registered logger, at minute `minute` after 12:00 on the fixed day. */
export function loggerPacket(minute: number): Buffer {
  const mm = String(minute % 60).padStart(2, '0');
  return dataPacket({
    // QN: YYYYMMDDhhmmsszzz, the milliseconds carrying the packet's number so every QN differs.
    qn: `2026061512${mm}00${String(minute % 1000).padStart(3, '0')}`,
    mn: LOGGER_MN,
    pw: LOGGER_PW,
    cn: '2011',
    dataTime: `20260615${String(12 + Math.floor(minute / 60)).padStart(2, '0')}${mm}00`,
    values: { a34004: 20 + (minute % 7) },
  });
}
