import { describe, expect, it } from 'vitest';
import type { DeviceBody, DeviceStatusBody } from './api.ts';
import { deviceSeriesOption } from './components/devices/device-chart.ts';
import {
  cnLabel,
  deviceRows,
  driftFlagged,
  eventDetail,
  filterRows,
  fmtAgo,
  fmtDrift,
  fmtInterval,
  parameterLabel,
  parameterUnit,
  quarantineReason,
  sortRows,
  stateCounts,
} from './components/devices/device-format.ts';
import { translator } from './i18n.ts';
import { parseRoute } from './router.ts';

const zh = translator('zh');
const en = translator('en');

function device(mn: string, siteCode: string, name: string, extra: Partial<DeviceBody> = {}): DeviceBody {
  return {
    mn,
    siteId: 1,
    siteCode,
    name,
    crcPolicy: 'standard',
    expectedIntervalS: 30,
    offlineAfterMissed: 3,
    enabled: true,
    role: 'main',
    encrypted: false,
    encryptionRequired: false,
    factors: [{ factor: 'a34004', parameter: 'PM2.5', scale: 1 }],
    ...extra,
  };
}
function status(mn: string, state: DeviceStatusBody['state'], extra: Partial<DeviceStatusBody> = {}) {
  return {
    mn,
    state,
    stateSince: null,
    lastSeenAt: null,
    lastPeer: null,
    lastDataTime: null,
    clockDriftMs: null,
    expectedIntervalS: 30,
    ...extra,
  } satisfies DeviceStatusBody;
}

const SITES = [
  { code: 'QB-T01', name: '金山街道站', nameEn: 'Jinshan' },
  { code: 'QB-E03', name: '示例铸造厂排口', nameEn: null },
];
const DEVICES = [
  device('A1', 'QB-T01', '金山街道站 数采仪'),
  device('E3', 'QB-E03', '铸造厂 CEMS'),
  device('X9', 'QB-T01', '备用数采仪'),
];
const STATUSES = [
  status('A1', 'online', { lastSeenAt: 1_000, clockDriftMs: 400_000 }),
  status('E3', 'offline', { lastSeenAt: 5_000, clockDriftMs: -2_000 }),
];

describe('the device table’s rows', () => {
  const rows = deviceRows(DEVICES, STATUSES, SITES, 'zh');

  it('joins registry, health and site names; a device never heard from is 未知', () => {
    expect(rows.map((r) => [r.device.mn, r.state, r.siteName])).toEqual([
      ['A1', 'online', '金山街道站'],
      ['E3', 'offline', '示例铸造厂排口'],
      ['X9', 'unknown', '金山街道站'],
    ]);
    expect(deviceRows(DEVICES, STATUSES, SITES, 'en')[0]?.siteName).toBe('Jinshan');
    expect(deviceRows(DEVICES, STATUSES, [], 'zh')[0]?.siteName).toBe('QB-T01');
    expect(stateCounts(rows)).toEqual({ online: 1, offline: 1, unknown: 1 });
  });

  it('filters by state and by text in name, MN, site name or code', () => {
    expect(filterRows(rows, 'offline', '').map((r) => r.device.mn)).toEqual(['E3']);
    expect(filterRows(rows, '', 'qb-e').map((r) => r.device.mn)).toEqual(['E3']);
    expect(filterRows(rows, '', '金山').map((r) => r.device.mn)).toEqual(['A1', 'X9']);
    expect(filterRows(rows, 'online', '备用')).toEqual([]);
  });

  it('sorts offline first by state, and puts devices never heard from last either way', () => {
    expect(sortRows(rows, 'state', false, 'zh').map((r) => r.device.mn)).toEqual(['E3', 'X9', 'A1']);
    expect(sortRows(rows, 'lastSeen', false, 'zh').map((r) => r.device.mn)).toEqual(['A1', 'E3', 'X9']);
    expect(sortRows(rows, 'lastSeen', true, 'zh').map((r) => r.device.mn)).toEqual(['E3', 'A1', 'X9']);
    expect(sortRows(rows, 'drift', true, 'zh').map((r) => r.device.mn)).toEqual(['A1', 'E3', 'X9']);
    expect(sortRows(rows, 'mn', true, 'zh').map((r) => r.device.mn)).toEqual(['X9', 'E3', 'A1']);
  });
});

