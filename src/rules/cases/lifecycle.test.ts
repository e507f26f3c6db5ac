/**
 * Transition tests generated from the case-type tables (issue 15: "the transition tests are generated from the
 * state definitions, so a new transition without a test fails"): every type × every step × every state it may
 * start from, every role, every state it may not start from, every piece of evidence left out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../access/roles.ts';
import { CASE_TYPES } from './case-types.ts';
import { type CaseActor, type CaseCommand, decide, OWNER_ACTIONS, VERIFY_ACTIONS } from './decide.ts';
import { canReach, reachableFrom } from './graph.ts';
import {
  CASE_ACTIONS,
  CASE_ROLES,
  CASE_STATUSES,
  type CaseAction,
  type CaseRole,
  type CaseStatus,
  type CaseTypeDefinition,
  TERMINAL_STATUSES,
  type TransitionDefinition,
  UNIT_ROLES,
} from './lifecycle.ts';
import { apply, type CaseEvent, type CasePayload, type CaseState, initialState, replay } from './replay.ts';

const T0 = Date.UTC(2026, 2, 2, 1, 0); // Monday 2 March 2026, 09:00 in Asia/Shanghai
const DAY = 86_400_000;

/** A payload that meets every requirement of the step, or null when the step cannot be taken validly now. */
function validPayload(def: CaseTypeDefinition, t: TransitionDefinition, state: CaseState, at: number) {
  const p: CasePayload = {};
  for (const r of t.requires) {
    if (r === 'evidence') p.evidence = [{ kind: 'photo', ref: 'sha256:1f2e' }];
    if (r === 'conclusion') p.conclusion = '现场核查，问题已整改到位';
    if (r === 'lead-unit') p.leadUnit = t.action === 'reassign' ? 'township-b' : 'township-a';
    if (r === 'variant') p.variant = def.variants?.[0] ?? 'none';
    if (r === 'due-date') p.dueAt = at + 30 * DAY;
    if (r === 'merge-target') p.mergedInto = 'case-0001';
    if (r === 'clue-verdict') p.clueConfirmed = true;
    if (r === 'extension-days') {
      const left = (def.clocks.handling?.maxExtension ?? 0) - (state.clocks.handling?.extendedBy ?? 0);
      if (left <= 0) return null;
      p.extensionDays = Math.min(10, left);
    }
  }
  return p;
}

/** A unit role acts for the owning unit on its own steps, and from another unit (the enforcement team) on others. */
const actorFor = (role: CaseRole, state: CaseState, action: CaseAction): CaseActor => ({
  id: `u-${role}`,
  role,
  unitId: !UNIT_ROLES.includes(role)
    ? null
    : OWNER_ACTIONS.includes(action)
      ? state.owner
      : 'enforcement-team',
});

function commandFor(
  def: CaseTypeDefinition,
  t: TransitionDefinition,
  state: CaseState,
  at: number,
): CaseCommand | null {
  const payload = validPayload(def, t, state, at);
  if (!payload) return null;
  return { action: t.action, at, payload, ...(t.reasonRequired ? { reason: '经核实不属于本单位职责' } : {}) };
}

/** One real case in each status, reached through decide() from the initial state (breadth first). */
function casesByStatus(def: CaseTypeDefinition): Map<CaseStatus, CaseEvent[]> {
  const found = new Map<CaseStatus, CaseEvent[]>([['new', []]]);
  const queue: CaseEvent[][] = [[]];
  for (let log = queue.shift(); log !== undefined; log = queue.shift()) {
    const state = replay(log, def);
    for (const t of def.transitions.filter((x) => x.from.includes(state.status))) {
      const at = T0 + (log.length + 1) * 3_600_000;
      const role = t.roles[0];
      const command = commandFor(def, t, state, at);
      if (!role || !command) continue;
      const d = decide(state, command, actorFor(role, state, t.action), def);
      if (!d.ok) throw new Error(`${def.id} ${t.action}: ${d.refusal.code}`);
      const next = [...log, d.event];
      const status = replay(next, def).status;
      if (!found.has(status)) {
        found.set(status, next);
        queue.push(next);
      }
    }
  }
  return found;
}

