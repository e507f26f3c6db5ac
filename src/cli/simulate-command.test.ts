import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '#services/errors.ts';
import { startTestReceiver, type TestReceiver } from '../simulator/test-receiver.ts';
import { runQingshan } from '../test-support/run-cli.ts';
import { parseDuration, parseSimTime, parseTarget, receiverTargets } from './simulate-command.ts';

const qingshan = (...args: string[]) => runQingshan(args);

describe('qingshan simulate', () => {
  let receiver: TestReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('sends the chosen sites to the receiver at speed, prints counts, and stops after --duration', async () => {
    receiver = await startTestReceiver();
    const { code, stdout } = await qingshan(
      'simulate',
      '--to',
      `127.0.0.1:${receiver.port}`,
      '--sites',
      'QB-T01,QB-E01',
      '--speed',
      '3600',
      '--start',
      '2025-01-15T08:00',
      '--scenario',
      'station-spike',
      '--duration',
      '2s',
      '--report-every',
      '500ms',
      '--ack-timeout',
      '1s',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /simulating 2 logger\(s\) → 127\.0\.0\.1:\d+ at 3600× from 2025-01-15 08:00:00 \+08/,
    );
    expect(stdout).toMatch(/scenario: station-spike on QB-T01/);
    expect(stdout).toMatch(/\[2025-01-15 \d\d:\d\d:\d\d \+08\] sent \d+ \(2011:\d+ 2051:\d+/);
    const done = /done .* sent (\d+) .* acked (\d+) .* given-up 0/.exec(stdout);
    expect(done).not.toBeNull();
    expect(Number(done?.[1])).toBeGreaterThan(50);
    expect(done?.[2]).toBe(done?.[1]);
    expect(new Set(receiver.packets.map((p) => p.packet.mn))).toEqual(
      new Set(['410611DEA000000000000001', '410611DEE000000000000001']),
    );
    expect(receiver.rejected).toEqual([]);
  });

  it('takes several --receiver addresses and fails over from one that refuses to the next', async () => {
    const gone = await startTestReceiver();
    const deadPort = gone.port;
    await gone.close();
    receiver = await startTestReceiver();
    const { code, stdout } = await qingshan(
      'simulate',
      '--receiver',
      `127.0.0.1:${deadPort}`,
      '--receiver',
      `127.0.0.1:${receiver.port}`,
      '--sites',
      'QB-T01',
      '--speed',
      '3600',
      '--start',
      '2025-01-15T08:00',
      '--duration',
      '2s',
      '--ack-timeout',
      '1s',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`→ 127.0.0.1:${deadPort}, 127.0.0.1:${receiver.port} at 3600×`);
    const done = /done .* sent (\d+) .* acked (\d+) .* given-up 0 .* failovers (\d+)/.exec(stdout);
    expect(done).not.toBeNull();
    expect(Number(done?.[1])).toBeGreaterThan(20);
    expect(done?.[2]).toBe(done?.[1]);
    expect(Number(done?.[3])).toBeGreaterThanOrEqual(1);
    expect(receiver.packets.length).toBeGreaterThan(20);
  });

  it('refuses an unknown site, a bad address and a scenario without a fitting logger (exit 2)', async () => {
    const [site, to, scenario] = await Promise.all([
      qingshan('simulate', '--sites', 'QB-X99', '--duration', '1s'),
      qingshan('simulate', '--to', 'nowhere', '--duration', '1s'),
      qingshan('simulate', '--sites', 'QB-T01', '--scenario', 'outlet-exceedance', '--duration', '1s'),
    ]);
    expect(site.code).toBe(2);
    expect(site.stderr).toMatch(/no demo device for QB-X99/);
    expect(to.code).toBe(2);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/outlet/);
  });

  it('parses durations, addresses and Beijing times', () => {
    expect(parseDuration('30s', 'x')).toBe(30_000);
    expect(parseDuration('5m', 'x')).toBe(300_000);
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration('2', 'x')).toBe(2_000);
    expect(() => parseDuration('soon', 'x')).toThrow(UserError);
    expect(parseTarget('127.0.0.1:8212')).toEqual({ host: '127.0.0.1', port: 8212 });
    expect(parseTarget('[::1]:8212')).toEqual({ host: '::1', port: 8212 });
    // --to first (the old option keeps working), then each --receiver in order; none = the configured port.
    expect(receiverTargets('a:1', ['b:2', 'c:3'], () => 8212)).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
      { host: 'c', port: 3 },
    ]);
    expect(receiverTargets(undefined, [], () => 8212)).toEqual([{ host: '127.0.0.1', port: 8212 }]);
    expect(() => receiverTargets(undefined, ['nowhere'], () => 8212)).toThrow(/--receiver/);
    expect(() => parseTarget('host:99999')).toThrow(UserError);
    expect(parseSimTime('2025-01-15T08:00', 'x')).toBe(Date.UTC(2025, 0, 15, 0));
    expect(parseSimTime('2025-01-15', 'x')).toBe(Date.UTC(2025, 0, 14, 16));
    expect(parseSimTime('2025-01-15T08:00:00Z', 'x')).toBe(Date.UTC(2025, 0, 15, 8));
  });
});
