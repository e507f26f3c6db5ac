import type { DeviceBody, DeviceStatusBody, PlatformEvent, SiteBody } from '../../api.ts';
import type { Translate } from '../../i18n.ts';
import type { Lang } from '../../i18n-messages.ts';
import { localName } from '../../names.ts';

/** Pure helpers of the 数据接收 page: rows, sorting, filtering, durations, names of HJ 212 codes. */

export type DeviceState = DeviceStatusBody['state'];
export const DEVICE_STATES: readonly DeviceState[] = ['online', 'offline', 'unknown'];

/** A clock drift above this (either way) is flagged. */
export const DRIFT_FLAG_MS = 5 * 60_000;

/** One row of the device table: the registry entry, its health and its site's name. */
export interface DeviceRow {
  device: DeviceBody;
  status: DeviceStatusBody | undefined;
  state: DeviceState;
  siteName: string;
}

/** What the table needs of a site (/api/sites). */
export type SiteName = Pick<SiteBody, 'code' | 'name' | 'nameEn'>;

export function deviceRows(
  devices: readonly DeviceBody[],
  statuses: readonly DeviceStatusBody[],
  sites: readonly SiteName[],
  lang: Lang,
): DeviceRow[] {
  const byMn = new Map(statuses.map((s) => [s.mn, s]));
  const byCode = new Map(sites.map((s) => [s.code, s]));
  return devices.map((device) => {
    const status = byMn.get(device.mn);
    const site = device.siteCode ? byCode.get(device.siteCode) : undefined;
    const siteName = site ? localName(site, lang) : (device.siteCode ?? `#${device.siteId}`);
    return { device, status, state: status?.state ?? 'unknown', siteName };
  });
}

export function stateCounts(rows: readonly DeviceRow[]): Record<DeviceState, number> {
  const counts: Record<DeviceState, number> = { online: 0, offline: 0, unknown: 0 };
  for (const r of rows) counts[r.state]++;
  return counts;
}

export type SortKey =
  | 'name'
  | 'mn'
  | 'site'
  | 'state'
  | 'lastSeen'
  | 'lastData'
  | 'drift'
  | 'interval'
  | 'crc';

/** Offline first when sorting by state: what needs attention. */
const STATE_ORDER: Record<DeviceState, number> = { offline: 0, unknown: 1, online: 2 };

function sortValue(r: DeviceRow, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return r.device.name ?? r.device.mn;
    case 'mn':
      return r.device.mn;
    case 'site':
      return r.device.siteCode ?? '';
    case 'state':
      return STATE_ORDER[r.state];
    case 'lastSeen':
      return r.status?.lastSeenAt ?? null;
    case 'lastData':
      return r.status?.lastDataTime ?? null;
    case 'drift':
      return r.status?.clockDriftMs === null || r.status?.clockDriftMs === undefined
        ? null
        : Math.abs(r.status.clockDriftMs);
    case 'interval':
      return r.device.expectedIntervalS;
    case 'crc':
      return r.device.crcPolicy;
  }
}

/** Sorted by `key`; rows without a value (never heard from) last either way; ties by MN. */
export function sortRows(rows: readonly DeviceRow[], key: SortKey, desc: boolean, lang: Lang): DeviceRow[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
      return a.device.mn.localeCompare(b.device.mn);
    }
    const c =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y), lang === 'zh' ? 'zh-CN' : 'en');
    return (desc ? -c : c) || a.device.mn.localeCompare(b.device.mn);
  });
}

/** Rows in `state` (all when empty) whose name, MN, site name or site code contain the text (any case). */
export function filterRows(rows: readonly DeviceRow[], state: DeviceState | '', text: string): DeviceRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (state === '' || r.state === state) &&
      (needle === '' ||
        [r.device.name ?? '', r.device.mn, r.siteName, r.device.siteCode ?? ''].some((s) =>
          s.toLowerCase().includes(needle),
        )),
  );
}

/** A length of time, rounded down to its largest unit: 45 秒, 12 分钟, 3 小时, 2 天. */
export function fmtDuration(ms: number, t: Translate): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return t('durSeconds', { n: s });
  if (s < 3600) return t('durMinutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('durHours', { n: Math.floor(s / 3600) });
  return t('durDays', { n: Math.floor(s / 86_400) });
}

