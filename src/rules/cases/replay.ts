/**
 * A case's state is the fold of its append-only event log (issue 15: "replaying the log gives the state"). The log
 * is written only through decide(), so apply() trusts roles and evidence, but it still refuses an event its
 * state does not allow: a log that does not replay has been tampered with or written around the rules.
 */
import {
  type CaseAction,
  type CaseRole,
  type CaseStatus,
  type CaseTypeDefinition,
  type ClockName,
  DISTRICT_OFFICE,
  transitionFor,
} from './lifecycle.ts';

export interface EvidenceRef {
  kind: 'photo' | 'document' | 'coordinates' | 'monitoring-data';
  /** Content address (sha256) of the stored file, or the frozen data's id. */
  ref: string;
}

export interface CasePayload {
  leadUnit?: string;
  coUnits?: readonly string[];
  evidence?: readonly EvidenceRef[];
  conclusion?: string;
  variant?: string;
  /** Epoch ms: the case's own deadline where the type has none (督察, supervision findings). */
  dueAt?: number;
  extensionDays?: number;
  mergedInto?: string;
  /** Whether the monitoring clue was right (issue 16). */
  clueConfirmed?: boolean;
  /** The closed case at the same place and type this one repeats, set at dispatch. */
  recurrenceOf?: string;
}

export interface CaseEvent {
  /** Epoch ms. */
  at: number;
  actor: string;
  role: CaseRole;
  action: CaseAction;
  payload: CasePayload;
  reason?: string;
}

export interface OpenClock {
  startedAt: number;
  /** Time the clock did not run: waiting for the reporter, or stopped before it was continued. */
  pausedMs: number;
  pausedSince: number | null;
  /** Days (in the clock's basis) added by extensions. */
  extendedBy: number;
}

export interface StoppedClock extends OpenClock {
  stoppedAt: number;
}

export interface CaseState {
  caseType: string;
  status: CaseStatus;
  /** The status a pause returns to. */
  pausedFrom: CaseStatus | null;
  /** Null only before 交办. */
  owner: string | null;
  /** The unit that refused, while its refusal awaits 审定. */
  refusedBy: string | null;
  coUnits: readonly string[];
  variant: string | null;
  dueAt: number | null;
  clocks: Readonly<Partial<Record<ClockName, OpenClock>>>;
  stoppedClocks: Readonly<Partial<Record<ClockName, StoppedClock>>>;
  /** Names of the open clocks, i.e. the deadlines that currently apply (sorted). */
  deadlines: readonly ClockName[];
  reopenCount: number;
  recurrenceOf: string | null;
  mergedInto: string | null;
  clueConfirmed: boolean | null;
  eventCount: number;
  lastEventAt: number | null;
}

export function initialState(def: CaseTypeDefinition): CaseState {
  return {
    caseType: def.id,
    status: 'new',
    pausedFrom: null,
    owner: null,
    refusedBy: null,
    coUnits: [],
    variant: null,
    dueAt: null,
    clocks: {},
    stoppedClocks: {},
    deadlines: [],
    reopenCount: 0,
    recurrenceOf: null,
    mergedInto: null,
    clueConfirmed: null,
    eventCount: 0,
    lastEventAt: null,
  };
}

export class ReplayError extends Error {}

type Clocks = Partial<Record<ClockName, OpenClock>>;
type Stopped = Partial<Record<ClockName, StoppedClock>>;

function runClocks(state: CaseState, event: CaseEvent, def: CaseTypeDefinition): [Clocks, Stopped] {
  const t = transitionFor(def, event.action);
  const clocks: Clocks = { ...state.clocks };
  const stopped: Stopped = { ...state.stoppedClocks };
  const at = event.at;
  if (!t) return [clocks, stopped];
  for (const name of t.clocks.stop ?? []) {
    const c = clocks[name];
    if (!c) continue;
    const pausedMs = c.pausedSince === null ? c.pausedMs : c.pausedMs + (at - c.pausedSince);
    stopped[name] = { ...c, pausedMs, pausedSince: null, stoppedAt: at };
    delete clocks[name];
  }
  for (const name of t.clocks.continue ?? []) {
    const s = stopped[name];
    if (!s || clocks[name]) continue;
    const { stoppedAt, ...rest } = s;
    clocks[name] = { ...rest, pausedMs: rest.pausedMs + (at - stoppedAt) };
    delete stopped[name];
  }
  for (const name of t.clocks.start ?? []) {
    if (!def.clocks[name]) continue;
    clocks[name] = { startedAt: at, pausedMs: 0, pausedSince: null, extendedBy: 0 };
    delete stopped[name];
  }
  for (const name of Object.keys(clocks) as ClockName[]) {
    const c = clocks[name];
    if (!c) continue;
    if (t.clocks.pauseAll && c.pausedSince === null) clocks[name] = { ...c, pausedSince: at };
    if (t.clocks.resumeAll && c.pausedSince !== null)
      clocks[name] = { ...c, pausedMs: c.pausedMs + (at - c.pausedSince), pausedSince: null };
  }
  if (event.action === 'extend' && clocks.handling && event.payload.extensionDays !== undefined) {
    clocks.handling = {
      ...clocks.handling,
      extendedBy: clocks.handling.extendedBy + event.payload.extensionDays,
    };
  }
  return [clocks, stopped];
}

export function apply(state: CaseState, event: CaseEvent, def: CaseTypeDefinition): CaseState {
  const t = transitionFor(def, event.action);
  if (!t?.from.includes(state.status)) {
    throw new ReplayError(
      `event ${state.eventCount + 1} (${event.action}) is not allowed from ${state.status}`,
    );
  }
  const p = event.payload;
  const status: CaseStatus =
    t.to === 'same' ? state.status : t.to === 'previous' ? (state.pausedFrom ?? 'accepted') : t.to;
  const [clocks, stoppedClocks] = runClocks(state, event, def);
  let owner = state.owner;
  let refusedBy = state.refusedBy;
  if (event.action === 'dispatch' || event.action === 'reassign') {
    owner = p.leadUnit ?? owner;
    refusedBy = null;
  } else if (event.action === 'refuse') {
    refusedBy = state.owner;
    owner = DISTRICT_OFFICE;
  } else if (event.action === 'insist') {
    owner = state.refusedBy ?? owner;
    refusedBy = null;
  }
  return {
    ...state,
    status,
    pausedFrom: event.action === 'pause' ? state.status : event.action === 'resume' ? null : state.pausedFrom,
    owner,
    refusedBy,
    coUnits: p.coUnits ?? state.coUnits,
    variant: p.variant ?? state.variant,
    dueAt: p.dueAt ?? state.dueAt,
    clocks,
    stoppedClocks,
    deadlines: (Object.keys(clocks) as ClockName[]).sort(),
    reopenCount: state.reopenCount + (event.action === 'reopen' ? 1 : 0),
    recurrenceOf: p.recurrenceOf ?? state.recurrenceOf,
    mergedInto: p.mergedInto ?? state.mergedInto,
    clueConfirmed: p.clueConfirmed ?? state.clueConfirmed,
    eventCount: state.eventCount + 1,
    lastEventAt: event.at,
  };
}

/** The state a log gives. Throws ReplayError on an event its state does not allow. */
export function replay(events: readonly CaseEvent[], def: CaseTypeDefinition): CaseState {
  return events.reduce((s, e) => apply(s, e, def), initialState(def));
}
