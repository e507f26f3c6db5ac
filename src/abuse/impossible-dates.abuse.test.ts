import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AbusePlatform, startAbusePlatform } from './api-abuse-platform.ts';

// Issue 11, finding 10: dates past year 9999 in `at`/`to` answered 500 with a stack trace in the log. Now every
// date and instant a query names must lie within 1900 … 2100: a 400 with a message, nothing in the log.
let p: AbusePlatform;
beforeAll(async () => {
  p = await startAbusePlatform();
});
afterAll(async () => {
  await p?.close();
});

const YEAR_10000 = Date.UTC(10000, 0, 1);

describe('abuse: impossible dates (finding 10)', () => {
  it('answers 400 with a message for dates and instants out of range, and logs no stack', async () => {
    const before = p.log.lines.length;
    for (const path of [
      `/api/dashboard/snapshot?at=${YEAR_10000}`,
      `/api/dashboard/hours?to=${YEAR_10000}`,
      `/api/dashboard/hours?to=${Date.UTC(9999, 11, 31, 23)}`,
      '/api/dashboard/hours?to=1e400',
      '/api/dashboard/days?from=9999-12-31&to=9999-12-31',
      '/api/air/report?from=9999-12-01&to=9999-12-31',
      '/api/air/daily?from=0000-01-01&to=0000-01-02',
      '/api/dashboard/export?from=9999-12-31&to=9999-12-31&format=csv',
      '/api/air/aqi?kind=daily&date=9999-12-31&pm25=30',
      '/api/air/targets?year=9999',
    ]) {
      const r = await fetch(`${p.url}${path}`);
      expect(r.status, path).toBe(400);
      const body = await r.json();
      expect(body.error.message, path).toMatch(/out of range|epoch milliseconds|<=2100/);
      expect(JSON.stringify(body), path).not.toContain('    at ');
    }
    const logged = p.log.lines.slice(before);
    expect(logged.filter((l) => l.includes('ERROR') || l.includes(' at '))).toEqual([]);
  });

  it('still answers the edges of the range', async () => {
    expect((await fetch(`${p.url}/api/dashboard/days?from=2100-12-31&to=2100-12-31`)).status).toBe(200);
    expect((await fetch(`${p.url}/api/dashboard/snapshot?at=${Date.UTC(2100, 11, 31, 15)}`)).status).toBe(
      200,
    );
  });
});
