import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AirMethod } from '#config/air-method.ts';
import { describeIssues, type ErrorBody } from '#contract/common.ts';
import type { ConsumerLag } from '#platform/outbox/outbox-runner.ts';
import type { CheckpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { UserError } from '#services/errors.ts';
import type { LiveHub } from '#services/live-hub.ts';
import type { Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';
import type { EventBus } from '../receiver/event-bus.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { registerAdminDeviceRoutes } from './admin-device-routes.ts';
import { registerAdminSiteRoutes } from './admin-site-routes.ts';
import { registerAirRoutes } from './air-routes.ts';
import { registerAuditCheckpointRoutes } from './audit-checkpoint-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { authMiddleware } from './auth-middleware.ts';
import { LOGIN_PATH, loginEarlyRefusal, registerAuthRoutes } from './auth-routes.ts';
import { compressAnswers } from './compress-answers.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { registerDeviceRoutes } from './device-routes.ts';
import { registerDustDayRoutes } from './dust-day-routes.ts';
import { registerFigureRoutes } from './figure-routes.ts';
import { heavyGate } from './heavy-gate.ts';
import { DEFAULT_HTTP_LIMITS, HEAVY_ROUTES, type HttpLimits } from './http-limits.ts';
import { registerLiveRoutes } from './live-routes.ts';
import { createLoginGuard, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-guard.ts';
import { registerMyOutletRoutes } from './my-outlets-routes.ts';
import { noStoreForPersonalData } from './no-store.ts';
import { passwordChangeGate } from './password-change-gate.ts';
import { registerPasswordRoutes } from './password-routes.ts';
import { bodySizeGuard, escapeGuard } from './request-guards.ts';
import { routeAccess } from './route-access.ts';
import { type HstsOptions, securityHeaders } from './security-headers.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSiteRoutes } from './site-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { registerUserChangeRoutes } from './user-change-routes.ts';
import { registerUserRoutes } from './user-routes.ts';
import { registerUserSiteRoutes } from './user-site-routes.ts';
import { registerUserTokenRoutes } from './user-token-routes.ts';
import { serveWeb } from './web-routes.ts';

export interface AppDeps {
  db: Db;
  log: Logger;
  /** Injected so tests can fix "today". */
  now: () => number;
  /** False until start-up work (migrations, demo seeding) is done; /api/health answers 503 until then. */
  isReady: () => boolean;
  /** New data and device events for /api/live and the dashboard's cache; absent = /api/live answers 503. */
  live?: LiveHub;
  /** The built web app (default dist/web). */
  webRoot?: string;
  /** Body size and heavy-request limits (default DEFAULT_HTTP_LIMITS). */
  httpLimits?: Partial<HttpLimits>;
  /** Where this node signs and appends chain checkpoints; absent = POST /api/audit/checkpoints answers 503. */
  checkpoints?: CheckpointSettings;
  /** Log-in rate limits and password-check queue (config `login`); absent = the defaults. */
  login?: Partial<LoginLimits>;
  /** Strict-Transport-Security (config `hsts`); absent = not sent. */
  hsts?: HstsOptions;
  /** The platform's event bus (shared with the HJ 212 receiver): logger registry changes apply there at once. */
  bus?: EventBus<ReceiverEvents>;
  /** This node's outbox consumers and how far each is behind (issue 14), for /api/health. */
  outboxLag?: () => Promise<ConsumerLag[]>;
  /** Config `air` (issue 13): assessment choices, day rule, §5.3.2 exemptions, rounding; absent = the defaults. */
  airMethod?: AirMethod;
}

export type App = OpenAPIHono;

function errorJson(c: Context, status: 400 | 404 | 409 | 422 | 500 | 503, code: string, message: string) {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status);
}

export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono({
    // Every invalid request gets a 400 with what is wrong, in the contract's words.
    defaultHook: (result, c) => {
      if (!result.success) return errorJson(c, 400, 'bad_request', describeIssues(result.error));
    },
  });
  // First, so every response (errors, 404s, the web app's files) carries them.
  app.use('*', securityHeaders(deps.hsts));
  // Brotli or gzip for answers of 1 kB and more (issue 12); the web app's files come precompressed.
  app.use('*', compressAnswers());
  // Then what every request may cost and carry (issue 11): a valid URL, a bounded body.
  const limits = { ...DEFAULT_HTTP_LIMITS, ...deps.httpLimits };
  app.use('*', escapeGuard());
  app.use('*', bodySizeGuard(limits.maxBodyBytes));
  app.use('/api/*', noStoreForPersonalData());

  app.onError((err, c) => {
    if (err instanceof UserError) return errorJson(c, err.status, err.code, err.message);
    if (err instanceof HTTPException) return errorJson(c, err.status as 400, 'http_error', err.message);
    // A %-escape that slipped past escapeGuard (a route decoding on its own): still the client's mistake.
    if (err instanceof URIError) return errorJson(c, 400, 'bad_escape', '网址编码有误 / malformed %-escape');
    // Internals stay in the log; the client gets a generic message.
    deps.log.error(`${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`);
    return errorJson(c, 500, 'internal', '服务器内部错误 / internal error');
  });
  // Any other GET outside /api/ is the web app (its files, or index.html for its client-side routes).
  app.notFound((c) =>
    c.req.method === 'GET' && !c.req.path.startsWith('/api/')
      ? serveWeb(c, deps.webRoot)
      : errorJson(c, 404, 'not_found', `没有此接口 / no such endpoint: ${c.req.path}`),
  );

  const loginGuard = createLoginGuard({ ...DEFAULT_LOGIN_LIMITS, ...deps.login }, deps.now);
  app.use(LOGIN_PATH, loginEarlyRefusal(loginGuard));
  // Who is calling (cookie or token; CSRF for cookie changes), then whether they may call this route at all.
  app.use('/api/*', authMiddleware(deps, { csrfExemptPaths: [LOGIN_PATH] }));
  app.use('/api/*', routeAccess(deps));
  // A user who must replace an administrator-set password may do only that (issue 12).
  app.use('/api/*', passwordChangeGate());
  // One gate for all heavy routes, so together they never compute more than `heavyConcurrent` at once.
  const heavy = heavyGate(limits, deps.log);
  for (const path of HEAVY_ROUTES) app.use(path, heavy);

  app.get('/api/health', async (c) => {
    if (!deps.isReady()) return c.json({ status: 'starting', engine: deps.db.engine }, 503);
    // How far this node's outbox consumers are behind (issue 14); a failed read does not fail the health check.
    const outbox = deps.outboxLag ? await deps.outboxLag().catch(() => undefined) : undefined;
    return c.json({ status: 'ok', engine: deps.db.engine, ...(outbox ? { outbox } : {}) });
  });

  registerAirRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerLiveRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerMyOutletRoutes(app, deps);
  registerAuthRoutes(app, deps, { guard: loginGuard });
  registerSessionRoutes(app);
  registerPasswordRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerUserChangeRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerUserTokenRoutes(app, deps);
  registerUserSiteRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerAuditCheckpointRoutes(app, deps);
  // The district office's web administration (issue 12): loggers, sites, dust days, external figures.
  registerAdminDeviceRoutes(app, deps);
  registerAdminSiteRoutes(app, deps);
  registerDustDayRoutes(app, deps);
  registerFigureRoutes(app, deps);

  app.doc('/api/openapi.json', {
    openapi: '3.0.0',
    info: {
      title: '青山 Qingshan API',
      version: '0.1.0',
      description:
        'Air quality (HJ 633 / HJ 663 / GB 3095), sites and places of 淇滨区. Errors: {error: {code, message}}.',
    },
  });

  return app;
}
