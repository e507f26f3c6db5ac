import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { countMeasurements } from '../store/measurements.repository.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openDb } from '../store/open-db.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { importAirFiles } from './import-air-files.ts';

// Read in place from the shared data folder (never copied into the project).
const FILE = fileURLToPath(
  new URL('../../../shared/data/beijing-multisite/PRSA_Data_Dongsi_20130301-20170228.csv', import.meta.url),
);
if (!existsSync(FILE)) console.warn(`\n!!! SKIPPED: real Beijing import test — ${FILE} not found.\n`);

/** Non-NA pollutant cells, counted independently of the importer: plain split on commas. */
function expectedValues(text: string): number {
  const [header = '', ...lines] = text.trim().split('\n');
  const names = header.split(',').map((c) => c.replaceAll('"', ''));
  const cols = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'].map((p) => names.indexOf(p));
  let n = 0;
  for (const line of lines) {
    const cells = line.split(',');
    for (const c of cols) if (cells[c] !== 'NA') n++;
  }
  return n;
}

it.skipIf(!existsSync(FILE))('imports a real Beijing file on SQLite: every non-NA value, once', async () => {
  const expected = expectedValues(readFileSync(FILE, 'utf8'));
  const handle = await openDb(':memory:');
  try {
    await migrateToLatest(handle.db);
    const first = await importAirFiles(handle.db, [FILE], { format: 'prsa' });
    expect(first.files[0]).toMatchObject({
      status: 'imported',
      rows: 35_064,
      errorCount: 0,
      createdSites: ['Dongsi'],
    });
    expect(first.totalValues).toBe(expected);
    expect(await countMeasurements(handle.db, EVERY_SITE)).toBe(expected);
    const again = await importAirFiles(handle.db, [FILE], { format: 'prsa' });
    expect(again.files[0]?.createdSites).toEqual([]);
    expect(await countMeasurements(handle.db, EVERY_SITE)).toBe(expected);
  } finally {
    await handle.close();
  }
});
