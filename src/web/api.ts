import type { z } from 'zod';
import type {
  DeviceCreateBody,
  DeviceKeyBody,
  DeviceSecretsBody,
  DeviceUpdateBody,
  DustDayBody,
  DustDayCreateBody,
  ExternalFigureKey,
  FigureBody,
  FigurePutBody,
  SiteAdminBody,
  SiteCreateBody,
  SiteUpdateBody,
} from '#contract/admin-data.ts';
import type { ReportNote } from '#contract/air-responses.ts';
import type { AuditPageBody, AuditQueryParams, AuditVerifyBody } from '#contract/audit.ts';
import type {
  CreatedTokenBody,
  MeBody,
  PasswordChangedBody,
  ResetPasswordResult,
  SessionBody,
  TokenBody,
  UpdateUserBody,
} from '#contract/auth.ts';
import type {
  DaysBody,
  HoursBody,
  OverviewBody,
  PeriodChangeBody,
  RoundingTableBody,
  SnapshotBody,
} from '#contract/dashboard.ts';
import type {
  DeviceBody,
  DeviceStatusBody,
  deviceValue,
  eventBody,
  QuarantineItem,
  RefusedPacket,
} from '#contract/devices.ts';
import type { JobsAnswer, JobsQuery, JobView } from '#contract/jobs.ts';
import type { MyOutletsBody } from '#contract/my-outlets.ts';

/** The typed client of the dashboard's endpoints (types from the shared contract, src/contract/). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The cookie session's CSRF token (from log-in or /api/auth/me), sent as X-CSRF-Token on every unsafe request,
 * and what to do when a call answers 401 (the app sends the user to the log-in page).
 */
const session: { csrfToken: string | undefined; onUnauthorized: () => void } = {
  csrfToken: undefined,
  onUnauthorized: () => {},
};

export function setCsrfToken(token: string | undefined): void {
  session.csrfToken = token;
}

export function onUnauthorized(handler: () => void): void {
  session.onUnauthorized = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A 401 is an answer here (log-in, "who am I"), not a reason to go to the log-in page. */
  quiet401?: boolean;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { message?: string; code?: string };
    } | null;
    if (res.status === 401 && !options.quiet401) session.onUnauthorized();
    throw new ApiError(
      body?.error?.message ?? `${res.status} ${res.statusText}`,
      res.status,
      body?.error?.code,
    );
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return request<T>(query ? `${path}?${query}` : path);
}

export interface SiteInfo {
  code: string;
  name: string;
  nameEn: string | null;
  townshipId: string | null;
  isSample: boolean;
}

/** A site of any kind (/api/sites without a kind): an air station or an enterprise outlet (排口). */
export type AnySite = SiteInfo & { kind: 'air_station' | 'outlet' };

/** The filter of the audit trail (/api/audit), as the contract defines it: times are epoch ms, `to` exclusive. */
export type AuditFilter = Omit<AuditQueryParams, 'page' | 'pageSize'>;
export type AuditEntry = AuditPageBody['entries'][number];

/** The report of /api/air/report (the fields the pages read). */
export interface PollutantFigures {
  validDays: number;
  mean: number | null;
  p98?: number | null;
  p95?: number | null;
  p90?: number | null;
  complies: boolean | null;
}
export interface ReportFigures {
  validDays: number;
  goodDays: number;
  heavyDays: number;
  goodRatio: number | null;
  heavyRatio: number | null;
  compositeIndex: number | null;
  enoughDays: boolean | null;
  levelCounts: number[];
  pollutants: Record<string, PollutantFigures>;
}
/** Rank by composite index (shared on ties), its change since the period before, 环比 and 同比. */
export interface PlaceComparison {
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  mom: PeriodChangeBody | null;
  yoy: PeriodChangeBody | null;
}
export interface AirReport {
  /** The complete days reported: `to` is never a day that is not over. */
  from: string;
  to: string;
  period: {
    requestedFrom: string;
    requestedTo: string;
    kind: 'year' | 'quarter' | 'month' | 'custom';
    calendarDays: number;
    completeDays: number;
    partial: boolean;
    lastCompleteDay: string;
    assessable: boolean;
    previous: { from: string; to: string } | null;
    lastYear: { from: string; to: string } | null;
    notCompared: 'too-long' | null;
  };
  spansRuleSets: boolean;
  stations: {
    code: string;
    name: string;
    nameEn: string | null;
    isSample: boolean;
    townshipId: string | null;
  }[];
  /** The figures deduct sand-dust and exceptional days (the headline); `district.actual` deducts nothing. */
  headline: 'deducted';
  deductedDays: { date: string; kind: 'sand_dust' | 'exceptional'; noticeRef: string | null }[];
  dayRule: 'by-date' | 'all-six';
  district: ReportFigures & Pick<PlaceComparison, 'mom' | 'yoy'> & { actual: ReportFigures };
  sites: Record<string, ReportFigures & PlaceComparison & { name: string }>;
  townships: (ReportFigures & PlaceComparison & { id: string; name: string; stations: string[] })[];
  /** The decimals the server rounded the figures to (config `air.rounding`): print with these. */
  rounding: RoundingTableBody;
  /** How the figures were produced (rule sets, day rule, district method, divisors, rounding; issue 13). */
  notes: ReportNote[];
}

