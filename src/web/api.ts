import type {
  DeviceCreateBody,
  DeviceKeyBody,
  DeviceRemovedBody,
  DeviceSecretsBody,
  DeviceUpdateBody,
  DustDayBody,
  DustDayCreateBody,
  DustDayRemovedBody,
  DustDaysBody,
  ExternalFigureKey,
  FigureBody,
  FigurePutBody,
  FigureRemovedBody,
  FiguresBody,
  SiteAdminBody,
  SiteCreateBody,
  SiteUpdateBody,
} from '#contract/admin-data.ts';
import type {
  AirReportBody,
  PlaceBody,
  PlaceComparisonBody,
  PlacesBody,
  ReportFiguresBody,
  SiteBody,
  SitesBody,
} from '#contract/air-responses.ts';
import type { AuditPageBody, AuditQueryParams, AuditVerifyBody } from '#contract/audit.ts';
import type {
  CreatedTokenBody,
  CreateUserBody,
  MeBody,
  PasswordChangedBody,
  ResetPasswordResult,
  RoleBody,
  SessionBody,
  TokenBody,
  TokenListBody,
  UpdateUserBody,
  UserBody,
  UserSitesBody,
  UsersBody,
} from '#contract/auth.ts';
import type { ErrorBody } from '#contract/common.ts';
import type { DaysBody, HoursBody, OverviewBody, SnapshotBody } from '#contract/dashboard.ts';
import type {
  DeviceBody,
  DeviceDataBody,
  DeviceDataQuery,
  DeviceStatusBody,
  DeviceStatusListBody,
  DevicesBody,
  DeviceValue,
  EventBody,
  EventsBody,
  QuarantineBody,
  QuarantineItem,
  RefusedPacket,
  RefusedPacketsBody,
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
    // The API says what went wrong as an ErrorBody; a proxy in front of it may answer anything, or nothing.
    const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
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

/** The filter of the audit trail (/api/audit), as the contract defines it: times are epoch ms, `to` exclusive. */
export type AuditFilter = Omit<AuditQueryParams, 'page' | 'pageSize'>;
export type AuditEntry = AuditPageBody['entries'][number];

export const api = {
  overview: () => get<OverviewBody>('/api/dashboard/overview'),
  snapshot: (at?: number) => get<SnapshotBody>('/api/dashboard/snapshot', { at }),
  hours: (sites: string[], hours: number) =>
    get<HoursBody>('/api/dashboard/hours', { sites: sites.join(','), hours }),
  days: (site: string | undefined, from: string, to: string) =>
    get<DaysBody>('/api/dashboard/days', { site, from, to }),
  report: (from: string, to: string, sites?: string[]) =>
    get<AirReportBody>('/api/air/report', { from, to, sites: sites?.join(',') }),
  sites: () => get<SitesBody>('/api/sites', { kind: 'air_station' }),
  places: () => get<PlacesBody>('/api/places'),

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

  users: () => get<UsersBody>('/api/users'),
  createUser: (body: CreateUserBody) => request<UserBody>('/api/users', { method: 'POST', body }),
  setRoles: (id: number, roles: string[]) =>
    request<UserBody>(`/api/users/${id}/roles`, { method: 'PUT', body: { roles } }),
  updateUser: (id: number, body: UpdateUserBody) =>
    request<UserBody>(`/api/users/${id}`, { method: 'PATCH', body }),
  resetPassword: (id: number, password?: string) =>
    request<ResetPasswordResult>(`/api/users/${id}/password`, {
      method: 'POST',
      body: password ? { password } : {},
    }),

  /** 我的排口: the outlets assigned to the signed-in user, their loggers' state and newest values. */
  myOutlets: () => get<MyOutletsBody>('/api/my/outlets'),
  /** Every site the caller may see, air stations and outlets (an administrator: all of them). */
  allSites: () => get<SitesBody>('/api/sites'),
  userSites: (id: number) => get<UserSitesBody>(`/api/users/${id}/sites`),
  setUserSites: (id: number, sites: string[]) =>
    request<UserSitesBody>(`/api/users/${id}/sites`, {
      method: 'PUT',
      body: { sites },
    }),

  audit: (filter: AuditFilter, page: number, pageSize: number) =>
    get<AuditPageBody>('/api/audit', { ...filter, page, pageSize }),
  auditVerify: () => get<AuditVerifyBody>('/api/audit/verify'),

  /** HJ 212 devices (devices:read), each narrowed to the caller's jurisdiction by the server. */
  devices: () => get<DevicesBody>('/api/devices'),
  deviceStatus: () => get<DeviceStatusListBody>('/api/devices/status'),
  /** Values a device delivered, newest first (`to` exclusive). */
  deviceData: (mn: string, q: DeviceDataQuery) =>
    get<DeviceDataBody>(`/api/devices/${encodeURIComponent(mn)}/data`, q),
  /** Platform events (events:read), newest first. */
  events: (kind?: string, limit?: number) => get<EventsBody>('/api/events', { kind, limit }),
  /** A device's recent refused packets (devices:read), newest first; the PW is masked. */
  deviceRefused: (mn: string, limit = 20) =>
    get<RefusedPacketsBody>(`/api/devices/${encodeURIComponent(mn)}/refused`, {
      limit,
    }),
  /** Quarantined HJ 212 packets (hj212:quarantine:read), newest first; the PW is masked. */
  quarantine: (limit: number, offset: number, mn?: string) =>
    get<QuarantineBody>('/api/hj212/quarantine', { limit, offset, mn }),

  /** 数据管理 (issue 12): the district office's loggers, sites, dust days and external figures. */
  adminSites: () => get<SitesBody>('/api/sites'),
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
    request<DeviceRemovedBody>(`/api/devices/${encodeURIComponent(mn)}`, { method: 'DELETE' }),
  dustDays: (from?: string, to?: string) => get<DustDaysBody>('/api/dust-days', { from, to }),
  addDustDay: (body: DustDayCreateBody) => request<DustDayBody>('/api/dust-days', { method: 'POST', body }),
  removeDustDay: (date: string) =>
    request<DustDayRemovedBody>(`/api/dust-days/${date}`, { method: 'DELETE' }),
  figures: () => get<FiguresBody>('/api/figures'),
  setFigure: (key: ExternalFigureKey, year: number, body: FigurePutBody) =>
    request<FigureBody>(`/api/figures/${key}/${year}`, { method: 'PUT', body }),
  removeFigure: (key: ExternalFigureKey, year: number) =>
    request<FigureRemovedBody>(`/api/figures/${key}/${year}`, { method: 'DELETE' }),
  /** 数据管理 › 任务 (issue 14): durable jobs and schedules (jobs:admin). */
  jobs: (q: Partial<JobsQuery>) => get<JobsAnswer>('/api/jobs', q),
  retryJob: (id: number) => request<{ job: JobView }>(`/api/jobs/${id}/retry`, { method: 'POST' }),
  cancelJob: (id: number) => request<{ job: JobView }>(`/api/jobs/${id}/cancel`, { method: 'POST' }),

  tokens: () => get<TokenListBody>('/api/tokens'),
  createToken: (name: string, expiresInDays?: number) =>
    request<CreatedTokenBody>('/api/tokens', {
      method: 'POST',
      body: expiresInDays === undefined ? { name } : { name, expiresInDays },
    }),
  revokeToken: (id: number) => request<TokenBody>(`/api/tokens/${id}`, { method: 'DELETE' }),
};

// The contract's types the pages use, under the contract's own names (src/contract/).
export type {
  AirReportBody,
  CreateUserBody,
  DeviceBody,
  DeviceDataQuery,
  DeviceSecretsBody,
  DeviceStatusBody,
  DeviceValue,
  DustDayBody,
  ExternalFigureKey,
  FigureBody,
  PlaceBody,
  PlaceComparisonBody,
  QuarantineItem,
  RefusedPacket,
  ReportFiguresBody,
  RoleBody,
  SiteAdminBody,
  SiteBody,
  UserBody,
};
export type DevicePeriod = NonNullable<DeviceDataQuery['period']>;
export type PlatformEvent = EventBody;

export function exportUrl(format: 'xlsx' | 'csv', from: string, to: string, lang: string): string {
  return `/api/dashboard/export?format=${format}&from=${from}&to=${to}&lang=${lang}`;
}
