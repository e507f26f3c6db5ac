import { z } from 'zod';

/** The platform's own endpoints: health and the OpenAPI document. */

/** GET /api/health: 200 once start-up is done, 503 with status 'starting' before. */
export const healthBody = z.object({
  status: z.enum(['ok', 'starting']),
  engine: z.enum(['sqlite', 'postgres']),
});
export type HealthBody = z.infer<typeof healthBody>;

/** GET /api/openapi.json: an OpenAPI 3.0 document (its paths are checked by the contract test, not here). */
export const openApiDocumentBody = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
