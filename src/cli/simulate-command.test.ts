import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '#services/errors.ts';
import { startTestReceiver, type TestReceiver } from '../simulator/test-receiver.ts';
import { runQingshan } from '../test-support/run-cli.ts';
import { parseDuration, parseSimTime, parseTarget } from './simulate-command.ts';

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
    expect(() => parseTarget('host:99999')).toThrow(UserError);
    expect(parseSimTime('2025-01-15T08:00', 'x')).toBe(Date.UTC(2025, 0, 15, 0));
    expect(parseSimTime('2025-01-15', 'x')).toBe(Date.UTC(2025, 0, 14, 16));
    expect(parseSimTime('2025-01-15T08:00:00Z', 'x')).toBe(Date.UTC(2025, 0, 15, 8));
  });
});