export const api = {
  overview: () => get<OverviewBody>('/api/dashboard/overview'),
  snapshot: (at?: number) => get<SnapshotBody>('/api/dashboard/snapshot', { at }),
  hours: (sites: string[], hours: number) =>
    get<HoursBody>('/api/dashboard/hours', { sites: sites.join(','), hours }),
  days: (site: string | undefined, from: string, to: string) =>
    get<DaysBody>('/api/dashboard/days', { site, from, to }),
  report: (from: string, to: string, sites?: string[]) =>
    get<AirReport>('/api/air/report', { from, to, sites: sites?.join(',') }),
  sites: () => get<{ sites: SiteInfo[] }>('/api/sites', { kind: 'air_station' }),
  places: () => get<{ places: Place[] }>('/api/places'),

  /** Who is signed in: the user, or undefined when anonymous. */
  me: () => request<SessionBody>('/api/auth/session').then((s) => s.me ?? undefined),
  login: (username: string, password: string) =>
    request<MeBody>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST', quiet401: true }),
  /** The signed-in user's own password; their other sessions end. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<PasswordChangedBody>('/api/auth/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
    }),

  users: () => get<{ users: UserInfo[]; roles: RoleInfo[] }>('/api/users'),
  createUser: (body: NewUserInput) => request<UserInfo>('/api/users', { method: 'POST', body }),
  setRoles: (id: number, roles: string[]) =>
    request<UserInfo>(`/api/users/${id}/roles`, { method: 'PUT', body: { roles } }),
  updateUser: (id: number, body: UpdateUserBody) =>
    request<UserInfo>(`/api/users/${id}`, { method: 'PATCH', body }),
  resetPassword: (id: number, password?: string) =>
    request<ResetPasswordResult>(`/api/users/${id}/password`, {
      method: 'POST',
      body: password ? { password } : {},
    }),

  /** 我的排口: the outlets assigned to the signed-in user, their loggers' state and newest values. */
  myOutlets: () => get<MyOutletsBody>('/api/my/outlets'),
  /** Every site the caller may see, air stations and outlets (an administrator: all of them). */
  allSites: () => get<{ sites: AnySite[] }>('/api/sites'),
  userSites: (id: number) => get<{ userId: number; sites: string[] }>(`/api/users/${id}/sites`),
  setUserSites: (id: number, sites: string[]) =>
    request<{ userId: number; sites: string[] }>(`/api/users/${id}/sites`, {
      method: 'PUT',
      body: { sites },
    }),

  audit: (filter: AuditFilter, page: number, pageSize: number) =>
    get<AuditPageBody>('/api/audit', { ...filter, page, pageSize }),
  auditVerify: () => get<AuditVerifyBody>('/api/audit/verify'),

  /** HJ 212 devices (devices:read), each narrowed to the caller's jurisdiction by the server. */
  devices: () => get<{ devices: DeviceBody[] }>('/api/devices'),
  deviceStatus: () => get<{ devices: DeviceStatusBody[] }>('/api/devices/status'),
  /** Values a device delivered, newest first (`to` exclusive). */
  deviceData: (mn: string, q: DeviceDataQuery) =>
    get<{ mn: string; values: DeviceValue[] }>(`/api/devices/${encodeURIComponent(mn)}/data`, q),
  /** Platform events (events:read), newest first. */
  events: (kind?: string, limit?: number) => get<{ events: PlatformEvent[] }>('/api/events', { kind, limit }),
  /** A device's recent refused packets (devices:read), newest first; the PW is masked. */
  deviceRefused: (mn: string, limit = 20) =>
    get<{ mn: string; packets: RefusedPacket[] }>(`/api/devices/${encodeURIComponent(mn)}/refused`, {
      limit,
    }),
  /** Quarantined HJ 212 packets (hj212:quarantine:read), newest first; the PW is masked. */
  quarantine: (limit: number, offset: number, mn?: string) =>
    get<{ packets: QuarantineItem[] }>('/api/hj212/quarantine', { limit, offset, mn }),

  /** 数据管理 (issue 12): the district office's loggers, sites, dust days and external figures. */
  adminSites: () => get<{ sites: SiteAdminBody[] }>('/api/sites'),
  createSite: (body: SiteCreateBody) => request<SiteAdminBody>('/api/sites', { method: 'POST', body }),
  updateSite: (code: string, body: SiteUpdateBody) =>
    request<SiteAdminBody>(`/api/sites/${encodeURIComponent(code)}`, { method: 'PATCH', body }),
  registerDevice: (body: DeviceCreateBody) =>
    request<DeviceSecretsBody>('/api/devices', { method: 'POST', body }),
  updateDevice: (mn: string, body: DeviceUpdateBody) =>
    request<DeviceBody>(`/api/devices/${encodeURIComponent(mn)}`, { method: 'PATCH', body }),
  rotateDeviceKey: (mn: string, body: DeviceKeyBody) =>
    request<DeviceSecretsBody>(`/api/devices/${encodeURIComponent(mn)}/key`, { method: 'POST', body }),
  removeDevice: (mn: string) =>
    request<{ mn: string; removed: true }>(`/api/devices/${encodeURIComponent(mn)}`, { method: 'DELETE' }),
  dustDays: (from?: string, to?: string) => get<{ days: DustDayBody[] }>('/api/dust-days', { from, to }),
  addDustDay: (body: DustDayCreateBody) => request<DustDayBody>('/api/dust-days', { method: 'POST', body }),
  removeDustDay: (date: string) =>
    request<{ date: string; removed: true }>(`/api/dust-days/${date}`, { method: 'DELETE' }),
  figures: () => get<{ figures: FigureBody[] }>('/api/figures'),
  setFigure: (key: ExternalFigureKey, year: number, body: FigurePutBody) =>
    request<FigureBody>(`/api/figures/${key}/${year}`, { method: 'PUT', body }),
  removeFigure: (key: ExternalFigureKey, year: number) =>
    request<{ removed: true }>(`/api/figures/${key}/${year}`, { method: 'DELETE' }),
  /** 数据管理 › 任务 (issue 14): durable jobs and schedules (jobs:admin). */
  jobs: (q: Partial<JobsQuery>) => get<JobsAnswer>('/api/jobs', q),
  retryJob: (id: number) => request<{ job: JobView }>(`/api/jobs/${id}/retry`, { method: 'POST' }),
  cancelJob: (id: number) => request<{ job: JobView }>(`/api/jobs/${id}/cancel`, { method: 'POST' }),

  tokens: () => get<{ tokens: TokenBody[] }>('/api/tokens'),
  createToken: (name: string, expiresInDays?: number) =>
    request<CreatedTokenBody>('/api/tokens', {
      method: 'POST',
      body: expiresInDays === undefined ? { name } : { name, expiresInDays },
    }),
  revokeToken: (id: number) => request<TokenBody>(`/api/tokens/${id}`, { method: 'DELETE' }),
};

