import { z } from 'zod';

/** What one `qingshan serve` process runs (issue 14); `all` is the single-node default. */
export const NODE_ROLES = ['all', 'api', 'receiver', 'worker'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** How far one consumer of the event outbox lags behind it on this node (issue 14). */
export const consumerLag = z.object({
  name: z.string(),
  /** durable: one node at a time holds its cursor (a lease); broadcast: every node runs its own. */
  kind: z.enum(['durable', 'broadcast']),
  /** Events committed to the outbox (of its topics) that this consumer has not yet handled. */
  behindEvents: z.number().int().min(0),
  /** Age of the oldest of them (ms), 0 when it is not behind. */
  oldestPendingAgeMs: z.number().min(0),
  /** durable: the node holding the cursor (null = nobody). */
  owner: z.string().nullable().optional(),
});
export type ConsumerLag = z.infer<typeof consumerLag>;

/**
 * GET /api/health: 200 `ok` once this node's parts are ready, 503 `starting` before. Every node answers it,
 * whatever its role, so a load balancer can probe receivers and workers as well as API nodes.
 */
export const healthResponse = z.object({
  status: z.enum(['ok', 'starting']),
  engine: z.enum(['sqlite', 'postgres']),
  nodeId: z.string(),
  role: z.enum(NODE_ROLES),
  consumers: z.array(consumerLag),
});
export type HealthResponse = z.infer<typeof healthResponse>;
