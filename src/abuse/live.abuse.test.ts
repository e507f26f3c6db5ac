import { type IncomingMessage, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { connectLogger, dataPacket } from '../receiver/test-logger-client.ts';
import { type RunningPlatform, startPlatform } from '../server/start.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';

// Issue 11, finding 5: /api/live is anonymous; ~19,900 streams reached the process's descriptor limit and then
// the API and the HJ 212 receiver refused everyone, with nothing logged. Reproduced with the caps scaled down
// (3 per address, 6 in all) against the real platform on 127.0.0.1; other loopback addresses play other clients.

const MN = 'QBLIVE000000000000000001';
const PW = '135790';
let platform: RunningPlatform;
let clock = Date.parse('2026-05-01T08:00:00+08:00');
const log = memoryLogger('info');
const open: Stream[] = [];

interface Stream {
  status: number;
  res: IncomingMessage;
  /** The first chunk (an event stream's hello, or a refusal's JSON). */
  first: string;
  close(): void;
}

function stream(from: string): Promise<Stream> {
  const url = new URL('/api/live', platform.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress: from, agent: false },
      (res) => {
        res.once('data', (chunk: Buffer) => {
          const s: Stream = {
            status: res.statusCode ?? 0,
            res,
            first: chunk.toString('utf8'),
            close: () => req.destroy(),
          };
          if (s.status === 200) open.push(s);
          resolve(s);
        });
      },
    );
    req.once('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: {
      db: tempDbPath(),
      httpPort: 0,
      tcpPort: 0,
      tcpHost: '127.0.0.1',
      demo: false,
      liveLimits: { maxStreams: 6, maxStreamsPerAddress: 3, logEveryMs: 60_000 },
    },
  });
  platform = await startPlatform(config, { log, now: () => clock });
  await platform.ready;
  const site = await upsertSite(platform.db.db, { code: 'QB-LV1', name: '推送测试站', kind: 'air_station' });
  await upsertDevice(platform.db.db, {
    mn: MN,
    siteId: site.id,
    password: PW,
    factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
  });
  await platform.receiver.registry.reload();
});

afterAll(async () => {
  for (const s of open) s.close();
  await platform?.close();
});

const warnings = (text: string) => log.lines.filter((l) => l.includes(text));

describe('abuse: live streams (finding 5)', () => {
  it('caps streams per address (429) and in total (503), with a message and one warning per period', async () => {
    for (let i = 0; i < 3; i++) expect((await stream('127.0.0.1')).first).toContain('event: hello');
    const mine = await stream('127.0.0.1');
    expect(mine.status).toBe(429);
    expect(JSON.parse(mine.first)).toEqual({
      error: {
        code: 'too_many_streams',
        message: expect.stringMatching(/^此地址的实时推送连接过多 \/ too many live streams/),
      },
    });
    for (const from of ['127.0.0.2', '127.0.0.2', '127.0.0.3']) expect((await stream(from)).status).toBe(200);
    const full = await stream('127.0.0.4');
    expect(full.status).toBe(503);
    expect(full.res.headers['retry-after']).toBe('30');
    expect(JSON.parse(full.first).error.code).toBe('live_busy');
    // A flood of refusals: still one warning per cap and period.
    for (let i = 0; i < 20; i++) expect((await stream(`127.0.1.${i + 1}`)).status).toBe(503);
    expect(warnings('live stream limit 6 reached')).toHaveLength(1);
    expect(warnings('live stream limit 3 per address reached by 127.0.0.1')).toHaveLength(1);
    clock += 60_000;
    expect((await stream('127.0.0.5')).status).toBe(503);
    expect(warnings('live stream limit 6 reached')).toHaveLength(2);
    expect(warnings('refused 20 more since the last warning')).toHaveLength(1);
  });

  it('while the streams are at their cap, the API and the HJ 212 receiver still answer', async () => {
    expect(open).toHaveLength(6);
    const health = await fetch(`${platform.url}/api/health`);
    expect(health.status).toBe(200);
    const logger = await connectLogger(platform.receiver.port);
    logger.send(
      dataPacket({
        qn: '20260501080000001',
        mn: MN,
        pw: PW,
        cn: '2011',
        dataTime: '20260501080000',
        values: { a34004: 9 },
      }),
    );
    expect((await logger.waitForAnswers(1))[0]).toMatchObject({ cn: '9014' });
    logger.close();
  });

  it('a closed stream gives its place back', async () => {
    open.shift()?.close();
    // The server learns of the close asynchronously: ask again a bounded number of times.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      const s = await stream('127.0.0.6');
      status = s.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(200);
  });
});
