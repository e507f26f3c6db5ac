import { z } from 'zod';

/**
 * A signed checkpoint of a hash chain's head (issue 11), as written to the node's checkpoint file: verifiable with
 * that node's public key alone (`qingshan audit verify --checkpoints`). Kept anywhere else, a copy is one more
 * record the database cannot rewrite.
 */
export const chainCheckpointBody = z.object({
  v: z.literal(1),
  /** 'audit_log', 'raw_packets' or 'raw_packets/<nodeId>'. */
  chain: z.string(),
  /** Id of the chain's newest row; null while the chain is empty. */
  headId: z.number().int().nullable(),
  /** That row's hash (SHA-256, hex). */
  headHash: z.string(),
  /** When the head was read (ISO 8601, UTC). */
  at: z.string(),
  node: z.string(),
  /** The signing key's id: the first 16 hex digits of the SHA-256 of its public key. */
  keyId: z.string(),
  /** Ed25519 signature, base64. */
  sig: z.string(),
});

export const checkpointsWrittenBody = z.object({
  keyId: z.string(),
  checkpoints: z.array(chainCheckpointBody),
});

export type ChainCheckpointBody = z.infer<typeof chainCheckpointBody>;
export type CheckpointsWrittenBody = z.infer<typeof checkpointsWrittenBody>;
