import type { Context } from 'hono';
import type { ConsumerLag, HealthResponse, NodeRole } from '#contract/health.ts';
import type { Engine } from '#store/engine.ts';

/** Who this node is, for /api/health (issue 14). */
export interface NodeIdentity {
  id: string;
  role: NodeRole;
}

export interface HealthDeps {
  db: { engine: Engine };
  isReady: () => boolean;
  node?: NodeIdentity;
  /** How far this node's outbox consumers lag; default none (the outbox supplies it). */
  consumers?: () => readonly ConsumerLag[] | Promise<readonly ConsumerLag[]>;
}

/** A node that was not told who it is: the single-node default. */
export const UNNAMED_NODE: NodeIdentity = { id: 'local', role: 'all' };

/** The handler of GET /api/health: 503 until this node's parts are ready; the same answer on every role. */
export function healthHandler(deps: HealthDeps): (c: Context) => Promise<Response> {
  const node = deps.node ?? UNNAMED_NODE;
  return async (c) => {
    const ready = deps.isReady();
    const body: HealthResponse = {
      status: ready ? 'ok' : 'starting',
      engine: deps.db.engine,
      nodeId: node.id,
      role: node.role,
      consumers: [...((await deps.consumers?.()) ?? [])],
    };
    return ready ? c.json(body) : c.json(body, 503);
  };
}
