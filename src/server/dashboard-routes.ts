import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  daysBody,
  daysQuery,
  exportQuery,
  hoursBody,
  hoursQuery,
  overviewBody,
  snapshotBody,
  snapshotQuery,
} from '#contract/dashboard.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { DAY_MS, dateOf, HOUR_MS } from '#rules/time/calendar.ts';
import { airExport } from '#services/air-export.service.ts';
import { airOverviewCore, type OverviewCore, overviewOf } from '#services/air-overview.service.ts';
import { airDays, airHours } from '#services/air-series.service.ts';
import { airSnapshot } from '#services/air-snapshot.service.ts';
import { airStations } from '#services/air-stations.service.ts';
import { versionedCache } from '#services/versioned-cache.ts';
import { recentDataVersion } from '#store/dashboard.repository.ts';
import { adminInputsVersion } from '#store/external-figures.repository.ts';
import type { AppDeps } from './app.ts';
import { errorResponses, jsonResponses } from './openapi-responses.ts';
import { principalOf } from './route-access.ts';

const json = jsonResponses;

/** The web dashboard's endpoints: overview, hourly snapshot, hourly series, daily validity, export. */
export function registerDashboardRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const air = (c: Parameters<typeof principalOf>[0]) => Jurisdiction.of(principalOf(c), 'air:read');
  /**
   * The overview is one cache for every caller: computed over the air stations that count to the district value,
   * whose results are published (HJ 633 §7), so every air:read caller — the public included — reaches all of them.
   */
  const everyCaller = Jurisdiction.system(
    'dashboard overview cache: published air stations, same for every caller',
  );
  const overview = versionedCache<OverviewCore>(
    async () => {
      const inputs = await adminInputsVersion(deps.db.db);
      const core = await airOverviewCore(deps.db, everyCaller, deps.now(), deps.airMethod);
      computedInputs = inputs;
      return core;
    },
    {
      maxAgeMs: 10 * 60_000,
      clock: Date.now,
      onError: (error) =>
        deps.log.error(`overview refresh failed: ${(error as Error).stack ?? String(error)}`),
    },
  );
  /** The office-maintained inputs (dust days, external figures) of the newest computed overview. */
  let computedInputs: string | undefined;
  const inputsOf = (key: string) => key.slice(key.lastIndexOf('|') + 1);
  /** Today's date and the newest received_at of the last two days: a new value anywhere changes it. */
  const overviewKey = async () => {
    const now = deps.now();
    const sites = await airStations(deps.db, everyCaller);
    const version = await recentDataVersion(deps.db.db, everyCaller, {
      siteIds: sites.map((s) => s.id),
      parameters: POLLUTANTS,
      since: now - 2 * DAY_MS,
    });
    // The office's dust days and external figures change the targets too (issue 12).
    const inputs = await adminInputsVersion(deps.db.db);
    return `${dateOf(now)}|${version}|${Math.floor(now / HOUR_MS)}|${inputs}`;
  };
  // Warm the overview whenever new data arrives, BEFORE the streams hear of it: the page that re-reads on the
  // message gets the new figures (the cache serves its previous value while it recomputes).
  deps.live?.beforeData(async () => {
    await overview.refresh(await overviewKey());
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard/overview',
      summary: 'Overview: targets R-T1…R-T4 with projection, today, changes, station and township ranking',
      responses: json(overviewBody, 'overview'),
    }),
    async (c) => {
      const [core, snapshot] = await Promise.all([
        overviewKey().then((key) =>
          // After the office changed a dust day or an external figure, wait for figures that include it rather
          // than show the old ones again (new data alone may be served stale while they are computed).
          inputsOf(key) === computedInputs ? overview.get(key) : overview.refresh(key),
        ),
        airSnapshot(deps.db, air(c), {}, deps.now(), deps.airMethod),
      ]);
      return c.json(overviewOf(core, snapshot), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard/snapshot',
      summary: 'Every air station at one hour (default the newest): values, real-time AQI, state',
      request: { query: snapshotQuery },
      responses: json(snapshotBody, 'stations at one hour'),
    }),
    async (c) =>
      c.json(await airSnapshot(deps.db, air(c), c.req.valid('query'), deps.now(), deps.airMethod), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard/hours',
      summary: 'Hourly values of the six pollutants and real-time AQI per site',
      request: { query: hoursQuery },
      responses: json(hoursBody, 'hourly series'),
    }),
    async (c) =>
      c.json(await airHours(deps.db, air(c), c.req.valid('query'), deps.now(), deps.airMethod), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard/days',
      summary: 'Daily AQI of a site or the district, with why a day does not count',
      request: { query: daysQuery },
      responses: json(daysBody, 'daily values with validity'),
    }),
    async (c) => c.json(await airDays(deps.db, air(c), c.req.valid('query'), deps.airMethod), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard/export',
      summary: 'Period report of the district and each station as xlsx (with the daily table) or CSV',
      request: { query: exportQuery },
      responses: {
        200: {
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
            'text/csv': { schema: { type: 'string' } },
          },
          description: 'the file',
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const file = await airExport(deps.db, air(c), c.req.valid('query'), deps.now(), deps.airMethod);
      c.header('Content-Type', file.contentType);
      c.header('Content-Disposition', `attachment; filename="${file.filename}"`);
      return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200);
    },
  );
}
