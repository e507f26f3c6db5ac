import { readFile, stat } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

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

/**
 * Serves the built app: a file under the web root if there is one (hashed assets cached for a year), otherwise
 * index.html for any other GET, so client-side routes (/map, /station/QB-T01) load the app.
 */
export async function serveWeb(c: Context, webRoot = DEFAULT_WEB_ROOT): Promise<Response> {
  const root = resolve(webRoot);
  const file = c.req.path === '/' ? undefined : await fileIn(root, c.req.path);
  if (file) {
    const immutable = file.includes(`${sep}assets${sep}`);
    return c.body(new Uint8Array(await readFile(file)), 200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  if (extname(c.req.path) !== '') return c.text('not found', 404);
  const index = await fileIn(root, 'index.html');
  if (!index) return c.html(NOT_BUILT, 200);
  return c.body(await readFile(index, 'utf8'), 200, {
    'Content-Type': TYPES['.html'] as string,
    'Cache-Control': 'no-cache',
  });
}
