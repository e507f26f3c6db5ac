import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DB_URL, loadConfig, maskSecrets } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded SQLite default when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.db).toBe(DEFAULT_DB_URL);
    expect(config.demo).toBe(true);
  });

  it('layers defaults, then the file, then the environment, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ httpPort: 9000, db: 'file.sqlite', logLevel: 'warn' }));
    const config = loadConfig({
      file,
      env: { QINGSHAN_DB: 'postgres://u:pw@h/db', QINGSHAN_DEMO: 'false' },
      overrides: { httpPort: 9100 },
    });
    expect(config).toMatchObject({
      httpPort: 9100,
      db: 'postgres://u:pw@h/db',
      demo: false,
      logLevel: 'warn',
    });
  });

  it('fails fast and names every bad key', () => {
    expect(() => loadConfig({ env: { QINGSHAN_HTTP_PORT: 'eighty' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { QINGSHAN_HTTP_PORT: '70000' } })).toThrow(/httpPort/);
  });
});

describe('receiver limits', () => {
  it('are taken from the file, and a misspelt or non-positive one is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ receiverLimits: { maxConnections: 2000, idleTimeoutMs: 300000 } }));
    expect(loadConfig({ file: good, env: {} }).receiverLimits).toEqual({
      maxConnections: 2000,
      idleTimeoutMs: 300000,
    });
    expect(loadConfig({ env: {} }).receiverLimits).toEqual({});
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ receiverLimits: { maxConection: 10, maxBatch: 0 } }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/receiverLimits/);
  });
});

describe('log-in limits and HSTS', () => {
  it('are off or default unless the file says, and a misspelt key is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ login: { perAddressPerMinute: 120 }, hsts: { maxAgeS: 31536000 } }));
    const config = loadConfig({ file: good, env: {} });
    expect(config.login).toEqual({ perAddressPerMinute: 120 });
    expect(config.hsts).toEqual({ maxAgeS: 31536000, includeSubDomains: false });
    const defaults = loadConfig({ env: {} });
    expect(defaults.login).toEqual({});
    expect(defaults.hsts).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ login: { perAdressPerMinute: 1 }, hsts: { maxAge: 1 } }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/login[\s\S]*hsts/);
  });
});

describe('air assessment rules (issue 13)', () => {
  it('default to the day rule by date with no exemption; the file may choose the old rule and exempt pollutants', () => {
    // One `air` key (src/config/air-method.ts): the day rule sits beside the district method, divisors, rounding.
    expect(loadConfig({ env: {} }).air).toMatchObject({ dayRule: 'by-date', exemptPollutants: {} });
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ air: { dayRule: 'all-six', exemptPollutants: { 'QB-T01': ['CO'] } } }),
    );
    expect(loadConfig({ file: good, env: {} }).air).toMatchObject({
      districtMethod: 'hour-first',
      dayRule: 'all-six',
      exemptPollutants: { 'QB-T01': ['CO'] },
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ air: { dayRules: 'all-six' } }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/air/);
  });
});

describe('maskSecrets', () => {
  it('never shows a database password', () => {
    expect(maskSecrets('postgres://postgres:s3cret@127.0.0.1:5432/test')).toBe(
      'postgres://postgres:***@127.0.0.1:5432/test',
    );
    expect(maskSecrets('./data/qingshan.sqlite')).toBe('./data/qingshan.sqlite');
  });
});

describe('node identity and role (issue 14)', () => {
  it('defaults to one node doing everything, its id resolved at start', () => {
    expect(loadConfig({ env: {} }).node).toEqual({ role: 'all' });
  });

  it('layers the file, then QINGSHAN_NODE_ID / QINGSHAN_NODE_ROLE, then flags, key by key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ node: { id: 'from-file', role: 'api' } }));
    expect(loadConfig({ file, env: {} }).node).toEqual({ id: 'from-file', role: 'api' });
    expect(loadConfig({ file, env: { QINGSHAN_NODE_ROLE: 'worker' } }).node).toEqual({
      id: 'from-file',
      role: 'worker',
    });
    expect(
      loadConfig({
        file,
        env: { QINGSHAN_NODE_ID: 'from-env', QINGSHAN_NODE_ROLE: 'worker' },
        overrides: { node: { role: 'receiver' } },
      }).node,
    ).toEqual({ id: 'from-env', role: 'receiver' });
  });

  it('refuses an unknown role, naming the key', () => {
    expect(() => loadConfig({ env: { QINGSHAN_NODE_ROLE: 'everything' } })).toThrow(/node\.role/);
  });
});

describe('outbox', () => {
  it('defaults to a 2 s fallback poll, 7 days of retention, 500 events a call; the file may change them', () => {
    expect(loadConfig({ env: {} }).outbox).toEqual({ pollMs: 2000, retentionDays: 7, batch: 500 });
    const dir = mkdtempSync(join(tmpdir(), 'qs-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ outbox: { retentionDays: 30 } }));
    expect(loadConfig({ file: good, env: {} }).outbox).toEqual({
      pollMs: 2000,
      retentionDays: 30,
      batch: 500,
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ outbox: { pollMs: 0, retention: 3 } }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/outbox/);
  });
});
