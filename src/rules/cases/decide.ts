/**
 * Checks a command against the case type's table and either writes the event or refuses with a typed reason the
 * API returns as a 4xx (issue 15: "wrong-role, wrong-order and missing-evidence attempts (clear 4xx errors)").
 * The order of the checks is the order a user would fix them in: is this step possible now, may I take it, is my
 * unit the owner, did I give a reason, did I attach what it needs.
 */
import {
  ACTION_NAMES,
  type CaseAction,
  type CaseRole,
  type CaseTypeDefinition,
  type Requirement,
  STATUS_NAMES,
  transitionFor,
  UNIT_ROLES,
} from './lifecycle.ts';
import type { CaseEvent, CasePayload, CaseState } from './replay.ts';

export interface CaseActor {
  id: string;
  /** The role the actor acts in (the service checks the principal holds it). */
  role: CaseRole;
  /** The actor's unit (township or department organisation id); null for the office and the system. */
  unitId: string | null;
}

export interface CaseCommand {
  action: CaseAction;
  /** Epoch ms, from the injected clock. */
  at: number;
  payload: CasePayload;
  reason?: string;
}

export type RefusalCode =
  | 'wrong-order'
  | 'wrong-role'
  | 'not-owner'
  | 'missing-reason'
  | 'missing-evidence'
  | 'invalid-value';

export interface Refusal {
  code: RefusalCode;
  /** 409 for wrong-order, 403 for wrong-role and not-owner, 422 for the rest. */
  httpStatus: 403 | 409 | 422;
  messageZh: string;
  messageEn: string;
  requirement?: Requirement;
}

export type Decision = { ok: true; event: CaseEvent } | { ok: false; refusal: Refusal };

/** Steps the responsible unit takes for itself: only the owning unit may take them. */
export const OWNER_ACTIONS: readonly CaseAction[] = [
  'accept',
  'refuse',
  'start-rectification',
  'report',
  'pause',
  'resume',
];

/** Steps that judge the unit's work: the unit that did it may not take them (an inspector of the owning team). */
export const VERIFY_ACTIONS: readonly CaseAction[] = ['verify', 'reject-report'];

export const REQUIREMENT_NAMES: Record<Requirement, { zh: string; en: string }> = {
  evidence: { zh: '至少一张照片或一份文件', en: 'at least one photo or document' },
  conclusion: { zh: '核查结论', en: "the verifier's conclusion" },
  'lead-unit': { zh: '责任单位', en: 'the responsible unit' },
  variant: { zh: '办理类别', en: 'the handling category' },
  'due-date': { zh: '整改期限', en: 'the due date' },
  'extension-days': { zh: '延期天数', en: 'the extension in days' },
  'merge-target': { zh: '合并到的案件', en: 'the case to merge into' },
  'clue-verdict': { zh: '线索是否属实', en: 'whether the clue was right' },
};

const refuse = (
  code: RefusalCode,
  messageZh: string,
  messageEn: string,
  requirement?: Requirement,
): Decision => ({
  ok: false,
  refusal: {
    code,
    httpStatus: code === 'wrong-order' ? 409 : code === 'wrong-role' || code === 'not-owner' ? 403 : 422,
    messageZh,
    messageEn,
    ...(requirement ? { requirement } : {}),
  },
});

const text = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/** Whether the requirement is present at all (absent → missing-evidence), and if so whether it is valid. */
function check(
  r: Requirement,
  p: CasePayload,
  state: CaseState,
  def: CaseTypeDefinition,
  at: number,
): 'missing' | string | null {
  switch (r) {
    case 'evidence':
      return (p.evidence ?? []).some((e) => (e.kind === 'photo' || e.kind === 'document') && text(e.ref))
        ? null
        : 'missing';
    case 'conclusion':
      return text(p.conclusion) ? null : 'missing';
    case 'lead-unit':
      return text(p.leadUnit) ? null : 'missing';
    case 'merge-target':
      return text(p.mergedInto) ? null : 'missing';
    case 'clue-verdict':
      return typeof p.clueConfirmed === 'boolean' ? null : 'missing';
    case 'variant':
      if (p.variant === undefined) return 'missing';
      return (def.variants ?? []).includes(p.variant) ? null : `variant ${p.variant}`;
    case 'due-date':
      if (p.dueAt === undefined) return 'missing';
      return Number.isFinite(p.dueAt) && p.dueAt > at ? null : 'due date not after now';
    case 'extension-days': {
      const days = p.extensionDays;
      if (days === undefined) return 'missing';
      if (!Number.isInteger(days) || days <= 0) return 'extension not a positive whole number';
      const max = def.clocks.handling?.maxExtension ?? 0;
      const used = state.clocks.handling?.extendedBy ?? 0;
      return used + days <= max ? null : `extension beyond ${max}`;
    }
  }
}

export function decide(
  state: CaseState,
  command: CaseCommand,
  actor: CaseActor,
  def: CaseTypeDefinition,
): Decision {
  const t = transitionFor(def, command.action);
  const step = ACTION_NAMES[command.action];
  const now = STATUS_NAMES[state.status];
  if (!t?.from.includes(state.status)) {
    return refuse(
      'wrong-order',
      `案件当前状态为“${now.zh}”，不能${step.zh}`,
      `The case is ${now.en.toLowerCase()}; it cannot be given "${step.en}" now`,
    );
  }
  // Clocks are differences of event times; an event before the last one would make them run backwards.
  if (!Number.isFinite(command.at) || (state.lastEventAt !== null && command.at < state.lastEventAt)) {
    return refuse('invalid-value', '办理时间早于上一步', 'The time of this step is before the previous step');
  }
  if (!t.roles.includes(actor.role)) {
    return refuse('wrong-role', `当前角色无权${step.zh}`, `Your role may not take the step "${step.en}"`);
  }
  if (
    UNIT_ROLES.includes(actor.role) &&
    OWNER_ACTIONS.includes(command.action) &&
    actor.unitId !== state.owner
  ) {
    return refuse(
      'not-owner',
      `只有责任单位可以${step.zh}`,
      `Only the responsible unit may take the step "${step.en}"`,
    );
  }
  if (
    UNIT_ROLES.includes(actor.role) &&
    VERIFY_ACTIONS.includes(command.action) &&
    actor.unitId === state.owner
  ) {
    return refuse(
      'wrong-role',
      `责任单位不能核查本单位的整改`,
      `The responsible unit may not verify its own work`,
    );
  }
  if (t.reasonRequired && !text(command.reason)) {
    return refuse('missing-reason', `${step.zh}须填写理由`, `"${step.en}" needs a reason`);
  }
  for (const r of t.requires) {
    const problem = check(r, command.payload, state, def, command.at);
    if (problem === null) continue;
    const name = REQUIREMENT_NAMES[r];
    if (problem === 'missing') {
      return refuse('missing-evidence', `${step.zh}须提供${name.zh}`, `"${step.en}" needs ${name.en}`, r);
    }
    return refuse(
      'invalid-value',
      `${name.zh}不符合要求（${problem}）`,
      `${name.en} is not valid (${problem})`,
      r,
    );
  }
  const event: CaseEvent = {
    at: command.at,
    actor: actor.id,
    role: actor.role,
    action: command.action,
    payload: command.payload,
    ...(t.reasonRequired || text(command.reason) ? { reason: command.reason?.trim() } : {}),
  };
  return { ok: true, event };
}