export type {
  DeviceBody,
  DeviceSecretsBody,
  DeviceStatusBody,
  DustDayBody,
  ExternalFigureKey,
  FigureBody,
  QuarantineItem,
  RefusedPacket,
  SiteAdminBody,
};
export type DeviceValue = z.infer<typeof deviceValue>;
export type DevicePeriod = 'raw' | 'minute' | 'hour' | 'day';
/** The query of /api/devices/{mn}/data: times are epoch ms (`to` exclusive); limit at most 5000. */
export type DeviceDataQuery = {
  period?: DevicePeriod;
  from?: number;
  to?: number;
  limit?: number;
};
export type PlatformEvent = z.infer<typeof eventBody>;

/** A township, street, department or the district (/api/places). */
export interface Place {
  id: string;
  kind: string;
  code: string | null;
  name: string;
  name_en?: string | null;
}

export type UserInfo = MeBody['user'] & {
  enabled: boolean;
  lockedUntil: number | null;
  roles: string[];
  createdAt: number;
  /** Must replace the password an administrator set before using the platform (absent from older servers). */
  mustChangePassword?: boolean;
};
export type RoleInfo = MeBody['roles'][number];

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  organisationId: string | null;
}

export function exportUrl(format: 'xlsx' | 'csv', from: string, to: string, lang: string): string {
  return `/api/dashboard/export?format=${format}&from=${from}&to=${to}&lang=${lang}`;
}
