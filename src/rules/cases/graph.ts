/**
 * The state graph a case type's table draws, for the checks that no state is unreachable and none is a dead end
 * (every open case can still be closed), and for a diagram on the case pages.
 */
import type { CaseAction, CaseStatus, CaseTypeDefinition } from './lifecycle.ts';

export interface Edge {
  from: CaseStatus;
  to: CaseStatus;
  action: CaseAction;
}

/** `previous` resolves to every state a pause leaves from; `same` draws no edge. */
export function edges(def: CaseTypeDefinition): Edge[] {
  const pausedFrom = def.transitions.filter((t) => t.to === 'waiting-reporter').flatMap((t) => t.from);
  const out: Edge[] = [];
  for (const t of def.transitions) {
    if (t.to === 'same') continue;
    const targets = t.to === 'previous' ? pausedFrom : [t.to];
    for (const from of t.from) for (const to of targets) out.push({ from, to, action: t.action });
  }
  return out;
}

function closure(start: CaseStatus, next: (s: CaseStatus) => CaseStatus[]): Set<CaseStatus> {
  const seen = new Set<CaseStatus>([start]);
  const queue = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const n of next(s)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

export function reachableFrom(def: CaseTypeDefinition, start: CaseStatus): Set<CaseStatus> {
  const es = edges(def);
  return closure(start, (s) => es.filter((e) => e.from === s).map((e) => e.to));
}

/** The states from which `target` can still be reached. */
export function canReach(def: CaseTypeDefinition, target: CaseStatus): Set<CaseStatus> {
  const es = edges(def);
  return closure(target, (s) => es.filter((e) => e.to === s).map((e) => e.from));
}