/** How long ago: 刚刚, 20 秒前, 5 分钟前, 2 小时前, 3 天前 (a time in the future counts as now). */
export function fmtAgo(at: number | null, now: number, t: Translate): string {
  if (at === null) return t('never');
  const s = Math.floor(Math.max(0, now - at) / 1000);
  if (s < 5) return t('agoNow');
  if (s < 60) return t('agoSeconds', { n: s });
  if (s < 3600) return t('agoMinutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('agoHours', { n: Math.floor(s / 3600) });
  return t('agoDays', { n: Math.floor(s / 86_400) });
}

/** A signed drift: +12 秒 (the logger's clock is behind), −3 分钟 (ahead), — unknown. */
export function fmtDrift(ms: number | null, t: Translate): string {
  if (ms === null) return '—';
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  return `${sign}${fmtDuration(ms, t)}`;
}

export const driftFlagged = (ms: number | null | undefined): boolean =>
  ms !== null && ms !== undefined && Math.abs(ms) > DRIFT_FLAG_MS;

/** An interval in its natural unit: 30 秒, 1 分钟, 1 小时 (an exact multiple only, else seconds). */
export function fmtInterval(seconds: number, t: Translate): string {
  if (seconds % 86_400 === 0) return t('durDays', { n: seconds / 86_400 });
  if (seconds % 3600 === 0) return t('durHours', { n: seconds / 3600 });
  if (seconds % 60 === 0) return t('durMinutes', { n: seconds / 60 });
  return t('durSeconds', { n: seconds });
}

/** Names and units of HJ 212 factor codes (HJ 212-2017 表B.1/B.2; O3 from HJ 524) that the demo and stations use. */
const FACTORS: Record<string, { zh: string; en: string; unit?: string }> = {
  a34004: { zh: '细颗粒物 PM2.5', en: 'PM2.5' },
  a34002: { zh: '可吸入颗粒物 PM10', en: 'PM10' },
  a21026: { zh: '二氧化硫', en: 'Sulphur dioxide', unit: 'mg/m³' },
  a21004: { zh: '二氧化氮', en: 'Nitrogen dioxide', unit: 'mg/m³' },
  a21005: { zh: '一氧化碳', en: 'Carbon monoxide', unit: 'mg/m³' },
  a05024: { zh: '臭氧', en: 'Ozone', unit: 'mg/m³' },
  a21002: { zh: '氮氧化物', en: 'Nitrogen oxides', unit: 'mg/m³' },
  a21003: { zh: '一氧化氮', en: 'Nitric oxide', unit: 'mg/m³' },
  a34013: { zh: '烟尘', en: 'Smoke dust', unit: 'mg/m³' },
  a19001: { zh: '氧气含量', en: 'Oxygen', unit: '%' },
  a01012: { zh: '烟气温度', en: 'Flue-gas temperature', unit: '°C' },
  a01013: { zh: '烟气压力', en: 'Flue-gas pressure', unit: 'kPa' },
  a01011: { zh: '烟气流速', en: 'Flue-gas velocity', unit: 'm/s' },
  a01014: { zh: '烟气湿度', en: 'Flue-gas humidity', unit: '%' },
  a00000: { zh: '废气流量', en: 'Flue-gas flow', unit: 'm³/s' },
  a01001: { zh: '温度', en: 'Temperature', unit: '°C' },
  a01002: { zh: '湿度', en: 'Humidity', unit: '%' },
  a01006: { zh: '气压', en: 'Air pressure', unit: 'kPa' },
  a01007: { zh: '风速', en: 'Wind speed', unit: 'm/s' },
  a01008: { zh: '风向', en: 'Wind direction', unit: '°' },
  w01018: { zh: '化学需氧量', en: 'COD', unit: 'mg/L' },
  w21003: { zh: '氨氮', en: 'Ammonia nitrogen', unit: 'mg/L' },
  w01001: { zh: 'pH 值', en: 'pH' },
  w00000: { zh: '废水流量', en: 'Waste-water flow', unit: 'L/s' },
};

/** The platform's air parameters: plain names (HTML typesets them with <Chem>), units as stored (CO mg/m³, others µg/m³). */
const PARAMETERS: Record<string, { zh: string; en: string; unit: string }> = {
  'PM2.5': { zh: 'PM2.5', en: 'PM2.5', unit: 'µg/m³' },
  PM10: { zh: 'PM10', en: 'PM10', unit: 'µg/m³' },
  SO2: { zh: 'SO2', en: 'SO2', unit: 'µg/m³' },
  NO2: { zh: 'NO2', en: 'NO2', unit: 'µg/m³' },
  CO: { zh: 'CO', en: 'CO', unit: 'mg/m³' },
  O3: { zh: 'O3', en: 'O3', unit: 'µg/m³' },
};

export function factorName(code: string, lang: Lang): string | undefined {
  const f = FACTORS[code];
  return f ? f[lang] : undefined;
}

/** A parameter as shown: an air pollutant's label, or a factor code's name (outlets store under the codes). */
export function parameterLabel(parameter: string, lang: Lang): string {
  const p = PARAMETERS[parameter];
  if (p) return p[lang];
  const f = FACTORS[parameter];
  return f ? `${f[lang]} (${parameter})` : parameter;
}

/** The stored unit of a parameter, when known. */
export function parameterUnit(parameter: string): string | undefined {
  return PARAMETERS[parameter]?.unit ?? FACTORS[parameter]?.unit;
}

/** A quarantine reason in the reader's language, when it is one the receiver gives; else as recorded. */
export function quarantineReason(reason: string | null, t: Translate): string {
  if (reason === null || reason === '') return '—';
  if (/unknown MN/i.test(reason)) return t('qReason.unknownMn');
  if (/disabled/i.test(reason)) return t('qReason.disabled');
  if (/password|\bPW\b/i.test(reason)) return t('qReason.password');
  return reason;
}

const KNOWN_CN = new Set(['2011', '2051', '2061', '2031', '2041', '9021', '9022', '9013', '9014', '9015']);

/** A command number with its meaning: 2011 实时数据. */
export function cnLabel(cn: string | null, t: Translate): string {
  if (cn === null) return '—';
  return KNOWN_CN.has(cn) ? `${cn} ${t(`cn.${cn}` as Parameters<Translate>[0])}` : cn;
}

/** What an online/offline event says beyond its kind: missed intervals, or how long the device was away. */
export function eventDetail(e: PlatformEvent, t: Translate): string {
  const d = (e.detail ?? {}) as { missed?: unknown; offlineSince?: unknown };
  if (e.kind === 'device_offline' && typeof d.missed === 'number') return t('eventMissed', { n: d.missed });
  if (e.kind === 'device_online' && typeof d.offlineSince === 'number')
    return t('eventOfflineFor', { d: fmtDuration(e.at - d.offlineSince, t) });
  return '';
}
