import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type HttpAnswer, login, USER, useAbusePlatform } from './auth-abuse-platform.ts';

// Issue 11, finding 8: log-in burned the CPU. The rate limit was per address AND username, so guessing random
// usernames never met it; 32 concurrent clients kept both cores busy with scrypt. Now: limits per address, per
// username and in total, and the scrypt work in a small fair queue. Scaled down (small limits) so that every
// answer here costs at most one scrypt and the file stays within seconds.
const LIMITS = {
  perAddressPerMinute: 5,
  perUsernamePerMinute: 10,
  totalPerMinute: 12,
  concurrency: 1,
  maxQueued: 2,
  maxQueuedPerAddress: 2,
};
const current = useAbusePlatform({ login: LIMITS });

const randomName = () => `guess-${randomBytes(6).toString('hex')}`;
const guess = (from: string) => login(current().platform.url, randomName(), 'some-password-guess', from);
const statuses = (answers: HttpAnswer[]) => answers.map((a) => a.status);

/** A new minute: every fixed window starts again. */
const nextMinute = () => current().clock.advance(60_000);

describe('abuse: log-in flood with random usernames', () => {
  it('limits one address guessing random usernames, without holding back a real user elsewhere', async () => {
    nextMinute();
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < 8; i += 1) answers.push(await guess('127.0.0.2'));
    expect(statuses(answers)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(answers[5]?.headers['retry-after']).toBe('60');
    expect(answers[5]?.body).toEqual({
      error: {
        code: 'rate_limited',
        message: '尝试过于频繁，请稍后再试 / too many attempts, try again later',
      },
    });
    expect((await login(current().platform.url, USER.username, USER.password, '127.0.0.9')).status).toBe(200);
    // One warning for the flood, not one per refused request.
    expect(current().log.lines.filter((l) => l.includes('log-in limit reached (address)'))).toHaveLength(1);
  }, 30_000);

  it('limits one username tried from many addresses', async () => {
    nextMinute();
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < 12; i += 1) {
      answers.push(await login(current().platform.url, 'someone', `guess-${i}`, `127.0.0.${2 + (i % 4)}`));
    }
    expect(statuses(answers)).toEqual([...Array(10).fill(401), 429, 429]);
  }, 30_000);

  it('limits the total from many addresses with 503 and Retry-After', async () => {
    nextMinute();
    const answers: HttpAnswer[] = [];
    for (let a = 2; a <= 4; a += 1) {
      for (let i = 0; i < 5; i += 1) answers.push(await guess(`127.0.0.${a}`));
    }
    // 12 admitted in the minute, whatever the address; then the platform says it is busy.
    expect(statuses(answers)).toEqual([...Array(12).fill(401), 503, 503, 503]);
    expect(answers[12]?.headers['retry-after']).toBe('60');
    expect(answers[12]?.body.error.code).toBe('login_busy');
  }, 30_000);

  it('bounds the scrypt queue: a burst from one address meets its share, a burst from many the queue', async () => {
    nextMinute();
    // One address, six at once: one runs or waits per share (2), the rest are refused at once.
    const one = await Promise.all(Array.from({ length: 6 }, () => guess('127.0.0.2')));
    expect(statuses(one).filter((s) => s === 401).length).toBeLessThanOrEqual(LIMITS.maxQueuedPerAddress + 1);
    expect(statuses(one).filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(one.find((a) => a.status === 429)?.headers['retry-after']).toMatch(/^\d+$/);

    nextMinute();
    // Ten addresses at once: one check runs and two wait; the others are told to come back. The real user,
    // from an address that signed someone in before (127.0.0.9, first test), is served ahead of the flood.
    const burst = Array.from({ length: 10 }, (_, i) => guess(`127.0.0.${10 + i}`));
    const real = login(current().platform.url, USER.username, USER.password, '127.0.0.9');
    const many = await Promise.all(burst);
    expect((await real).status).toBe(200);
    const busy = many.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(statuses(many).every((s) => s === 401 || s === 503)).toBe(true);
    expect(busy[0]?.headers['retry-after']).toMatch(/^\d+$/);
    expect(busy[0]?.body.error.code).toBe('login_busy');
  }, 30_000);

  it('answers an unknown username exactly like a known one with a wrong password, through the same gates', async () => {
    nextMinute();
    const known = await login(current().platform.url, USER.username, 'wrong-password', '127.0.0.30');
    const unknown = await login(current().platform.url, randomName(), 'wrong-password', '127.0.0.31');
    expect([known.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(known.body);
  }, 30_000);
});
