import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { errorBody } from '#contract/common.ts';

/** The error answers every read route documents: `{error: {code, message}}`. */
export const errorResponses = {
  400: { content: { 'application/json': { schema: errorBody } }, description: '请求有误 / bad request' },
  401: { content: { 'application/json': { schema: errorBody } }, description: '未登录 / not signed in' },
  403: { content: { 'application/json': { schema: errorBody } }, description: '无权限 / not permitted' },
  404: { content: { 'application/json': { schema: errorBody } }, description: '未找到 / not found' },
};

/** A 200 JSON answer with `schema`, plus the error answers. */
export const jsonResponses = <S extends z.ZodType>(schema: S, description: string) => ({
  200: { content: { 'application/json': { schema } }, description },
  ...errorResponses,
});

/** One documented error answer: `{error: {code, message}}` with what it means here. */
export const errorAnswer = (description: string) => ({
  content: { 'application/json': { schema: errorBody } },
  description,
});

/** What any guarded route may answer before its handler runs (route-access.ts, CSRF). */
export const deniedAnswers = {
  401: errorAnswer('未登录 / not signed in'),
  403: errorAnswer(
    '无权限、CSRF 校验失败或须先修改密码 / not permitted, CSRF check failed, or the password must be changed first (password_change_required)',
  ),
};

/**
 * The documented path of a Hono route: '/api/devices/:mn/data' ↔ '/api/devices/{mn}/data'. The key of a route
 * is `${METHOD} ${hono path}`, as in route-access.ts.
 */
export const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/**
 * What the middleware in front of every route may answer, added to each route's documented answers (app.ts):
 * a bad %-escape or invalid parameter (400), a bad API token or a missing sign-in (401), no access or a password
 * that must be changed first (403, on open routes too), a body over the limit (413, routes that take one), a
 * heavy route's queue full (503), and the generic internal error (500).
 */
export function addMiddlewareAnswers(app: OpenAPIHono, heavyPaths: readonly string[]): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route;
    route.responses = {
      400: errorAnswer('请求有误 / bad request'),
      ...deniedAnswers,
      ...(route.request?.body ? { 413: errorAnswer('请求体过大 / request body too large') } : {}),
      ...(heavyPaths.includes(honoPath(route.path))
        ? { 503: errorAnswer('服务器繁忙 / server busy with other reports (Retry-After)') }
        : {}),
      500: errorAnswer('服务器内部错误 / internal error'),
      ...route.responses,
    };
  }
}
