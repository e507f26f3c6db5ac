import { z } from 'zod';
import { epochMs } from './common.ts';

/** The audit trail over HTTP: who changed what, when, from where, before → after; and the chains' verdicts. */

export const auditQuery = z.object({
  actor: z.string().min(1).max(64).optional(),
  entity: z.string().min(1).max(64).optional(),
  entityId: z.string().min(1).max(128).optional(),
  action: z.string().min(1).max(64).optional(),
  /** Epoch ms, inclusive. */
  from: epochMs.optional(),
  /** Epoch ms, exclusive. */
  to: epochMs.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQueryParams = z.infer<typeof auditQuery>;

export const auditEntryBody = z.object({
  id: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  origin: z.string().nullable(),
  /** The entity before and after the change, as recorded (null where there was none). */
  before: z.unknown(),
  after: z.unknown(),
  detail: z.unknown(),
  hash: z.string(),
});

export const auditPageBody = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  entries: z.array(auditEntryBody),
});

const chainVerdict = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  /** On failure: the first entry that does not verify, and why. */
  firstBroken: z.object({ id: z.union([z.number(), z.string()]), reason: z.string() }).optional(),
});

export const auditVerifyBody = z.object({ audit: chainVerdict });

export type AuditEntryBody = z.infer<typeof auditEntryBody>;
export type AuditPageBody = z.infer<typeof auditPageBody>;
export type AuditVerifyBody = z.infer<typeof auditVerifyBody>;
