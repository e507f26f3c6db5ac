/**
 * The closed loop's vocabulary (issue 15): states, actions, roles, clocks and the shape of a case type's table.
 * The tables themselves are in case-types.ts; replay.ts folds an event log into a state, decide.ts checks a
 * command against the table. Clocks are named here only: their arithmetic (working days, Asia/Shanghai) is the
 * calendar's (src/rules/time).
 */

/**
 * `new` is the state before the first event (交办 creates the case). `refused` is 退单 awaiting the district
 * office's 审定; `waiting-reporter` pauses the clocks. `cancelled` and `merged` end a case without 销号.
 */
export const CASE_STATUSES = [
  'new',
  'dispatched',
  'accepted',
  'rectifying',
  'reported',
  'verified',
  'closed',
  'refused',
  'waiting-reporter',
  'cancelled',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Terminal: nothing leaves them except `reopen` from closed (so closed is not terminal, only final). */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['cancelled', 'merged'];

export const STATUS_NAMES: Record<CaseStatus, { zh: string; en: string }> = {
  new: { zh: '新建', en: 'New' },
  dispatched: { zh: '已交办', en: 'Dispatched' },
  accepted: { zh: '已签收', en: 'Accepted' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  reported: { zh: '已反馈', en: 'Reported back' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已销号', en: 'Closed' },
  refused: { zh: '退单待审定', en: 'Refused, awaiting review' },
  'waiting-reporter': { zh: '待报告人补充', en: 'Waiting for the reporter' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
  merged: { zh: '已合并', en: 'Merged' },
};

export const CASE_ACTIONS = [
  'dispatch',
  'accept',
  'refuse',
  'reassign',
  'insist',
  'start-rectification',
  'report',
  'reject-report',
  'verify',
  'close',
  'reopen',
  'pause',
  'resume',
  'extend',
  'cancel',
  'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const ACTION_NAMES: Record<CaseAction, { zh: string; en: string }> = {
  dispatch: { zh: '交办', en: 'Dispatch' },
  accept: { zh: '签收', en: 'Accept' },
  refuse: { zh: '退单', en: 'Refuse' },
  reassign: { zh: '审定改派', en: 'Review: reassign' },
  insist: { zh: '审定维持', en: 'Review: insist' },
  'start-rectification': { zh: '开始整改', en: 'Start rectification' },
  report: { zh: '反馈', en: 'Report back' },
  'reject-report': { zh: '核查不通过', en: 'Verification failed' },
  verify: { zh: '核查通过', en: 'Verify' },
  close: { zh: '销号', en: 'Close' },
  reopen: { zh: '重新打开', en: 'Reopen' },
  pause: { zh: '等待报告人', en: 'Wait for the reporter' },
  resume: { zh: '恢复办理', en: 'Resume' },
  extend: { zh: '延期', en: 'Extend' },
  cancel: { zh: '撤销', en: 'Cancel' },
  merge: { zh: '合并', en: 'Merge' },
};

/**
 * The project's role ids (src/rules/access/roles.ts) plus `system`: hotspot and monitoring cases are opened by
 * the platform itself (issues 16, 17), not by a person.
 */
export const CASE_ROLES = [
  'office-admin',
  'leader',
  'department',
  'township',
  'inspector',
  'enterprise',
  'public',
  'system',
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** Roles that act for a unit: they may act only on cases their unit owns. */
export const UNIT_ROLES: readonly CaseRole[] = ['township', 'department', 'inspector'];

/** The district office owns a case while a refusal awaits its review, so a case is never without an owner. */
export const DISTRICT_OFFICE = 'district-office';

/**
 * What a step must carry besides the reason. `evidence`: at least one photo or document ref; `conclusion`: the
 * verifier's written conclusion; `lead-unit`: the unit the case goes to; `variant`: which limit applies
 * (ordinary/complex, key/other); `due-date`: a deadline set per case (督察 ledgers give one per finding);
 * `extension-days`: how long an extension runs; `merge-target`: the case this one is merged into;
 * `clue-verdict`: whether a monitoring clue was right (issue 16 counts wrong clues).
 */
export const REQUIREMENTS = [
  'evidence',
  'conclusion',
  'lead-unit',
  'variant',
  'due-date',
  'extension-days',
  'merge-target',
  'clue-verdict',
] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export type ClockName = 'acceptance' | 'review' | 'on-site' | 'handling' | 'verification';

/** working-days: the State Council calendar; calendar-days, hours, minutes: wall time in Asia/Shanghai. */
export type ClockBasis = 'working-days' | 'calendar-days' | 'hours' | 'minutes';

export interface ClockDefinition {
  nameZh: string;
  basis: ClockBasis;
  /** The limit; null when each case carries its own (`due-date` at dispatch). */
  amount: number | null;
  /** Other limits chosen by the case's `variant` at dispatch, e.g. { complex: 15 }. */
  variants?: Readonly<Record<string, number>>;
  /** The most an `extend` may add in total (12369: 30 days). */
  maxExtension?: number;
}

/**
 * `previous`: back to the state before the pause. `same`: the step leaves the status as it is (an extension).
 */
export type Target = CaseStatus | 'previous' | 'same';

export interface ClockEffects {
  start?: readonly ClockName[];
  stop?: readonly ClockName[];
  /** Reopen a stopped clock; the stopped time counts as paused (a failed verification resumes the unit's clock). */
  continue?: readonly ClockName[];
  /** Pause (or resume) every open clock: the reporter holds the case. */
  pauseAll?: boolean;
  resumeAll?: boolean;
}

export interface TransitionDefinition {
  action: CaseAction;
  from: readonly CaseStatus[];
  to: Target;
  roles: readonly CaseRole[];
  requires: readonly Requirement[];
  reasonRequired: boolean;
  clocks: ClockEffects;
}

export interface CaseTypeDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  /** How the real loop runs, for the dispatch and review jobs (督察: monthly dispatch, quarterly verification). */
  cadence?: { dispatch?: 'monthly'; verification?: 'quarterly' };
  variants?: readonly string[];
  clocks: Partial<Record<ClockName, ClockDefinition>>;
  transitions: readonly TransitionDefinition[];
}

export function transitionFor(def: CaseTypeDefinition, action: CaseAction): TransitionDefinition | undefined {
  return def.transitions.find((t) => t.action === action);
}