describe.each(CASE_TYPES.map((def) => [def.id, def] as const))('case type %s', (_id, def) => {
  const cases = casesByStatus(def);
  const stateIn = (s: CaseStatus) => {
    const log = cases.get(s);
    if (!log) throw new Error(`${s} not reached`);
    return { log, state: replay(log, def), at: T0 + (log.length + 1) * 3_600_000 };
  };

  it('has each step once, and every status of the loop is reachable through decide()', () => {
    const actions = def.transitions.map((t) => t.action);
    expect(new Set(actions).size).toBe(actions.length);
    const mentioned = def.transitions.flatMap((t) => [
      ...t.from,
      ...(t.to === 'same' || t.to === 'previous' ? [] : [t.to]),
    ]);
    const used = new Set<CaseStatus>(['new', ...mentioned]);
    for (const s of used) expect(cases.has(s), s).toBe(true);
    expect(reachableFrom(def, 'new')).toEqual(used);
    expect(new Set(cases.keys())).toEqual(used);
  });

  it('can still close every case that is not cancelled or merged (no dead ends)', () => {
    const closable = canReach(def, 'closed');
    for (const s of reachableFrom(def, 'new')) {
      if (!TERMINAL_STATUSES.includes(s)) expect(closable.has(s), s).toBe(true);
    }
  });

  it('gives every clock a step that starts it and one that ends it', () => {
    for (const name of Object.keys(def.clocks)) {
      expect(
        def.transitions.some((t) => t.clocks.start?.includes(name as never)),
        name,
      ).toBe(true);
      expect(
        def.transitions.some((t) => t.clocks.stop?.includes(name as never)),
        name,
      ).toBe(true);
    }
  });

  describe.each(def.transitions.map((t) => [t.action, t] as const))('step %s', (_action, t) => {
    const others = CASE_ROLES.filter((r) => !t.roles.includes(r));
    const forbiddenFrom = [...cases.keys()].filter((s) => !t.from.includes(s));

    it.each(t.from.flatMap((s) => t.roles.map((r) => [s, r] as const)))(
      'from %s, role %s with what it needs: lands where the table says',
      (from, role) => {
        const { log, state, at } = stateIn(from);
        const command = commandFor(def, t, state, at);
        if (!command) throw new Error('no valid command');
        const d = decide(state, command, actorFor(role, state, t.action), def);
        expect(d).toMatchObject({ ok: true });
        if (!d.ok) return;
        const expected = t.to === 'same' ? from : t.to === 'previous' ? state.pausedFrom : t.to;
        const after = replay([...log, d.event], def);
        expect(after.status).toBe(expected);
        expect(after.owner).not.toBeNull();
        // The clocks the table names for this step: started ones run from now, stopped ones are no longer open.
        for (const name of t.clocks.start ?? []) {
          if (def.clocks[name])
            expect(after.clocks[name], name).toMatchObject({ startedAt: at, pausedMs: 0 });
        }
        for (const name of t.clocks.stop ?? []) expect(after.clocks[name], name).toBeUndefined();
        for (const name of t.clocks.continue ?? []) {
          if (state.stoppedClocks[name]) expect(after.clocks[name], name).toBeDefined();
        }
        if (t.clocks.pauseAll) for (const c of Object.values(after.clocks)) expect(c.pausedSince).toBe(at);
        if (t.clocks.resumeAll) for (const c of Object.values(after.clocks)) expect(c.pausedSince).toBeNull();
        expect(after.deadlines).toEqual(Object.keys(after.clocks).sort());
        expect(d.event).toMatchObject({ at, actor: `u-${role}`, role, action: t.action });
      },
    );

    if (others.length > 0)
      it.each(others)('refuses role %s (wrong-role, 403)', (role) => {
        const from = t.from[0] as CaseStatus;
        const { state, at } = stateIn(from);
        const command = commandFor(def, t, state, at) as CaseCommand;
        const d = decide(state, command, actorFor(role, state, t.action), def);
        expect(d).toMatchObject({ ok: false, refusal: { code: 'wrong-role', httpStatus: 403 } });
      });

    it.each(forbiddenFrom)('refuses it from %s (wrong-order, 409)', (from) => {
      const { state, at } = stateIn(from);
      const role = t.roles[0] as CaseRole;
      const command = commandFor(def, t, state, at) ?? { action: t.action, at, payload: {}, reason: 'x' };
      const d = decide(state, command, actorFor(role, state, t.action), def);
      expect(d).toMatchObject({ ok: false, refusal: { code: 'wrong-order', httpStatus: 409 } });
    });

    if (t.requires.length > 0)
      it.each([...t.requires])('refuses it without %s (missing-evidence)', (r) => {
        const from = t.from[0] as CaseStatus;
        const { state, at } = stateIn(from);
        const command = commandFor(def, t, state, at) as CaseCommand;
        const key = {
          evidence: 'evidence',
          conclusion: 'conclusion',
          'lead-unit': 'leadUnit',
          variant: 'variant',
          'due-date': 'dueAt',
          'extension-days': 'extensionDays',
          'merge-target': 'mergedInto',
          'clue-verdict': 'clueConfirmed',
        }[r] as keyof CasePayload;
        const { [key]: _left, ...payload } = command.payload;
        const d = decide(
          state,
          { ...command, payload },
          actorFor(t.roles[0] as CaseRole, state, t.action),
          def,
        );
        expect(d).toMatchObject({
          ok: false,
          refusal: { code: 'missing-evidence', httpStatus: 422, requirement: r },
        });
        if (!d.ok) expect(d.refusal.messageZh).toMatch(/须提供/);
      });

    if (t.reasonRequired)
      it('refuses it without a reason, or with a blank one (missing-reason)', () => {
        const from = t.from[0] as CaseStatus;
        const { state, at } = stateIn(from);
        const command = commandFor(def, t, state, at) as CaseCommand;
        const actor = actorFor(t.roles[0] as CaseRole, state, t.action);
        for (const reason of [undefined, '   ']) {
          const d = decide(state, { ...command, reason }, actor, def);
          expect(d).toMatchObject({ ok: false, refusal: { code: 'missing-reason', httpStatus: 422 } });
        }
      });

    const unitRoles = t.roles.filter((r) => UNIT_ROLES.includes(r));
    if (OWNER_ACTIONS.includes(t.action) && unitRoles.length > 0)
      it.each(unitRoles)('refuses role %s of another unit (not-owner)', (role) => {
        const { state, at } = stateIn(t.from[0] as CaseStatus);
        const command = commandFor(def, t, state, at) as CaseCommand;
        const d = decide(state, command, { id: 'u-x', role, unitId: 'township-z' }, def);
        expect(d).toMatchObject({ ok: false, refusal: { code: 'not-owner', httpStatus: 403 } });
      });

    if (VERIFY_ACTIONS.includes(t.action) && unitRoles.length > 0)
      it.each(unitRoles)(
        'refuses role %s of the owning unit: nobody verifies their own work (wrong-role)',
        (role) => {
          const { state, at } = stateIn(t.from[0] as CaseStatus);
          const command = commandFor(def, t, state, at) as CaseCommand;
          const d = decide(state, command, { id: 'u-x', role, unitId: state.owner }, def);
          expect(d).toMatchObject({ ok: false, refusal: { code: 'wrong-role', httpStatus: 403 } });
        },
      );
  });
});

