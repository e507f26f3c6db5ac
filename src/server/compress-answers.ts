import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { type ContentEncoding, chooseEncoding, varyOnEncoding } from './content-encoding.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this many bytes an answer goes as it is: compression would save less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Brotli quality 5 and gzip level 6 per answer: most of the gain of the maximum at a fraction of the CPU (the
 * web app's files are compressed at the maximum once, at build time). zlib runs in libuv's thread pool, so a
 * large report does not hold the event loop.
 */
const ENCODERS: Record<ContentEncoding, (body: Uint8Array) => Promise<Buffer>> = {
  br: (body) =>
    brotli(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => gz(body, { level: 6 }),
};

/**
 * Compresses answers (JSON, CSV, HTML, …) of at least `minBytes` for clients that accept brotli or gzip.
 * Never touches server-sent events (text/event-stream is not in the compressible list, and a compressor would
 * hold back each event until its buffer fills), answers already encoded, ranges, `no-transform`, or types that are
 * compressed already (xlsx is a zip). The body is read whole: every compressible answer here is built in memory.
 */
export function compressAnswers(minBytes = COMPRESS_MIN_BYTES): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (
      !res.body ||
      c.req.method === 'HEAD' ||
      res.status === 206 ||
      res.status === 304 ||
      res.headers.has('Content-Encoding') ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const body = new Uint8Array(await res.arrayBuffer());
    const encoded =
      encoding && body.length >= minBytes ? new Uint8Array(await ENCODERS[encoding](body)) : body;
    // Hono copies the previous answer's headers onto the new one, so the changed ones are set afterwards.
    c.res = new Response(encoded, { status: res.status, statusText: res.statusText, headers: res.headers });
    const headers = c.res.headers;
    headers.set('Vary', varyOnEncoding(headers.get('Vary')));
    if (encoded === body) return;
    headers.set('Content-Encoding', encoding as ContentEncoding);
    headers.set('Content-Length', String(encoded.length));
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  };
}
