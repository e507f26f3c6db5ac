import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AbusePlatform, startAbusePlatform } from './api-abuse-platform.ts';

// Issue 11, finding 9: a bad %-escape in the URL answered 500 and its path, decoded, went into the log with its
// CR/LF, so one request could write a fake "admin signed in" line. Now a bad escape is a 400 that logs nothing,
// and no log message can break its line (control characters are escaped in every message).
let p: AbusePlatform;
beforeAll(async () => {
  p = await startAbusePlatform();
});
afterAll(async () => {
  await p?.close();
});

const FORGED = '2026-06-15T04:30:00.000Z INFO  [qingshan:http:auth] admin signed in from 127.0.0.1';
const forgedPath = (prefix: string) => `${prefix}%zz%0d%0a${encodeURIComponent(FORGED)}`;

describe('abuse: bad escapes and forged log lines (finding 9)', () => {
  it('answers a bad %-escape in the path or the query with 400, never 500', async () => {
    for (const path of [
      forgedPath('/'),
      forgedPath('/api/'),
      forgedPath('/station/'),
      `/api/air/report?from=2026-01-01&to=2026-01-02&sites=${forgedPath('')}`,
      `/api/dashboard/hours?${forgedPath('')}=1`,
      '/api/sites?x=%E6%B7',
    ]) {
      const r = await fetch(`${p.url}${path}`);
      expect(r.status, path).toBe(400);
      expect((await r.json()).error.code, path).toBe('bad_escape');
    }
  });

  it('leaves one line per event in the log, none of them forged', async () => {
    // A request whose text does reach the log: a log-in refused for an existing user name would be logged with
    // the name; an unknown one is not — either way, CR/LF in it must not break the line.
    await fetch(`${p.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `admin\r\n${FORGED}`, password: 'x'.repeat(12) }),
    });
    p.log.child('http').error(`GET /x\r\n${FORGED}`);
    expect(p.log.lines.length).toBeGreaterThan(0);
    for (const line of p.log.lines) {
      expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (DEBUG|INFO |WARN |ERROR) \[test/);
    }
    expect(p.log.lines.filter((l) => l.includes('admin signed in'))).toEqual([
      expect.stringContaining(`GET /x\\r\\n${FORGED}`),
    ]);
  });
});
