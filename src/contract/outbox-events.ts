import { z } from 'zod';

/**
 * The topics of the event outbox (issue 14) and each one's payload. A producer validates its payload here before
 * the row is written; a consumer parses it here when it reads, so both ends agree on one schema. Names are
 * `context.event`; the next contexts add theirs beside these (case.*, hotspot.*, exceedance.*, signal.*).
 * A payload never carries a secret (passwords, keys): consumers on every node read every row.
 */

const epochMs = z.number().int();
const period = z.enum(['raw', 'minute', 'hour', 'day']);

export const outboxPayloads = {
  /** Values committed by one ingest commit: per site and period, the span of period starts touched. */
  'measurements.stored': z.object({
    values: z.number().int().min(0),
    spans: z.array(z.object({ siteId: z.number().int(), period, from: epochMs, to: epochMs })),
  }),
  /** Data again from a logger that was offline (or seen for the first time). */
  'device.online': z.object({
    mn: z.string(),
    siteId: z.number().int(),
    at: epochMs,
    offlineSince: epochMs.nullable(),
  }),
  /** No data for offline_after_missed × expected_interval_s. */
  'device.offline': z.object({
    mn: z.string(),
    siteId: z.number().int(),
    at: epochMs,
    lastSeenAt: epochMs.nullable(),
    expectedIntervalS: z.number(),
    missed: z.number().int(),
  }),
  /** A logger was registered, changed, re-keyed or removed: receivers re-read it by MN (never the secrets here). */
  'device.registry_changed': z.object({
    mn: z.string(),
    change: z.enum(['created', 'updated', 'rotated', 'removed']),
  }),
  /** A packet from an unknown MN, with a wrong password or otherwise refused was kept in quarantine. */
  'packet.quarantined': z.object({ mn: z.string().nullable(), peer: z.string(), reason: z.string() }),
  /** A `platform.ping` timer fired (`qingshan jobs ping`): which job, on which node, when it was due and ran. */
  'platform.pinged': z.object({ jobId: z.number().int(), node: z.string(), dueAt: epochMs, ranAt: epochMs }),
} as const;

export type OutboxTopic = keyof typeof outboxPayloads;
export const OUTBOX_TOPICS = Object.keys(outboxPayloads) as OutboxTopic[];
export type OutboxPayload<T extends OutboxTopic> = z.infer<(typeof outboxPayloads)[T]>;

/** One event as a consumer receives it: the row's position and time, its topic and its parsed payload. */
export type OutboxEvent = {
  [T in OutboxTopic]: {
    id: number;
    tx: number;
    at: number;
    topic: T;
    subject: string | null;
    node: string | null;
    payload: OutboxPayload<T>;
  };
}[OutboxTopic];

export function isOutboxTopic(topic: string): topic is OutboxTopic {
  return Object.hasOwn(outboxPayloads, topic);
}

/** Check a payload against its topic's schema (throws a ZodError naming the field). */
export function parseOutboxPayload<T extends OutboxTopic>(topic: T, payload: unknown): OutboxPayload<T> {
  return outboxPayloads[topic].parse(payload) as OutboxPayload<T>;
}
