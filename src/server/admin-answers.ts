import { errorAnswer } from './openapi-responses.ts';

/** The error answers of the district office's write routes (issue 12): loggers, sites, dust days, figures. */
export const adminWriteAnswers = {
  400: errorAnswer('请求有误（字段缺失或超出范围）/ bad request (a field missing or out of range)'),
  401: errorAnswer('未登录 / not signed in'),
  403: errorAnswer('无权限或 CSRF 校验失败 / not permitted, or CSRF check failed'),
  404: errorAnswer('未找到 / not found'),
  409: errorAnswer('与现有记录冲突（已存在、已有数据）/ conflicts with what is stored (exists, has data)'),
  422: errorAnswer(
    '无法处理（站点、参数或乡镇不存在…）/ cannot be done (unknown site, parameter, township…)',
  ),
};