describe('the tables as a whole', () => {
  it('use every action in some case type, so no step is defined without being tested', () => {
    const used = new Set(CASE_TYPES.flatMap((d) => d.transitions.map((t) => t.action)));
    expect([...used].sort()).toEqual([...CASE_ACTIONS].sort());
  });

  it('use only known statuses and make cancelled and merged the only terminal ones', () => {
    for (const def of CASE_TYPES) {
      for (const t of def.transitions) for (const s of t.from) expect(CASE_STATUSES).toContain(s);
      const leaving = new Set(def.transitions.flatMap((t) => t.from));
      const dead = [...reachableFrom(def, 'new')].filter((s) => !leaving.has(s));
      expect(dead.sort(), def.id).toEqual([...TERMINAL_STATUSES].sort());
    }
  });

  it("name the project's roles (src/rules/access/roles.ts) and the platform's own 'system' actor", () => {
    expect([...CASE_ROLES].sort()).toEqual([...DEFAULT_ROLES.map((r) => r.id), 'system'].sort());
  });

  it('have unique ids', () => {
    expect(new Set(CASE_TYPES.map((d) => d.id)).size).toBe(CASE_TYPES.length);
  });
});

describe('replay is the fold of the log (property)', () => {
  it('any valid random sequence of commands replays to the same state, step by step', () => {
    fc.assert(
      fc.property(
        fc.nat(CASE_TYPES.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 72 * 60 })), { maxLength: 40 }),
        (typeIndex, choices) => {
          const def = CASE_TYPES[typeIndex] as CaseTypeDefinition;
          let state = initialState(def);
          let at = T0;
          const log: CaseEvent[] = [];
          for (const [pick, rolePick, minutes] of choices) {
            at += minutes * 60_000;
            const enabled = def.transitions.filter(
              (t) => t.from.includes(state.status) && commandFor(def, t, state, at) !== null,
            );
            const t = enabled[pick % Math.max(enabled.length, 1)];
            if (!t) break;
            const role = t.roles[rolePick % t.roles.length] as CaseRole;
            const d = decide(
              state,
              commandFor(def, t, state, at) as CaseCommand,
              actorFor(role, state, t.action),
              def,
            );
            if (!d.ok) throw new Error(`valid command refused: ${d.refusal.code}`);
            log.push(d.event);
            state = apply(state, d.event, def);
            expect(replay(log, def)).toEqual(state);
            expect(state.owner).not.toBeNull();
            for (const c of Object.values(state.clocks)) expect(c.pausedMs).toBeGreaterThanOrEqual(0);
          }
          // Deterministic: the log as read back from storage (JSON) gives the same state again.
          expect(replay(JSON.parse(JSON.stringify(log)) as CaseEvent[], def)).toEqual(state);
          expect(state.eventCount).toBe(log.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
