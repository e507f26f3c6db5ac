import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { createUserBody, setRolesBody, userBody, userIdParam, usersBody } from '#contract/auth.ts';
import { createUser, listUserViews, setUserRoles } from '#services/auth/accounts.service.ts';
import { roleFromRow } from '#services/auth/principal-loader.ts';
import { UserError } from '#services/errors.ts';
import { findUserById, listRoles } from '#store/users.repository.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { deniedAnswers, errorAnswer } from './openapi-responses.ts';

const err = errorAnswer;
const denied = deniedAnswers;
const invalid = {
  400: err('请求有误 / bad request'),
  404: err('未找到 / not found'),
  409: err('冲突 / conflict'),
  422: err('无法处理 / cannot be done'),
};

/** User administration for the district office (permission users:admin). Passwords go in, never come back. */
export function registerUserRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      summary: 'Users with their roles, and the roles there are',
      responses: {
        200: {
          content: {
            'application/json': { schema: usersBody },
          },
          description: 'users and roles',
        },
        ...denied,
      },
    }),
    async (c) => {
      const roles = (await listRoles(db))
        .map(roleFromRow)
        .map((r) => ({ ...r, permissions: [...r.permissions] }));
      return c.json({ users: await listUserViews(db), roles }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      summary:
        'Create a user with roles (and an organisation for township and department users); the user must ' +
        'change the password at first log-in',
      request: { body: { content: { 'application/json': { schema: createUserBody } }, required: true } },
      responses: {
        201: { content: { 'application/json': { schema: userBody } }, description: 'created' },
        ...denied,
        ...invalid,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const user = await createUser(
        db,
        {
          username: body.username,
          displayName: body.displayName,
          password: body.password,
          roles: body.roles,
          organisationId: body.organisationId ?? null,
          // The administrator chose this password: the user replaces it at first log-in.
          mustChangePassword: true,
        },
        actorOf(c),
        deps.now(),
      );
      return c.json(user, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}/roles',
      summary: "Replace a user's roles (refused if it would leave no administrator)",
      request: {
        params: userIdParam,
        body: { content: { 'application/json': { schema: setRolesBody } }, required: true },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: userBody } },
          description: 'the user with new roles',
        },
        ...denied,
        ...invalid,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const user = await findUserById(db, id);
      if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${id}`, 404);
      const view = await setUserRoles(db, user.username, c.req.valid('json').roles, actorOf(c), deps.now());
      return c.json(view, 200);
    },
  );
}
