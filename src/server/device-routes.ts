import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorBody } from '#contract/common.ts';
import {
  deviceDataBody,
  deviceDataQuery,
  deviceStatusListBody,
  devicesBody,
  eventsBody,
  eventsQuery,
  quarantineBody,
  quarantineQuery,
  refusedPacketsBody,
  refusedQuery,
} from '#contract/devices.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Permission } from '#rules/access/roles.ts';
import { UserError } from '#services/errors.ts';
import { lastDataTimeOf } from '#store/device-status.repository.ts';
import { listDeviceValues } from '#store/device-values.repository.ts';
import { findDevice } from '#store/devices.repository.ts';
import {
  deviceList,
  deviceStatusList,
  eventList,
  quarantineList,
  refusedList,
} from '../receiver/device-views.ts';
import type { AppDeps } from './app.ts';
import { realtimeWindow } from './realtime-window.ts';
import { principalOf } from './route-access.ts';

const ok = <S extends z.ZodType>(schema: S, description: string) => ({
  200: { content: { 'application/json': { schema } }, description },
  400: { content: { 'application/json': { schema: errorBody } }, description: '请求有误 / bad request' },
  401: { content: { 'application/json': { schema: errorBody } }, description: '未登录 / not signed in' },
  403: { content: { 'application/json': { schema: errorBody } }, description: '无权限 / not permitted' },
  404: {
    content: { 'application/json': { schema: errorBody } },
    description: '未找到（或不在您的辖区内）/ not found (or outside your jurisdiction)',
  },
});

/** HJ 212 devices: registry (no secrets), health, quarantine, events, and what a device has delivered. */
export function registerDeviceRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  /** The caller's jurisdiction for a permission (route-access.ts has already checked they hold it). */
  const reach = (c: Parameters<typeof principalOf>[0], permission: Permission) =>
    Jurisdiction.of(principalOf(c), permission);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/devices',
      summary:
        'HJ 212 device registry: MN → site, factor mapping, CRC policy, interval (no passwords or keys)',
      responses: ok(devicesBody, 'devices'),
    }),
    async (c) => c.json({ devices: await deviceList(db, reach(c, 'devices:read')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/devices/status',
      summary: 'Device health: state, last seen, last DataTime, clock drift',
      responses: ok(deviceStatusListBody, 'device status'),
    }),
    async (c) => c.json({ devices: await deviceStatusList(db, reach(c, 'devices:read')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/devices/{mn}/data',
      summary:
        'Values this logger itself delivered (its mapped parameters; not another logger of its site), newest first. Real-time (period=raw): at most 7 days per request; without from/to, the day up to its newest DataTime',
      request: { params: z.object({ mn: z.string().min(1) }), query: deviceDataQuery },
      responses: ok(deviceDataBody, 'values'),
    }),
    async (c) => {
      const { mn } = c.req.valid('param');
      const q = c.req.valid('query');
      // A device outside the caller's jurisdiction is answered exactly like one that does not exist.
      const j = reach(c, 'devices:read');
      const device = await findDevice(db, j, mn);
      if (!device) throw new UserError('unknown_device', `没有此设备 / no such device: ${mn}`, 404);
      const window =
        q.period === 'raw'
          ? realtimeWindow(q, await lastDataTimeOf(db, j, mn), deps.now())
          : {
              ...(q.from !== undefined ? { from: q.from } : {}),
              ...(q.to !== undefined ? { to: q.to } : {}),
            };
      // The logger's own values (issue 12): a site's values may come from another of its loggers.
      const rows = await listDeviceValues(db, j, {
        mn,
        siteId: device.siteId,
        parameters: [...new Set([...device.factors.values()].map((f) => f.parameter))],
        period: q.period,
        ...window,
        limit: q.limit,
      });
      const values = rows.map((r) => ({
        parameter: r.parameter,
        period: r.period,
        time: r.time,
        value: r.value,
        flag: r.flag,
        receivedAt: r.received_at,
      }));
      return c.json({ mn, values }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/devices/{mn}/refused',
      summary:
        'A device’s recent refused packets, newest first: malformed (rejected) or implausible time/values (issue 11), with the reason',
      request: { params: z.object({ mn: z.string().min(1) }), query: refusedQuery },
      responses: ok(refusedPacketsBody, 'refused packets'),
    }),
    async (c) => {
      const { mn } = c.req.valid('param');
      // Outside the caller's jurisdiction answers exactly like a device that does not exist.
      const j = reach(c, 'devices:read');
      const device = await findDevice(db, j, mn);
      if (!device) throw new UserError('unknown_device', `没有此设备 / no such device: ${mn}`, 404);
      return c.json({ mn, packets: await refusedList(db, j, mn, c.req.valid('query').limit) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/hj212/quarantine',
      summary: 'Packets kept in quarantine (unknown MN, wrong password): never mixed into data',
      request: { query: quarantineQuery },
      responses: ok(quarantineBody, 'quarantined packets, newest first'),
    }),
    async (c) =>
      c.json(
        { packets: await quarantineList(db, reach(c, 'hj212:quarantine:read'), c.req.valid('query')) },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/events',
      summary: 'Platform events (device_offline, device_online), newest first',
      request: { query: eventsQuery },
      responses: ok(eventsBody, 'events'),
    }),
    async (c) => c.json({ events: await eventList(db, reach(c, 'events:read'), c.req.valid('query')) }, 200),
  );
}
