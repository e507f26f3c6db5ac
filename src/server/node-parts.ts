/**
 * What each role of a node runs besides HTTP (issue 14): the receiver parts (HJ 212 over TCP) and the worker
 * parts (background work). A node of role `all` runs both; `api` runs neither. Each returns what it started
 * and a close() that stops it, so moving a piece of work onto durable jobs changes one function here.
 */
import type { Config } from '#config/config.ts';
import { plausibilityPolicies } from '#config/plausibility.ts';
import type { JobWorker } from '#platform/jobs/worker.ts';
import type { OutboxRunner } from '#platform/outbox/outbox-runner.ts';
import type { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import type { Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';
import type { EventBus } from '../receiver/event-bus.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { type Hj212Receiver, startHj212Receiver } from '../receiver/tcp-server.ts';
import { startJobWorker } from './start-job-worker.ts';

export interface PartsContext {
  config: Config;
  db: Db;
  log: Logger;
  now: () => number;
  bus: EventBus<ReceiverEvents>;
  nodeId: string;
  /** This node's outbox consumers (issue 14): the receiver's registry follows device.registry_changed. */
  outbox?: OutboxRunner;
}

export interface ReceiverParts {
  receiver: Hj212Receiver;
  close(): Promise<void>;
}

/** The HJ 212 receiver; it only records sightings, the device-health job decides online/offline. */
export async function startReceiverParts(ctx: PartsContext): Promise<ReceiverParts> {
  const { config } = ctx;
  const receiver = await startHj212Receiver({
    db: ctx.db,
    log: ctx.log.child('hj212'),
    host: config.tcpHost,
    port: config.tcpPort,
    limits: config.receiverLimits,
    plausibility: plausibilityPolicies(config.plausibility),
    now: ctx.now,
    bus: ctx.bus,
    nodeId: ctx.nodeId,
    ...(ctx.outbox ? { outbox: ctx.outbox } : {}),
    // Device health is a durable job over the stored sightings (worker parts), never this receiver's memory.
    offlineCheck: false,
  });
  return { receiver, close: () => receiver.close() };
}

export interface WorkerParts {
  /** This node's durable job worker: checkpoints, quarantine expiry, device health, later modules' work. */
  jobs: JobWorker;
  close(): Promise<void>;
}

/**
 * The background work, all of it durable jobs and schedules (issue 14; src/platform/jobs/builtin-schedules.ts):
 * the day's signed checkpoints, quarantine expiry, and device health over the stored sighting times. Any number
 * of worker nodes may run: each job is claimed by one at a time, and one that dies loses only its lease.
 */
export async function startWorkerParts(
  ctx: PartsContext,
  checkpoints: ReturnType<typeof checkpointSettings>,
): Promise<WorkerParts> {
  const jobs = await startJobWorker({
    db: ctx.db,
    config: ctx.config,
    checkpoints,
    log: ctx.log.child('jobs'),
    now: ctx.now,
    nodeId: ctx.nodeId,
    bus: ctx.bus,
  });
  return { jobs, close: () => jobs.stop() };
}