describe('times, drift and intervals in words', () => {
  it('says how long ago, in both languages', () => {
    const now = 10 * 86_400_000;
    expect(fmtAgo(null, now, zh)).toBe('从未');
    expect(fmtAgo(now - 2_000, now, zh)).toBe('刚刚');
    expect(fmtAgo(now + 5_000, now, zh)).toBe('刚刚');
    expect(fmtAgo(now - 20_000, now, zh)).toBe('20 秒前');
    expect(fmtAgo(now - 5 * 60_000 - 10, now, zh)).toBe('5 分钟前');
    expect(fmtAgo(now - 3 * 3_600_000, now, en)).toBe('3 h ago');
    expect(fmtAgo(now - 2 * 86_400_000, now, zh)).toBe('2 天前');
  });

  it('signs the drift and flags it beyond five minutes either way', () => {
    expect(fmtDrift(null, zh)).toBe('—');
    expect(fmtDrift(12_400, zh)).toBe('+12 秒');
    expect(fmtDrift(-180_000, zh)).toBe('−3 分钟');
    expect(fmtDrift(0, en)).toBe('±0 s');
    expect(driftFlagged(300_000)).toBe(false);
    expect(driftFlagged(300_001)).toBe(true);
    expect(driftFlagged(-400_000)).toBe(true);
    expect(driftFlagged(null)).toBe(false);
  });

  it('gives an interval in its natural unit', () => {
    expect(fmtInterval(30, zh)).toBe('30 秒');
    expect(fmtInterval(60, zh)).toBe('1 分钟');
    expect(fmtInterval(3600, zh)).toBe('1 小时');
    expect(fmtInterval(90, en)).toBe('90 s');
    expect(fmtInterval(86_400, en)).toBe('1 d');
  });
});

describe('HJ 212 names', () => {
  it('names air parameters and the outlets’ factor codes, with their units', () => {
    expect(parameterLabel('PM2.5', 'zh')).toBe('PM2.5');
    expect(parameterLabel('a21026', 'zh')).toBe('二氧化硫 (a21026)');
    expect(parameterLabel('a21026', 'en')).toBe('Sulphur dioxide (a21026)');
    expect(parameterLabel('x99999', 'zh')).toBe('x99999');
    expect(parameterUnit('CO')).toBe('mg/m³');
    expect(parameterUnit('SO2')).toBe('µg/m³');
    expect(parameterUnit('a01012')).toBe('°C');
  });

  it('says why a packet is in quarantine, and what its command is', () => {
    expect(quarantineReason('unknown MN (not in the device registry)', zh)).toBe(
      '未登记的 MN（设备登记表中没有）',
    );
    expect(quarantineReason('wrong password (PW)', zh)).toBe('密码（PW）错误');
    expect(quarantineReason('device disabled in the registry', en)).toBe('Device disabled');
    expect(quarantineReason('something new', zh)).toBe('something new');
    expect(quarantineReason(null, zh)).toBe('—');
    expect(cnLabel('2011', zh)).toBe('2011 实时数据');
    expect(cnLabel('2061', en)).toBe('2061 hourly data');
    expect(cnLabel('3020', zh)).toBe('3020');
    expect(cnLabel(null, zh)).toBe('—');
  });

  it('explains an online/offline event', () => {
    const base = { id: 1, subject: 'A1' };
    expect(eventDetail({ ...base, at: 0, kind: 'device_offline', detail: { missed: 3 } }, zh)).toBe(
      '连续 3 个间隔无数据',
    );
    expect(
      eventDetail({ ...base, at: 600_000, kind: 'device_online', detail: { offlineSince: 0 } }, zh),
    ).toBe('离线 10 分钟');
    expect(eventDetail({ ...base, at: 0, kind: 'other', detail: null }, zh)).toBe('');
  });
});

describe('the 24-hour chart', () => {
  it('draws values oldest first and breaks the line over a silent stretch', () => {
    const v = (time: number, value: number | null) => ({
      parameter: 'PM2.5',
      period: 'minute',
      time,
      value,
      flag: 'N',
      receivedAt: time,
    });
    const option = deviceSeriesOption(
      [v(600_000, 3), v(120_000, 2), v(60_000, 1), v(0, null)],
      'PM2.5',
      'µg/m³',
      60_000,
      { from: 0, to: 660_000 },
    ) as { series: { data: unknown[] }[] };
    expect(option.series[0]?.data).toEqual([
      [60_000, 1],
      [120_000, 2],
      [180_000, null],
      [600_000, 3],
    ]);
  });
});

describe('the route of 数据接收', () => {
  it('opens a device by its MN', () => {
    expect(parseRoute('/devices')).toEqual({ page: 'devices', mn: null });
    expect(parseRoute('/devices/410611DEA000000000000001')).toEqual({
      page: 'devices',
      mn: '410611DEA000000000000001',
    });
  });
});
