import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  deviceCreateBody,
  deviceKeyBody,
  deviceRemovedBody,
  deviceSecretsBody,
  deviceUpdateBody,
  mnParam,
} from '#contract/admin-data.ts';
import { deviceBody } from '#contract/devices.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import {
  registerDevice,
  removeDevice,
  rotateDeviceKey,
  updateDevice,
} from '#services/device-admin.service.ts';
import { adminWriteAnswers as answers } from './admin-answers.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { principalOf } from './route-access.ts';

const jsonBody = <S>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

/** The district office's changes to the HJ 212 logger registry (devices:write); the reads are in device-routes.ts. */
export function registerAdminDeviceRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  /** Who and from where, and the sites the caller's devices:write reaches (jurisdiction, as the reads). */
  const ctx = (c: Parameters<typeof actorOf>[0]) => {
    const principal = principalOf(c);
    return {
      ...actorOf(c),
      now: deps.now(),
      visibleTo: Jurisdiction.of(principal, 'devices:write'),
      ...(deps.bus ? { bus: deps.bus } : {}),
    };
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/devices',
      summary:
        'Register a data logger (数采仪) with its site and factor mapping. Without a password (and with sm4 ' +
        '"generate") the secrets are generated and shown in this answer only.',
      request: { body: jsonBody(deviceCreateBody) },
      responses: {
        200: {
          content: { 'application/json': { schema: deviceSecretsBody } },
          description: 'the logger and its secrets, once',
        },
        ...answers,
      },
    }),
    async (c) => {
      const result = await registerDevice(db, c.req.valid('json'), ctx(c));
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/devices/{mn}',
      summary:
        "Change a logger's site, name, CRC policy, interval, offline rule, factor mapping, or enable/disable it",
      request: { params: mnParam, body: jsonBody(deviceUpdateBody) },
      responses: {
        200: { content: { 'application/json': { schema: deviceBody } }, description: 'the changed logger' },
        ...answers,
      },
    }),
    async (c) => c.json(await updateDevice(db, c.req.valid('param').mn, c.req.valid('json'), ctx(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/devices/{mn}/key',
      summary:
        "Rotate a logger's HJ 212 password (given or generated) and keep, generate, set or remove its SM4 key; " +
        'the new secrets are in this answer only.',
      request: { params: mnParam, body: jsonBody(deviceKeyBody) },
      responses: {
        200: {
          content: { 'application/json': { schema: deviceSecretsBody } },
          description: 'the new secrets, once',
        },
        ...answers,
      },
    }),
    async (c) => {
      const result = await rotateDeviceKey(db, c.req.valid('param').mn, c.req.valid('json'), ctx(c));
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/devices/{mn}',
      summary:
        'Remove a logger that never sent a packet; one that did is refused with 409 (its packets are on the ' +
        'raw-packet hash chain): disable it instead.',
      request: { params: mnParam },
      responses: {
        200: { content: { 'application/json': { schema: deviceRemovedBody } }, description: 'removed' },
        ...answers,
      },
    }),
    async (c) => {
      const { mn } = c.req.valid('param');
      await removeDevice(db, mn, ctx(c));
      return c.json({ mn, removed: true as const }, 200);
    },
  );
}
