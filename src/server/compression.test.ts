import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../build/precompress.ts';
import { compressAnswers } from './compress-answers.ts';
import { chooseEncoding } from './content-encoding.ts';
import { serveWeb } from './web-routes.ts';

// The web app's files and the API's answers, compressed as app.ts composes them: compressAnswers on every
// answer, serveWeb for what no route takes. Served by @hono/node-server on a free port, read with fetch
// (which sends Accept-Encoding: gzip, deflate, br) or with a raw header to see the bytes on the wire.
const root = mkdtempSync(join(tmpdir(), 'qs-web-'));
const ASSET = 'assets/chart-DxbehQOq.js';
const script = `export const series = [${Array.from({ length: 4000 }, (_, i) => (i * 7919) % 1000).join(',')}];\n`;
const bigJson = { rows: Array.from({ length: 300 }, (_, i) => ({ code: `QB-T${i}`, pm25: i % 97 })) };

let url: string;
let close: () => void;
beforeAll(async () => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, ASSET), script);
  writeFileSync(join(root, 'index.html'), `<!doctype html><title>青山</title>${'<p>x</p>'.repeat(300)}`);
  writeFileSync(join(root, 'assets/tiny-Ab12Cd34.js'), 'export {};\n');
  await precompressDir(root);
  const app = new Hono();
  app.use('*', compressAnswers());
  app.get('/api/big', (c) => c.json(bigJson));
  app.get('/api/small', (c) => c.json({ status: 'ok' }));
  app.get('/api/stream', (c) => {
    // An event stream that sends one event and then stays open, as /api/live does between events.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: hello\ndata: {}\n\n'));
      },
    });
    return c.body(body, 200, { 'Content-Type': 'text/event-stream' });
  });
  app.notFound((c) => serveWeb(c, root));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

/** The body as sent, undecoded: node's fetch would decode it and hide what crossed the wire. */
async function raw(path: string, acceptEncoding: string) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    request(`${url}${path}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('hashed assets', () => {
  it('come as brotli with a year of immutable caching, and decompress to the original', async () => {
    const res = await raw(`/${ASSET}`, 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body.length).toBeLessThan(script.length / 2);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('come as gzip to a client without brotli, and as they are to one that accepts neither', async () => {
    const gz = await raw(`/${ASSET}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await raw(`/${ASSET}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
    const refused = await raw(`/${ASSET}`, 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('a file too small to gain goes uncompressed (no variant was written)', async () => {
    const res = await raw('/assets/tiny-Ab12Cd34.js', 'br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('export {};\n');
  });
});

describe('index.html and client-side routes', () => {
  it('are revalidated every time (no-cache) with a validator that answers 304', async () => {
    const page = await raw('/map', 'br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>青山</title>');
    const again = await fetch(`${url}/map`, { headers: { 'If-None-Match': page.headers.etag as string } });
    expect(again.status).toBe(304);
  });
});

describe('API answers', () => {
  it('are compressed from 1 kB on, and decode to the same JSON', async () => {
    const res = await raw('/api/big', 'gzip, br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(JSON.parse(brotliDecompressSync(res.body).toString())).toEqual(bigJson);
    expect(await (await fetch(`${url}/api/big`)).json()).toEqual(bigJson);
  });

  it('go as they are below 1 kB', async () => {
    const res = await raw('/api/small', 'gzip, br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok' });
  });

  it('an event stream is never compressed nor held back: its first event arrives while it stays open', async () => {
    const controller = new AbortController();
    // A compressor would hold the event until the stream ends, which it never does: the guard ends the wait.
    const firstEvent = async () => {
      const res = await fetch(`${url}/api/stream`, {
        headers: { 'Accept-Encoding': 'gzip, br' },
        signal: controller.signal,
      });
      expect(res.headers.get('content-encoding')).toBeNull();
      const { value } = await (res.body as ReadableStream<Uint8Array>).getReader().read();
      return new TextDecoder().decode(value);
    };
    const first = await Promise.race([
      firstEvent(),
      new Promise<string>((resolve) => setTimeout(() => resolve('held back'), 5000)),
    ]);
    expect(first).toContain('event: hello');
    controller.abort();
  });
});

describe('chooseEncoding (RFC 9110 §12.5.3)', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['identity', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
