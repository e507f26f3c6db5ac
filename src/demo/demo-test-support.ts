/** Test helpers for the demo: a fresh in-memory database and an independent count of expected values. */
import { afterEach, beforeEach } from 'vitest';
import { POLLUTANTS } from '#rules/air/types.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { modelMissing } from './air-model.ts';
import { DEMO_SITES } from './demo-sites.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Epoch ms of a local (Asia/Shanghai, UTC+8) wall-clock time. */
export function shanghai(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - 8 * HOUR;
}

/** Values the demo should hold for the hour starts from ≤ t ≤ to over every sample station. */
export function expectedValues(from: number, to: number): number {
  let n = 0;
  for (const site of DEMO_SITES) {
    for (let t = from; t <= to; t += HOUR) {
      for (const p of POLLUTANTS) if (!modelMissing(t, site.seed, p)) n++;
    }
  }
  return n;
}

/** A fresh migrated in-memory SQLite database per test. */
export function useMemoryDb(): () => Db {
  let current: Db | undefined;
  beforeEach(async () => {
    current = await openDb(':memory:');
    await migrateToLatest(current.db);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('database not open');
    return current;
  };
}
