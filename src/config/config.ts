import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { NODE_ROLES } from '#contract/health.ts';
import { airMethodConfig } from './air-method.ts';
import { plausibilityConfig } from './plausibility.ts';

/** Where the embedded default database lives, relative to the working directory. */
export const DEFAULT_DB_URL = './data/qingshan.sqlite';

export const configSchema = z
  .object({
    db: z.string().min(1).default(DEFAULT_DB_URL),
    httpPort: z.coerce.number().int().min(0).max(65535).default(8080),
    httpHost: z.string().default('127.0.0.1'),
    /** HJ 212 receiver (TCP); 0 = any free port. */
    tcpPort: z.coerce.number().int().min(0).max(65535).default(8212),
    tcpHost: z.string().default('0.0.0.0'),
    /**
     * HJ 212 receiver limits, overriding the defaults in src/receiver/receiver-options.ts (file only): e.g.
     * {"maxConnections": 2000, "idleTimeoutMs": 300000}. Unknown keys are refused.
     */
    receiverLimits: z
      .object({
        maxConnections: z.number().int().positive(),
        maxConnectionsPerAddress: z.number().int().positive(),
        maxUnprovenConnections: z.number().int().positive(),
        maxUnprovenPerAddress: z.number().int().positive(),
        unprovenTimeoutMs: z.number().int().positive(),
        unprovenEvictAfterMs: z.number().int().min(0),
        maxUnauthenticatedPackets: z.number().int().positive(),
        unauthenticatedStoredPerMinute: z.number().int().min(0),
        quarantineRetentionDays: z.number().positive(),
        limitLogEveryMs: z.number().int().positive(),
        listenBacklog: z.number().int().positive(),
        idleTimeoutMs: z.number().int().positive(),
        maxPacketBytes: z.number().int().min(1024),
        maxGarbageBytes: z.number().int().positive(),
        maxBadPackets: z.number().int().positive(),
        maxInFlightPerConnection: z.number().int().positive(),
        maxPendingWriteBytes: z.number().int().positive(),
        flushMs: z.number().int().min(0),
        maxBatch: z.number().int().positive(),
        maxQueued: z.number().int().positive(),
        healthCheckMs: z.number().int().positive(),
        registryRefreshMs: z.number().int().positive(),
      })
      .partial()
      .strict()
      .default({}),
    /**
     * HTTP request limits, overriding src/server/http-limits.ts (file only): e.g. {"maxBodyBytes": 262144,
     * "heavyConcurrent": 2, "heavyQueued": 8, "retryAfterSeconds": 5}. Unknown keys are refused.
     */
    httpLimits: z
      .object({
        maxBodyBytes: z.number().int().min(1024),
        heavyConcurrent: z.number().int().positive(),
        heavyQueued: z.number().int().min(0),
        retryAfterSeconds: z.number().int().positive(),
      })
      .partial()
      .strict()
      .default({}),
    /**
     * Log-in rate limits and password-check queue, overriding DEFAULT_LOGIN_LIMITS in src/server/login-guard.ts
     * (file only): e.g. {"perAddressPerMinute": 120, "concurrency": 1}. Unknown keys are refused.
     */
    login: z
      .object({
        perAddressPerMinute: z.number().int().positive(),
        perUsernamePerMinute: z.number().int().positive(),
        totalPerMinute: z.number().int().positive(),
        concurrency: z.number().int().positive(),
        maxQueued: z.number().int().min(0),
        maxQueuedPerAddress: z.number().int().positive(),
        maxWaitMs: z.number().int().positive(),
      })
      .partial()
      .strict()
      .default({}),
    /**
     * Caps on /api/live event streams (file only), overriding src/services/live-stream-limits.ts: each holds a
     * socket, so the total stays well below the process's file-descriptor limit. E.g. {"maxStreams": 500}.
     */
    liveLimits: z
      .object({
        maxStreams: z.number().int().positive(),
        maxStreamsPerAddress: z.number().int().positive(),
        logEveryMs: z.number().int().positive(),
      })
      .partial()
      .strict()
      .default({}),
    /**
     * The durable job worker of this node (issue 14; src/platform/jobs), file only: e.g. {"pollMs": 5000,
     * "concurrency": 4, "leaseMs": 30000}. pollMs is the longest sleep when nothing is due sooner; leaseMs how long
     * a claim holds before another node may take the job of a node that died (renewed while a job runs);
     * keepDays how long succeeded and cancelled jobs stay listed (default 7; dead ones stay until acted on).
     */
    jobs: z
      .object({
        pollMs: z.number().int().min(10),
        concurrency: z.number().int().positive().max(256),
        leaseMs: z.number().int().min(1000),
        keepDays: z.number().int().min(1).max(3660),
      })
      .partial()
      .strict()
      .default({}),
    /**
     * The event outbox (issue 14; file only): `pollMs` the fallback poll of its consumers for writers that cannot
     * wake them (another process on SQLite; PostgreSQL wakes them by NOTIFY), `retentionDays` how long events are
     * kept (never deleted before every durable consumer has passed them), `batch` most events per handler call.
     */
    outbox: z
      .object({
        pollMs: z.number().int().min(50).max(60_000).default(2000),
        retentionDays: z.number().positive().default(7),
        batch: z.number().int().min(1).max(10_000).default(500),
      })
      .strict()
      .default({ pollMs: 2000, retentionDays: 7, batch: 500 }),
    /**
     * Plausibility of HJ 212 data and imported rows (file only; issue 11): back-fill window, clock skew, value
     * ranges per parameter, per-device overrides by MN. Defaults and sources: src/config/plausibility-defaults.ts.
     */
    plausibility: plausibilityConfig.default(() => plausibilityConfig.parse({})),
    /**
     * Air assessment choices and the reported rounding table (issue 13; src/config/air-method.ts): e.g.
     * {"districtMethod": "station-first", "rounding": {"concentration": {"PM10": 1}}}. Env:
     * QINGSHAN_AIR_DISTRICT_METHOD, QINGSHAN_AIR_COMPOSITE_DIVISORS, QINGSHAN_AIR_ROUNDING (JSON). Also the day rule
     * (file only): `dayRule` 'by-date' (default) counts a day by the rule set of its date (2012: all six indicators
     * valid; from 2026-03-01: its AQI is published, HJ 633-2026 §5.3.1/§5.3.2), 'all-six' keeps the old rule for
     * every date; `exemptPollutants` per station code, the pollutants its monitoring plan does not cover (HJ 633-2026
     * §5.3.2), e.g. {"410611001": ["CO"]}.
     */
    air: airMethodConfig.default(() => airMethodConfig.parse({})),
    /**
     * Strict-Transport-Security for deployments served over TLS (directly or by a proxy in front): e.g.
     * {"maxAgeS": 31536000}. Absent = no HSTS header (a plain-HTTP deployment must not send it). File only.
     */
    hsts: z
      .object({
        maxAgeS: z.number().int().min(0),
        includeSubDomains: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * This node in a deployment of several (issue 14): its id (default the host name, ':' and the HTTP port,
     * resolved at start) and its role — `all` (one node does everything), `api` (HTTP API and web), `receiver`
     * (HJ 212 over TCP), `worker` (background work). Env QINGSHAN_NODE_ID, QINGSHAN_NODE_ROLE; `serve --node-id
     * --role`.
     */
    node: z
      .object({
        id: z.string().trim().min(1).max(200).optional(),
        role: z.enum(NODE_ROLES).default('all'),
      })
      .strict()
      .default({ role: 'all' }),
    demo: z.boolean().default(true),
    /** With the demo: play the sample data loggers over HJ 212 against the receiver (else write values directly). */
    demoSimulator: z.boolean().default(true),
    /** Days of simulated history the demo seeds before today. */
    demoHistoryDays: z.coerce.number().int().min(0).max(3660).default(365),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /**
     * Signed checkpoints of the hash chains (issue 11). The Ed25519 private key, kept outside the database (created
     * with mode 0600 on first use; its public key is written beside it as *.pub.pem). Default: checkpoint-key.pem
     * in the data folder (the SQLite file's folder, else ./data).
     */
    checkpointKeyFile: z.string().min(1).optional(),
    /** The append-only file of signed checkpoints, one JSON line each. Default: checkpoints.jsonl in the data folder. */
    checkpointFile: z.string().min(1).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Explicit overrides (CLI flags): any key; `node` may name only some of its keys. */
export type ConfigOverrides = Partial<Omit<Config, 'node'>> & { node?: Partial<Config['node']> };

/** Environment variables that override the file; each maps onto one config key. */
const ENV_KEYS = {
  QINGSHAN_DB: 'db',
  QINGSHAN_HTTP_PORT: 'httpPort',
  QINGSHAN_HTTP_HOST: 'httpHost',
  QINGSHAN_TCP_PORT: 'tcpPort',
  QINGSHAN_TCP_HOST: 'tcpHost',
  QINGSHAN_DEMO: 'demo',
  QINGSHAN_DEMO_SIMULATOR: 'demoSimulator',
  QINGSHAN_DEMO_HISTORY_DAYS: 'demoHistoryDays',
  QINGSHAN_LOG_LEVEL: 'logLevel',
  QINGSHAN_CHECKPOINT_KEY_FILE: 'checkpointKeyFile',
  QINGSHAN_CHECKPOINT_FILE: 'checkpointFile',
} as const satisfies Record<string, keyof Config>;

/** Environment variables that override one key of `air` (merged over the file's `air`). */
const AIR_ENV_KEYS = {
  QINGSHAN_AIR_DISTRICT_METHOD: 'districtMethod',
  QINGSHAN_AIR_COMPOSITE_DIVISORS: 'compositeDivisors',
  QINGSHAN_AIR_ROUNDING: 'rounding',
} as const;

/** Environment variables that override one key of `node` (merged over the file's `node`). */
const NODE_ENV_KEYS = {
  QINGSHAN_NODE_ID: 'id',
  QINGSHAN_NODE_ROLE: 'role',
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnvValue(key: keyof Config, raw: string): unknown {
  if (key === 'demo' || key === 'demoSimulator')
    return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
  return raw;
}

/**
 * Defaults, then the JSON file (if any), then environment variables, then explicit overrides (CLI flags).
 * Fails fast with every problem listed, so a bad deployment never half-starts.
 */
export function loadConfig(
  options: { file?: string; env?: Record<string, string | undefined>; overrides?: ConfigOverrides } = {},
): Config {
  const env = options.env ?? process.env;
  const file =
    options.file ??
    env.QINGSHAN_CONFIG ??
    (existsSync('qingshan.config.json') ? 'qingshan.config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`无法读取配置文件 / cannot read config file ${file}: ${(err as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') fromEnv[key] = parseEnvValue(key, raw);
  }
  const airFromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(AIR_ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (key !== 'rounding') airFromEnv[key] = raw;
    else {
      try {
        airFromEnv[key] = JSON.parse(raw) as unknown;
      } catch (err) {
        throw new ConfigError(`${name} 不是有效的 JSON / is not valid JSON: ${(err as Error).message}`);
      }
    }
  }
  if (Object.keys(airFromEnv).length > 0) {
    const fileAir = fromFile.air;
    fromEnv.air = { ...(typeof fileAir === 'object' && fileAir !== null ? fileAir : {}), ...airFromEnv };
  }
  const defined: Record<string, unknown> = Object.fromEntries(
    Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined),
  );
  // `node` merges key by key: file, then env, then flags (`--role` alone keeps a node id from the file).
  const nodeFromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(NODE_ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') nodeFromEnv[key] = raw;
  }
  const nodeParts = [fromFile.node, nodeFromEnv, defined.node].filter(
    (v): v is Record<string, unknown> => typeof v === 'object' && v !== null,
  );
  if (nodeParts.length > 1 || Object.keys(nodeFromEnv).length > 0) {
    defined.node = Object.assign(
      {},
      ...nodeParts.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))),
    );
  }
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...defined });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(
      `配置无效 / invalid configuration${file ? ` (file ${file})` : ''}:\n  ${problems.join('\n  ')}`,
    );
  }
  return result.data;
}

/** Hides credentials in a database URL before it is logged. */
export function maskSecrets(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
