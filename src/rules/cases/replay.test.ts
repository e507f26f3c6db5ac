import { describe, expect, it } from 'vitest';
import { HOTLINE_12345, HOTSPOT, INSPECTION_FINDING, REPORT_12369 } from './case-types.ts';
import { type CaseActor, type CaseCommand, decide } from './decide.ts';
import { type CaseTypeDefinition, DISTRICT_OFFICE } from './lifecycle.ts';
import { type CaseEvent, type CaseState, initialState, ReplayError, replay } from './replay.ts';

const T0 = Date.UTC(2026, 2, 2, 1, 0); // Monday 2 March 2026, 09:00 in Asia/Shanghai
const H = 3_600_000;
const office: CaseActor = { id: 'zhang', role: 'office-admin', unitId: null };
const townA: CaseActor = { id: 'li', role: 'township', unitId: 'township-a' };
const townB: CaseActor = { id: 'wang', role: 'township', unitId: 'township-b' };
const photo = [{ kind: 'photo' as const, ref: 'sha256:ab12' }];

/** Runs commands through decide() and keeps the log, as the service will. */
function walk(
  def: CaseTypeDefinition,
  steps: [CaseActor, CaseCommand][],
): { log: CaseEvent[]; state: CaseState } {
  const log: CaseEvent[] = [];
  let state = initialState(def);
  for (const [actor, command] of steps) {
    const d = decide(state, command, actor, def);
    if (!d.ok) throw new Error(`${command.action}: ${d.refusal.code} ${d.refusal.messageEn}`);
    log.push(d.event);
    state = replay(log, def);
  }
  return { log, state };
}

