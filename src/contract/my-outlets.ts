import { z } from 'zod';

/**
 * 我的排口 (issue 12): the outlets assigned to the signed-in user (an inspector's assigned sites, an enterprise's
 * own outlets), with the state of their loggers and their newest values. The same scope the server enforces:
 * another user's outlet is answered like one that does not exist.
 */

export const myOutletLogger = z.object({
  mn: z.string(),
  name: z.string().nullable(),
  enabled: z.boolean(),
  state: z.enum(['unknown', 'online', 'offline']),
  /** Epoch ms. */
  stateSince: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
  /** DataTime of the newest data packet, epoch ms. */
  lastDataTime: z.number().nullable(),
});
export type MyOutletLogger = z.infer<typeof myOutletLogger>;

export const myOutletValue = z.object({
  /** As stored: an outlet's values are kept under their HJ 212 factor codes (a21026 …). */
  parameter: z.string(),
  value: z.number().nullable(),
  /** HJ 212 data flag (N, F, M, S, D, C, T, B) as sent, or null. */
  flag: z.string().nullable(),
});

export const myOutlet = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  townshipId: z.string().nullable(),
  isSample: z.boolean(),
  loggers: z.array(myOutletLogger),
  /** The newest instant with values (real-time first, else the newest hour); null when nothing arrived. */
  latest: z
    .object({
      /** Epoch ms: the DataTime of a real-time value, the start of the hour of an hourly one. */
      time: z.number(),
      period: z.enum(['raw', 'hour']),
      values: z.array(myOutletValue),
    })
    .nullable(),
});
export type MyOutlet = z.infer<typeof myOutlet>;

export const myOutletsBody = z.object({ outlets: z.array(myOutlet) });
export type MyOutletsBody = z.infer<typeof myOutletsBody>;
