import { z } from 'zod';

/** The platform's own endpoints: health and the OpenAPI document. */

/** GET /api/health: see health.ts (node identity and outbox lag, issue 14). */

/** GET /api/openapi.json: an OpenAPI 3.0 document (its paths are checked by the contract test, not here). */
export const openApiDocumentBody = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
