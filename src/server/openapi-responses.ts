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
