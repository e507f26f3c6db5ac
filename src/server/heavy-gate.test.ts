import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { heavyGate } from './heavy-gate.ts';

/** An app whose one route waits until the test releases it, behind a gate of 1 running and 1 queued. */
function gatedApp() {
  const log = memoryLogger();
  const releases: (() => void)[] = [];
  let started = 0;
  const app = new Hono();
  app.use('/heavy', heavyGate({ heavyConcurrent: 1, heavyQueued: 1, retryAfterSeconds: 7 }, log));
  app.get('/heavy', async (c) => {
    started++;
    await new Promise<void>((resolve) => releases.push(resolve));
    return c.text('done');
  });
  return { app, log, releases, started: () => started };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('heavyGate', () => {
  it('runs one, queues one, refuses the third at once with 503 and Retry-After', async () => {
    const { app, log, releases, started } = gatedApp();
    const first = app.request('/heavy');
    const second = app.request('/heavy');
    await tick();
    const third = await app.request('/heavy');
    expect(third.status).toBe(503);
    expect(third.headers.get('Retry-After')).toBe('7');
    expect((await third.json()).error.code).toBe('busy');
    expect(log.lines.some((l) => l.includes('heavy requests refused'))).toBe(true);
    // The queued one starts only when the first is done.
    expect(started()).toBe(1);
    releases.shift()?.();
    expect((await first).status).toBe(200);
    await tick();
    expect(started()).toBe(2);
    releases.shift()?.();
    expect((await second).status).toBe(200);
    // Free again: a new request runs.
    const fourth = app.request('/heavy');
    await tick();
    releases.shift()?.();
    expect((await fourth).status).toBe(200);
  });

  it('frees its slot when the handler fails', async () => {
    const app = new Hono();
    app.onError((_, c) => c.text('failed', 500));
    app.use('/x', heavyGate({ heavyConcurrent: 1, heavyQueued: 0, retryAfterSeconds: 1 }, memoryLogger()));
    app.get('/x', () => {
      throw new Error('boom');
    });
    expect((await app.request('/x')).status).toBe(500);
    expect((await app.request('/x')).status).toBe(500);
  });
});
