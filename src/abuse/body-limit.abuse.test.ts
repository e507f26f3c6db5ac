import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AbusePlatform, startAbusePlatform } from './api-abuse-platform.ts';

// Issue 11, finding 7: no request-body limit — 16 anonymous 50 MB POSTs took the process to 1.1 GB, and a
// 560 MB body was read whole. Now every route refuses a body over httpLimits.maxBodyBytes (here 64 KiB) with
// 413 before reading it whole, whether the client announces its size (Content-Length) or streams it (chunked).
const LIMIT = 64 * 1024;
const ATTACK = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');
let p: AbusePlatform;

beforeAll(async () => {
  p = await startAbusePlatform({ httpLimits: { maxBodyBytes: LIMIT } });
});
afterAll(async () => {
  await p?.close();
});

/**
 * POSTs to the login route (anonymous, CSRF-exempt) a body of `total` bytes, written chunk by chunk only
 * while the server has not answered. Resolves with the status and how many bytes were written by then.
 */
function post(total: number, chunked: boolean): Promise<{ status: number; body: string; written: number }> {
  const url = new URL(`${p.url}/api/auth/login`);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(total) }),
        },
      },
      (res) => {
        answered = true;
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d.toString('utf8');
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, written });
        });
      },
    );
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const pump = () => {
      while (!answered && written < total) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('abuse: request bodies are bounded (finding 7)', () => {
  it('refuses a 50 MB body announced by Content-Length with 413, before it is sent whole', async () => {
    const r = await post(ATTACK, false);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: 'body_too_large', message: expect.stringContaining('request body too large') },
    });
    expect(r.written).toBeLessThan(ATTACK);
  });

  it('refuses a 50 MB chunked body with 413 once the limit is passed, without reading the rest', async () => {
    const r = await post(ATTACK, true);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('body_too_large');
    expect(r.written).toBeLessThan(ATTACK);
  });

  it('refuses sixteen at once, and still answers the API and a small body afterwards', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => post(ATTACK, i % 2 === 0)));
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(413));
    expect((await fetch(`${p.url}/api/health`)).status).toBe(200);
    const small = await fetch(`${p.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong password' }),
    });
    expect(small.status).not.toBe(413);
  });
});
