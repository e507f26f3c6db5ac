import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertDevice } from '#store/devices.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { formatDataTime, formatQn } from '../protocol/hj212/index.ts';
import { adminBearer } from '../test-support/admin-token.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { connectLogger, dataPacket, type LoggerClient, sleep } from './test-logger-client.ts';

// Durability against a process kill: a real `qingshan serve` child on a SQLite file, several loggers streaming,
// SIGKILL mid-stream, restart on the same file — every value that was acknowledged with 9014 must be there.
const BIN = fileURLToPath(new URL('../../bin/qingshan.js', import.meta.url));
const DB = tempDbPath();
// The packets are dated April 2026 and the child runs on the real clock: a wide back-fill window (issue 11)
// keeps them plausible whenever the test runs.
const CONFIG = join(dirname(DB), 'durability.config.json');
writeFileSync(CONFIG, JSON.stringify({ plausibility: { backfillDays: 3660 } }));
const CONNECTIONS = 4;
const PW = '112233';
const T0 = Date.parse('2026-04-01T00:00:00+08:00');
const mnOf = (c: number) => `QBDUR${String(c).padStart(19, '0')}`;
const children: ChildProcess[] = [];

interface Serve {
  child: ChildProcess;
  http: string;
  tcpPort: number;
}

function serve(): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', DB, '--no-demo', '--http-port', '0', '--tcp-port', '0'],
    {
      env: {
        ...process.env,
        QINGSHAN_TCP_HOST: '127.0.0.1',
        QINGSHAN_HTTP_HOST: '127.0.0.1',
        QINGSHAN_DB: '',
        QINGSHAN_CONFIG: CONFIG,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const http = /API\s+(http:\/\/\S+?)\/api\//.exec(out)?.[1];
      const tcp = /HJ 212\s+tcp:\/\/[\d.]+:(\d+)/.exec(out)?.[1];
      if (http && tcp && out.includes('ready\n')) resolve({ child, http, tcpPort: Number(tcp) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}

let auth: Record<string, string>;

beforeAll(async () => {
  const db = await openDb(DB);
  await migrateToLatest(db.db);
  const site = await upsertSite(db.db, { code: 'QB-DUR', name: '耐久测试站', kind: 'air_station' });
  for (let c = 0; c < CONNECTIONS; c++) {
    await upsertDevice(db.db, {
      mn: mnOf(c),
      siteId: site.id,
      password: PW,
      factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
    });
  }
  auth = await adminBearer(db.db);
  await db.close();
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

it('loses no acknowledged value when the receiver is SIGKILLed mid-stream and restarted', async () => {
  const first = await serve();
  const acked = new Map<string, { mn: string; time: number; value: number }>();
  const sent = new Map<string, { mn: string; time: number; value: number }>();
  const loggers: LoggerClient[] = [];
  let stop = false;
  const stream = async (c: number) => {
    const logger = await connectLogger(first.tcpPort);
    loggers.push(logger);
    let seen = 0;
    logger.socket.on('data', () => {
      for (; seen < logger.answers.length; seen++) {
        const a = logger.answers[seen];
        if (a?.ok && a.packet.cn === '9014' && a.packet.qn) {
          const v = sent.get(a.packet.qn);
          if (v) acked.set(a.packet.qn, v);
        }
      }
    });
    // Keep a window of 16 unanswered packets per logger, as fast as the answers allow.
    for (let i = 0; !stop && logger.socket.writable; i++) {
      const time = T0 + i * 1000;
      const qn = formatQn(T0 + c * 100_000_000 + i);
      sent.set(qn, { mn: mnOf(c), time, value: i });
      logger.send(
        dataPacket({
          qn,
          mn: mnOf(c),
          pw: PW,
          cn: '2011',
          dataTime: formatDataTime(time),
          values: { a34004: i },
        }),
      );
      while (!stop && logger.socket.writable && i + 1 - logger.answers.length >= 16) await sleep(1);
    }
  };
  const streams = Array.from({ length: CONNECTIONS }, (_, c) => stream(c));
  while (acked.size < 400) await sleep(5);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  stop = true;
  await Promise.all(streams);
  for (const l of loggers) l.close();
  expect(acked.size).toBeGreaterThanOrEqual(400);

  const second = await serve();
  for (let c = 0; c < CONNECTIONS; c++) {
    const res = await fetch(`${second.http}/api/devices/${mnOf(c)}/data?period=raw&limit=5000`, {
      headers: auth,
    });
    const body = (await res.json()) as { values: { time: number; value: number }[] };
    const stored = new Map(body.values.map((v) => [v.time, v.value]));
    const mine = [...acked.values()].filter((v) => v.mn === mnOf(c));
    const missing = mine.filter((v) => stored.get(v.time) !== v.value);
    expect(missing).toEqual([]);
  }
  // And the restarted receiver works.
  const logger = await connectLogger(second.tcpPort);
  logger.send(
    dataPacket({
      qn: '20260401120000001',
      mn: mnOf(0),
      pw: PW,
      cn: '2011',
      dataTime: '20260401120000',
      values: { a34004: 1 },
    }),
  );
  expect((await logger.waitForAnswers(1))[0]?.cn).toBe('9014');
  logger.close();
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));
  // Every packet the writer thread committed, before and after the kill, is on one unbroken hash chain.
  const db = await openDb(DB);
  const chain = await verifyRawPacketChain(db.db);
  await db.close();
  expect(chain).toMatchObject({ ok: true, unchained: 0 });
  expect(chain.count).toBeGreaterThan(acked.size);
}, 30_000);
