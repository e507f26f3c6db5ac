import { describe, expect, it } from 'vitest';
import {
  loggerOfSource,
  loggerSource,
  mayFeedSite,
  type SiteLogger,
  siteOnline,
} from './logger-precedence.ts';

const main = { mn: 'MAIN', role: 'main' as const };
const backup = { mn: 'BACKUP', role: 'backup' as const };

describe('mayFeedSite: the main wins, a backup fills gaps', () => {
  it('anyone fills an empty (parameter, period, time)', () => {
    expect(mayFeedSite(main)).toBe(true);
    expect(mayFeedSite(backup)).toBe(true);
  });
  it('a backup does not replace the main, nor an import', () => {
    expect(mayFeedSite(backup, { kind: 'logger', ...main })).toBe(false);
    expect(mayFeedSite(backup, { kind: 'other' })).toBe(false);
  });
  it('a later main value replaces the backup’s; a backup may revise its own', () => {
    expect(mayFeedSite(main, { kind: 'logger', ...backup })).toBe(true);
    expect(mayFeedSite(backup, { kind: 'logger', ...backup })).toBe(true);
    expect(mayFeedSite(backup, { kind: 'logger', mn: 'OTHER-BACKUP', role: 'backup' })).toBe(false);
  });
});

const logger = (mn: string, role: SiteLogger['role'], state: SiteLogger['state'], since: number | null) => ({
  mn,
  role,
  state,
  since,
});

describe('siteOnline', () => {
  it('online while its main is online, whatever the backup does', () => {
    const s = siteOnline([logger('M', 'main', 'online', 5), logger('B', 'backup', 'offline', 7)]);
    expect(s).toEqual({ state: 'online', since: 5, viaBackup: false, mn: 'M' });
  });
  it('online through the backup while the main is offline (备用数采仪在线)', () => {
    const s = siteOnline([logger('M', 'main', 'offline', 9), logger('B', 'backup', 'online', 3)]);
    expect(s).toEqual({ state: 'online', since: 3, viaBackup: true, mn: 'B' });
  });
  it('offline when no logger is online, since the last one went offline', () => {
    const s = siteOnline([logger('M', 'main', 'offline', 9), logger('B', 'backup', 'offline', 12)]);
    expect(s).toEqual({ state: 'offline', since: 12, viaBackup: false, mn: 'B' });
  });
  it('a main never heard from and no backup online: unknown, unless someone is offline', () => {
    expect(siteOnline([logger('M', 'main', 'unknown', null)]).state).toBe('unknown');
    expect(
      siteOnline([logger('M', 'main', 'unknown', null), logger('B', 'backup', 'offline', 4)]).state,
    ).toBe('offline');
    expect(siteOnline([]).state).toBe('unknown');
  });
  it('a site with only backups counts them as equals (not "via backup")', () => {
    expect(siteOnline([logger('B', 'backup', 'online', 1)])).toEqual({
      state: 'online',
      since: 1,
      viaBackup: false,
      mn: 'B',
    });
  });
});

describe('sources', () => {
  it('hj212:<MN> round-trips; other sources have no logger', () => {
    expect(loggerOfSource(loggerSource('4106110001'))).toBe('4106110001');
    expect(loggerOfSource('hj212')).toBeNull();
    expect(loggerOfSource('import:prsa')).toBeNull();
  });
});
