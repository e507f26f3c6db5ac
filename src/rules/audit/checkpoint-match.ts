/**
 * Holds a chain, as it is today, against the heads its signed checkpoints recorded: the row a checkpoint names must
 * still be in the chain with the hash it had. A chain rewritten with every later hash recomputed verifies on its
 * own, but no longer has the checkpointed hash at the checkpointed position (issue 11).
 *
 * The chain's verifier walks the rows once, a page at a time, and calls `observe` for each row it verified; only
 * the checkpoints are held in memory, never the chain.
 */
import type { SignedCheckpoint } from './checkpoint.ts';
import { GENESIS_HASH } from './hash-chain.ts';

export type CheckpointFinding =
  /**
   * The checkpointed row is there with another hash: a row up to it was rewritten and every later hash
   * recomputed. `after`: the last position a checkpoint still holds below it (the rewrite lies after that row).
   */
  | { kind: 'rewritten'; checkpoint: SignedCheckpoint; hashNow: string; after: number | null }
  /** The chain verifies but no longer holds the checkpointed row: cut back (and perhaps grown again). */
  | { kind: 'missing'; checkpoint: SignedCheckpoint }
  /** The chain breaks before the checkpointed row, so it could not be compared (the break is reported apart). */
  | { kind: 'unchecked'; checkpoint: SignedCheckpoint };

export interface CheckpointMatch {
  /** Checkpoints the chain still agrees with. */
  held: number;
  /** The others, in chain order (then checkpoint time). */
  findings: CheckpointFinding[];
}

export interface CheckpointMatcher {
  /** A row the chain's verifier accepted, in chain order. */
  observe(id: number, hash: string): void;
  /** After the walk: `intact` is the chain's own verdict. */
  finish(intact: boolean): CheckpointMatch;
}

/** A matcher for one chain's checkpoints (whose signatures were verified before). */
export function checkpointMatcher(checkpoints: Iterable<SignedCheckpoint>): CheckpointMatcher {
  const pending = new Map<number, SignedCheckpoint[]>();
  const findings: CheckpointFinding[] = [];
  let held = 0;
  /** The highest position whose checkpoints held so far (rows are observed in chain order). */
  let lastHeld: number | null = null;
  for (const cp of checkpoints) {
    // A checkpoint of an empty chain states nothing any chain could contradict.
    if (cp.headId === null || cp.headHash === GENESIS_HASH) held++;
    else {
      const here = pending.get(cp.headId);
      if (here) here.push(cp);
      else pending.set(cp.headId, [cp]);
    }
  }
  return {
    observe(id, hash) {
      const here = pending.get(id);
      if (here === undefined) return;
      pending.delete(id);
      const after = lastHeld;
      for (const checkpoint of here) {
        if (checkpoint.headHash === hash) {
          held++;
          lastHeld = id;
        } else findings.push({ kind: 'rewritten', checkpoint, hashNow: hash, after });
      }
    },
    finish(intact) {
      for (const here of pending.values()) {
        for (const checkpoint of here) findings.push({ kind: intact ? 'missing' : 'unchecked', checkpoint });
      }
      pending.clear();
      findings.sort(
        (a, b) =>
          (a.checkpoint.headId ?? 0) - (b.checkpoint.headId ?? 0) ||
          (a.checkpoint.at < b.checkpoint.at ? -1 : a.checkpoint.at > b.checkpoint.at ? 1 : 0),
      );
      return { held, findings };
    },
  };
}

/** True when the findings show the chain differs from what was checkpointed (not merely uncheckable). */
export function contradicts(match: CheckpointMatch): boolean {
  return match.findings.some((f) => f.kind !== 'unchecked');
}
