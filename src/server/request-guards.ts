import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ErrorBody } from '#contract/common.ts';

function refuse(c: Context, status: 400 | 413, code: string, message: string) {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status);
}

/**
 * Refuses a body larger than `maxBytes` with 413 before it is read whole: by its Content-Length at once, and a
 * chunked body as soon as the bytes read pass the limit (hono's bodyLimit stops reading there).
 */
export function bodySizeGuard(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      refuse(c, 413, 'body_too_large', `请求体过大 / request body too large (at most ${maxBytes} bytes)`),
  });
}

/** True when every %-escape of the path and of each query key and value decodes as UTF-8. */
export function hasValidEscapes(url: string): boolean {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const rest = start < 0 ? '' : url.slice(start);
  const hash = rest.indexOf('#');
  const target = hash < 0 ? rest : rest.slice(0, hash);
  const q = target.indexOf('?');
  const parts = [q < 0 ? target : target.slice(0, q)];
  if (q >= 0) parts.push(...target.slice(q + 1).split(/[&=]/));
  try {
    for (const part of parts) decodeURIComponent(part.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * A bad %-escape (`%zz`, a cut UTF-8 sequence) is the client's mistake: 400, said once here, so no handler
 * decodes it into a 500 (and the path, half decoded, never reaches a log line with its CR/LF).
 */
export function escapeGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!hasValidEscapes(c.req.url)) {
      return refuse(c, 400, 'bad_escape', '网址中的 % 编码有误 / malformed %-escape in the URL');
    }
    await next();
  };
}
