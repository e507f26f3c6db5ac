import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { type ContentEncoding, chooseEncoding } from './content-encoding.ts';

/** Where `npm run build` puts the single-page app (vite.config.ts: build.outDir). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>青山 Qingshan</title><h1>青山 Qingshan</h1>' +
  '<p>网页尚未构建：请运行 <code>npm run build</code>（<code>npm start</code> 会自动构建）。</p>' +
  '<p>The dashboard is not built yet: run <code>npm run build</code> (<code>npm start</code> does).</p>' +
  '<p><a href="/api/health">/api/health</a> · <a href="/api/openapi.json">/api/openapi.json</a></p>';

async function fileIn(root: string, path: string): Promise<string | undefined> {
  const full = resolve(root, `.${normalize(`/${decodeURIComponent(path)}`)}`);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    return (await stat(full)).isFile() ? full : undefined;
  } catch {
    return undefined;
  }
}

/** Hashed names (Vite's assets/<name>-<hash>.<ext>) never change content: cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A validator for files that keep their name across builds (index.html, geo/*.json): size and mtime. */
const etagOf = (size: number, mtimeMs: number) =>
  `W/"${size.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`;

/** The precompressed variant the client accepts, written beside the file at build time (src/build/precompress.ts). */
async function variantFor(c: Context, file: string): Promise<{ path: string; encoding?: ContentEncoding }> {
  const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
  const order: ContentEncoding[] = encoding === 'br' ? ['br', 'gzip'] : encoding === 'gzip' ? ['gzip'] : [];
  for (const enc of order) {
    const path = `${file}.${enc === 'br' ? 'br' : 'gz'}`;
    if (await fileExists(path)) return { path, encoding: enc };
  }
  return { path: file };
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** One file of the app, precompressed if the client accepts it; a 304 when its validator still matches. */
async function sendFile(c: Context, file: string, immutable: boolean): Promise<Response> {
  const info = await stat(file);
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? IMMUTABLE : 'no-cache',
    Vary: 'Accept-Encoding',
  };
  if (!immutable) {
    headers.ETag = etagOf(info.size, info.mtimeMs);
    if (c.req.header('If-None-Match') === headers.ETag) return c.body(null, 304, headers);
  }
  const variant = await variantFor(c, file);
  if (variant.encoding) headers['Content-Encoding'] = variant.encoding;
  return c.body(new Uint8Array(await readFile(variant.path)), 200, headers);
}

/**
 * Serves the built app: a file under the web root if there is one (hashed assets cached for a year, the rest
 * revalidated), otherwise index.html for any other GET, so client-side routes (/map, /station/QB-T01) load the
 * app. Compressed with brotli or gzip when the client accepts it, from the files the build wrote.
 */
export async function serveWeb(c: Context, webRoot = DEFAULT_WEB_ROOT): Promise<Response> {
  const root = resolve(webRoot);
  const file = c.req.path === '/' ? undefined : await fileIn(root, c.req.path);
  if (file) return sendFile(c, file, file.startsWith(join(root, 'assets') + sep));
  if (extname(c.req.path) !== '') return c.text('not found', 404);
  const index = await fileIn(root, 'index.html');
  if (!index) return c.html(NOT_BUILT, 200);
  return sendFile(c, index, false);
}
