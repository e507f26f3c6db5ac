import { expect } from 'vitest';
import type { z } from 'zod';
import { errorBody } from '#contract/common.ts';
import { LIVE_EVENTS } from '#contract/dashboard.ts';
import type { App } from './app.ts';
import { honoPath } from './openapi-responses.ts';

/**
 * Test support for api-contract.test.ts: the answers each route declares (read from the app's own OpenAPI
 * registry, the single list of routes and their response schemas), and a check of a real answer against them.
 */

/**
 * Answers ≥ 400 that are not an error: /api/health's 503 is its ordinary "still starting" answer (load balancers
 * read the status), in the same shape as its 200.
 */
const NOT_ERRORS: ReadonlySet<string> = new Set(['GET /api/health 503']);

type Declared = Record<string, { content?: Record<string, { schema?: unknown }> } | object>;

/** Route key ('GET /api/devices/:mn/data', as route-access.ts) → its declared answers by status. */
export function declaredAnswers(app: App): Map<string, Declared> {
  const answers = new Map<string, Declared>();
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    answers.set(`${d.route.method.toUpperCase()} ${honoPath(d.route.path)}`, d.route.responses as Declared);
  }
  return answers;
}

/**
 * What is wrong with the declarations themselves, whether called or not: an error answer that is not the one
 * shared errorBody, a success with JSON content but no zod schema. Empty when all is well.
 */
export function declarationFaults(answers: Map<string, Declared>): string[] {
  const faults: string[] = [];
  for (const [route, declared] of answers) {
    for (const [status, answer] of Object.entries(declared)) {
      const content = (answer as { content?: Record<string, { schema?: unknown }> }).content ?? {};
      const json = content['application/json']?.schema;
      if (Number(status) >= 400 && json !== errorBody && !NOT_ERRORS.has(`${route} ${status}`))
        faults.push(`${route} ${status}: not errorBody`);
      if (Number(status) < 400 && 'application/json' in content && !isZod(json)) {
        faults.push(`${route} ${status}: JSON without a zod schema`);
      }
    }
  }
  return faults;
}

/** Route keys as Hono registered them; middleware ('ALL') left out. */
export function registeredRoutes(app: App): string[] {
  const keys = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

const isZod = (s: unknown): s is z.ZodType =>
  typeof s === 'object' && s !== null && typeof (s as { safeParse?: unknown }).safeParse === 'function';

/** The first server-sent event of a stream (then the stream is closed). */
async function firstEvent(res: Response): Promise<{ event: string; data: unknown }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const block = text.split('\n\n')[0] ?? '';
  const field = (name: string) =>
    block
      .split('\n')
      .filter((l) => l.startsWith(`${name}:`))
      .map((l) => l.slice(name.length + 1).trim())
      .join('\n');
  return { event: field('event'), data: JSON.parse(field('data')) as unknown };
}

/**
 * Checks one real answer of `route` against what the route declares for its status: the status is declared,
 * the content type is one it declares, and a JSON body (or each event of a stream) parses with its schema.
 * Error answers must use the one shared error schema. Returns the parsed JSON body, if any.
 */
export async function checkAnswer(
  answers: Map<string, Declared>,
  route: string,
  res: Response,
): Promise<unknown> {
  const declared = answers.get(route);
  expect(declared, `${route} declares its answers`).toBeDefined();
  const answer = declared?.[String(res.status)];
  const raw = res.status >= 400 ? await res.clone().text() : '';
  expect(answer, `${route} declares status ${res.status} ${raw}`).toBeDefined();
  const content = (answer as { content?: Record<string, { schema?: unknown }> }).content;
  if (content === undefined) {
    expect(await res.text(), `${route} ${res.status} declares no body`).toBe('');
    return undefined;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  expect(Object.keys(content), `${route} ${res.status}: content type`).toContain(type);
  const schema = content[type]?.schema;
  if (res.status >= 400 && !NOT_ERRORS.has(`${route} ${res.status}`))
    expect(schema, `${route} ${res.status} uses the shared error schema`).toBe(errorBody);
  if (type === 'text/event-stream') {
    const { event, data } = await firstEvent(res);
    const eventSchema = LIVE_EVENTS[event as keyof typeof LIVE_EVENTS];
    expect(eventSchema, `${route}: event ${event} is in LIVE_EVENTS`).toBeDefined();
    expectParses(eventSchema, data, `${route} event ${event}`);
    return data;
  }
  if (type !== 'application/json') {
    // A file download: declared by its content type; its bytes are the exporter's tests' business.
    expect((await res.arrayBuffer()).byteLength, `${route}: a non-empty file`).toBeGreaterThan(0);
    return undefined;
  }
  const body = (await res.json()) as unknown;
  expect(isZod(schema), `${route} ${res.status}: a zod schema`).toBe(true);
  expectParses(schema as z.ZodType, body, `${route} ${res.status}`);
  return body;
}

function expectParses(schema: z.ZodType, body: unknown, what: string): void {
  const parsed = schema.safeParse(body);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 10);
  expect(issues, `${what} matches its schema`).toEqual([]);
  // zod drops the keys an object schema does not name, so a field the contract does not declare shows up here;
  // a z.looseObject keeps them: the contract's explicit "may carry more".
  const extra = parsed.success ? undeclared(body, parsed.data) : [];
  expect(extra, `${what}: fields the contract does not declare`).toEqual([]);
}

/** Paths of the keys `sent` has and `kept` (what the schema let through) has not, e.g. 'sites.A.extra'. */
function undeclared(sent: unknown, kept: unknown, path = ''): string[] {
  if (typeof sent !== 'object' || sent === null || typeof kept !== 'object' || kept === null) return [];
  const sentObj = sent as Record<string, unknown>;
  const keptObj = kept as Record<string, unknown>;
  const paths = Object.keys(sentObj).flatMap((k) =>
    k in keptObj ? undeclared(sentObj[k], keptObj[k], `${path}${k}.`) : [`${path}${k}`],
  );
  // One line per distinct path shape: array indexes folded, so a list of 500 rows reports once.
  return [...new Set(paths.map((p) => p.replace(/\.\d+(?=\.|$)/g, '.*')))];
}
