import type { DaysBody, HoursBody, OverviewBody, SnapshotBody } from '#contract/dashboard.ts';

/** The typed client of the dashboard's endpoints (types from the shared contract, src/contract/). */
export class ApiError extends Error {}

async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const res = await fetch(query ? `${path}?${query}` : path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export interface SiteInfo {
  code: string;
  name: string;
  nameEn: string | null;
  townshipId: string | null;
  isSample: boolean;
}

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
export interface AirReport {
  from: string;
  to: string;
  spansRuleSets: boolean;
  stations: { code: string; name: string; isSample: boolean }[];
  district: ReportFigures;
  sites: Record<string, ReportFigures & { name: string }>;
  notes: string[];
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
};

export function exportUrl(format: 'xlsx' | 'csv', from: string, to: string, lang: string): string {
  return `/api/dashboard/export?format=${format}&from=${from}&to=${to}&lang=${lang}`;
}