describe('a 12345 ticket through the loop', () => {
  const dispatch: [CaseActor, CaseCommand] = [
    office,
    { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a', variant: 'complex' } },
  ];

  it('starts the 签收 and handling clocks at 交办, and 签收 stops only its own', () => {
    const { state } = walk(HOTLINE_12345, [
      dispatch,
      [townA, { action: 'accept', at: T0 + 2 * H, payload: {} }],
    ]);
    expect(state).toMatchObject({ status: 'accepted', owner: 'township-a', variant: 'complex' });
    expect(state.deadlines).toEqual(['handling']);
    expect(state.clocks.handling).toEqual({ startedAt: T0, pausedMs: 0, pausedSince: null, extendedBy: 0 });
    expect(state.stoppedClocks.acceptance).toMatchObject({ startedAt: T0, stoppedAt: T0 + 2 * H });
  });

  it('pauses every clock while waiting for the reporter and returns to where it was', () => {
    const { state } = walk(HOTLINE_12345, [
      dispatch,
      [townA, { action: 'accept', at: T0 + H, payload: {} }],
      [townA, { action: 'start-rectification', at: T0 + 2 * H, payload: {} }],
      [townA, { action: 'pause', at: T0 + 3 * H, payload: {}, reason: '联系不上举报人，待补充地址' }],
      [townA, { action: 'resume', at: T0 + 27 * H, payload: {} }],
    ]);
    expect(state.status).toBe('rectifying');
    expect(state.clocks.handling).toMatchObject({ startedAt: T0, pausedMs: 24 * H, pausedSince: null });
  });

  it('keeps the unit clock running through a failed verification, the verifier time counted as paused', () => {
    const { state } = walk(HOTLINE_12345, [
      dispatch,
      [townA, { action: 'accept', at: T0 + H, payload: {} }],
      [townA, { action: 'start-rectification', at: T0 + 2 * H, payload: {} }],
      [townA, { action: 'report', at: T0 + 10 * H, payload: { evidence: photo } }],
      [
        office,
        {
          action: 'reject-report',
          at: T0 + 14 * H,
          payload: { conclusion: '回访群众不满意' },
          reason: '油烟仍未治理',
        },
      ],
    ]);
    expect(state.status).toBe('rectifying');
    expect(state.deadlines).toEqual(['handling']);
    expect(state.clocks.handling).toMatchObject({ startedAt: T0, pausedMs: 4 * H });
    expect(state.stoppedClocks.verification).toMatchObject({
      startedAt: T0 + 10 * H,
      stoppedAt: T0 + 14 * H,
    });
  });
});

describe('退单 and 审定: a case is never without an owner', () => {
  const refused = (): [CaseActor, CaseCommand][] => [
    [office, { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a', variant: 'ordinary' } }],
    [townA, { action: 'refuse', at: T0 + H, payload: {}, reason: '该点位属于乙镇辖区' }],
  ];

  it('gives the case to the district office while the refusal awaits review', () => {
    const { state, log } = walk(HOTLINE_12345, refused());
    expect(state).toMatchObject({ status: 'refused', owner: DISTRICT_OFFICE, refusedBy: 'township-a' });
    expect(state.deadlines).toEqual(['handling', 'review']);
    expect(log[1]?.reason).toBe('该点位属于乙镇辖区');
  });

  it('reassigns to another unit, whose 签收 clock starts afresh while the handling clock runs on from 交办', () => {
    const { state } = walk(HOTLINE_12345, [
      ...refused(),
      [
        office,
        { action: 'reassign', at: T0 + 3 * H, payload: { leadUnit: 'township-b' }, reason: '经核实属乙镇' },
      ],
    ]);
    expect(state).toMatchObject({ status: 'dispatched', owner: 'township-b', refusedBy: null });
    expect(state.clocks.acceptance?.startedAt).toBe(T0 + 3 * H);
    expect(state.clocks.handling?.startedAt).toBe(T0);
    expect(
      decide(state, { action: 'accept', at: T0 + 4 * H, payload: {} }, townA, HOTLINE_12345),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'not-owner' },
    });
    expect(decide(state, { action: 'accept', at: T0 + 4 * H, payload: {} }, townB, HOTLINE_12345).ok).toBe(
      true,
    );
  });

  it('insists: the case goes back to the unit that refused it', () => {
    const { state } = walk(HOTLINE_12345, [
      ...refused(),
      [office, { action: 'insist', at: T0 + 3 * H, payload: {}, reason: '属甲镇职责，维持交办' }],
    ]);
    expect(state).toMatchObject({ status: 'dispatched', owner: 'township-a', refusedBy: null });
  });
});

describe('closing, reopening and recurrence', () => {
  it('reopens a closed case with a fresh handling clock and counts it; a recurrence link stays', () => {
    const { state } = walk(INSPECTION_FINDING, [
      [
        office,
        {
          action: 'dispatch',
          at: T0,
          payload: { leadUnit: 'township-a', dueAt: T0 + 90 * 24 * H, recurrenceOf: 'case-0042' },
        },
      ],
      [townA, { action: 'accept', at: T0 + H, payload: {} }],
      [townA, { action: 'start-rectification', at: T0 + 2 * H, payload: {} }],
      [townA, { action: 'report', at: T0 + 50 * H, payload: { evidence: photo } }],
      [office, { action: 'verify', at: T0 + 60 * H, payload: { conclusion: '验收合格', evidence: photo } }],
      [office, { action: 'close', at: T0 + 61 * H, payload: {} }],
      [office, { action: 'reopen', at: T0 + 900 * H, payload: {}, reason: '群众再次举报，扬尘反弹' }],
    ]);
    expect(state).toMatchObject({
      status: 'rectifying',
      reopenCount: 1,
      recurrenceOf: 'case-0042',
      eventCount: 7,
    });
    expect(state.clocks.handling?.startedAt).toBe(T0 + 900 * H);
  });
});

describe('the hotspot clocks', () => {
  it('opens respond, on-site and report clocks at dispatch; arriving with a photo stops the on-site one', () => {
    const system: CaseActor = { id: 'platform', role: 'system', unitId: null };
    const { state } = walk(HOTSPOT, [
      [system, { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a' } }],
      [townA, { action: 'accept', at: T0 + 10 * 60_000, payload: {} }],
      [townA, { action: 'start-rectification', at: T0 + 50 * 60_000, payload: { evidence: photo } }],
    ]);
    expect(state.deadlines).toEqual(['handling']);
    expect(Object.keys(state.stoppedClocks).sort()).toEqual(['acceptance', 'on-site']);
    expect(HOTSPOT.clocks).toMatchObject({
      acceptance: { basis: 'minutes', amount: 15 },
      'on-site': { basis: 'minutes', amount: 60 },
      handling: { basis: 'minutes', amount: 120 },
    });
  });
});

describe('12369 extension', () => {
  const accepted = walk(REPORT_12369, [
    [office, { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a' } }],
    [townA, { action: 'accept', at: T0 + H, payload: {} }],
  ]);
  const extend = (days: number, at: number): CaseCommand => ({
    action: 'extend',
    at,
    payload: { extensionDays: days },
    reason: '需第三方检测',
  });

  it('extends by at most 30 days in total', () => {
    const d1 = decide(accepted.state, extend(20, T0 + 2 * H), office, REPORT_12369);
    if (!d1.ok) throw new Error(d1.refusal.code);
    const s1 = replay([...accepted.log, d1.event], REPORT_12369);
    expect(s1).toMatchObject({ status: 'accepted', clocks: { handling: { extendedBy: 20 } } });
    expect(decide(s1, extend(11, T0 + 3 * H), office, REPORT_12369)).toMatchObject({
      ok: false,
      refusal: { code: 'invalid-value', requirement: 'extension-days', httpStatus: 422 },
    });
    expect(decide(s1, extend(10, T0 + 3 * H), office, REPORT_12369).ok).toBe(true);
  });

  it('is not a step of the other types', () => {
    expect(decide(accepted.state, extend(5, T0 + 2 * H), office, HOTLINE_12345)).toMatchObject({
      ok: false,
      refusal: { code: 'wrong-order' },
    });
  });
});

describe('refusals a user sees', () => {
  const dispatched = walk(HOTLINE_12345, [
    [office, { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a', variant: 'ordinary' } }],
    [townA, { action: 'accept', at: T0 + H, payload: {} }],
    [townA, { action: 'start-rectification', at: T0 + 2 * H, payload: {} }],
  ]).state;

  it('a report with only coordinates lacks a photo or document, in Chinese and English', () => {
    const d = decide(
      dispatched,
      {
        action: 'report',
        at: T0 + 3 * H,
        payload: { evidence: [{ kind: 'coordinates', ref: '121.1,31.2' }] },
      },
      townA,
      HOTLINE_12345,
    );
    expect(d).toEqual({
      ok: false,
      refusal: {
        code: 'missing-evidence',
        httpStatus: 422,
        requirement: 'evidence',
        messageZh: '反馈须提供至少一张照片或一份文件',
        messageEn: '"Report back" needs at least one photo or document',
      },
    });
  });

  it('a step dated before the previous one (a wrong clock on a phone) is an invalid value', () => {
    const d = decide(
      dispatched,
      { action: 'pause', at: T0 + H, payload: {}, reason: '待补充' },
      townA,
      HOTLINE_12345,
    );
    expect(d).toMatchObject({ ok: false, refusal: { code: 'invalid-value', httpStatus: 422 } });
  });

  it('an unknown 12345 category and a 督察 due date in the past are invalid values', () => {
    const variant = decide(
      initialState(HOTLINE_12345),
      { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a', variant: 'urgent' } },
      office,
      HOTLINE_12345,
    );
    expect(variant).toMatchObject({ ok: false, refusal: { code: 'invalid-value', requirement: 'variant' } });
    const due = decide(
      initialState(INSPECTION_FINDING),
      { action: 'dispatch', at: T0, payload: { leadUnit: 'township-a', dueAt: T0 - 1 } },
      office,
      INSPECTION_FINDING,
    );
    expect(due).toMatchObject({ ok: false, refusal: { code: 'invalid-value', requirement: 'due-date' } });
  });
});

describe('replay of a log written around the rules', () => {
  it('refuses an event its state does not allow', () => {
    const forged: CaseEvent[] = [
      {
        at: T0,
        actor: 'zhang',
        role: 'office-admin',
        action: 'dispatch',
        payload: { leadUnit: 'township-a' },
      },
      { at: T0 + H, actor: 'zhang', role: 'office-admin', action: 'close', payload: {} },
    ];
    expect(() => replay(forged, REPORT_12369)).toThrow(ReplayError);
  });
});
