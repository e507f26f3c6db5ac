/**
 * The case types of the closed loop (issue 15), one table each: its clocks with the figures the issue gives, and
 * who takes each step with what evidence. The steps are the same loop for every type (交办 → 签收 → 整改 → 反馈 →
 * 核查 → 销号, with 退单/审定, pause, reopen, cancel, merge); `loop()` writes it out and a type changes only what
 * differs. Clock names are resolved by the calendar (src/rules/time), never here.
 */
import type {
  CaseAction,
  CaseRole,
  CaseTypeDefinition,
  ClockDefinition,
  ClockName,
  Requirement,
  TransitionDefinition,
} from './lifecycle.ts';

interface LoopOptions {
  /** Who opens a case (交办). */
  dispatchers: readonly CaseRole[];
  /** Who acts for the responsible unit (签收, 退单, 整改, 反馈). */
  units: readonly CaseRole[];
  /** Who verifies a report (核查/验收). */
  verifiers: readonly CaseRole[];
  /** Clocks open from 交办 besides acceptance and handling (the hotspot's on-site clock). */
  extraClocks?: readonly ClockName[];
  /** More evidence per step than the loop's minimum. */
  requires?: Partial<Record<CaseAction, readonly Requirement[]>>;
  /** Steps this type has that the others do not (12369's extension). */
  extra?: readonly TransitionDefinition[];
}

const OFFICE: readonly CaseRole[] = ['office-admin'];
const WORKING: readonly ('accepted' | 'rectifying')[] = ['accepted', 'rectifying'];

function loop(o: LoopOptions): TransitionDefinition[] {
  const more = (a: CaseAction, base: readonly Requirement[]): readonly Requirement[] => [
    ...base,
    ...(o.requires?.[a] ?? []),
  ];
  const onSite = o.extraClocks ?? [];
  const t = (
    action: CaseAction,
    rest: Omit<TransitionDefinition, 'action' | 'requires'> & { requires?: readonly Requirement[] },
  ): TransitionDefinition => ({ action, ...rest, requires: more(action, rest.requires ?? []) });
  return [
    // The handling clock starts at 交办, not 签收: the ticket that "flies" between units keeps its clock (issue 15).
    t('dispatch', {
      from: ['new'],
      to: 'dispatched',
      roles: o.dispatchers,
      requires: ['lead-unit'],
      reasonRequired: false,
      clocks: { start: ['acceptance', 'handling', ...onSite] },
    }),
    t('accept', {
      from: ['dispatched'],
      to: 'accepted',
      roles: o.units,
      reasonRequired: false,
      clocks: { stop: ['acceptance'] },
    }),
    t('refuse', {
      from: ['dispatched'],
      to: 'refused',
      roles: o.units,
      reasonRequired: true,
      clocks: { stop: ['acceptance'], start: ['review'] },
    }),
    t('reassign', {
      from: ['refused'],
      to: 'dispatched',
      roles: OFFICE,
      requires: ['lead-unit'],
      reasonRequired: true,
      clocks: { stop: ['review'], start: ['acceptance'] },
    }),
    t('insist', {
      from: ['refused'],
      to: 'dispatched',
      roles: OFFICE,
      reasonRequired: true,
      clocks: { stop: ['review'], start: ['acceptance'] },
    }),
    t('start-rectification', {
      from: ['accepted'],
      to: 'rectifying',
      roles: o.units,
      reasonRequired: false,
      clocks: { stop: onSite },
    }),
    t('report', {
      from: ['rectifying'],
      to: 'reported',
      roles: o.units,
      requires: ['evidence'],
      reasonRequired: false,
      clocks: { stop: ['handling'], start: ['verification'] },
    }),
    t('reject-report', {
      from: ['reported'],
      to: 'rectifying',
      roles: o.verifiers,
      requires: ['conclusion'],
      reasonRequired: true,
      clocks: { stop: ['verification'], continue: ['handling'] },
    }),
    t('verify', {
      from: ['reported'],
      to: 'verified',
      roles: o.verifiers,
      requires: ['conclusion'],
      reasonRequired: false,
      clocks: { stop: ['verification'] },
    }),
    t('close', { from: ['verified'], to: 'closed', roles: OFFICE, reasonRequired: false, clocks: {} }),
    // A reopened case goes back to its unit's rectification with a fresh handling clock; the log keeps the rest.
    t('reopen', {
      from: ['closed'],
      to: 'rectifying',
      roles: OFFICE,
      reasonRequired: true,
      clocks: { start: ['handling'] },
    }),
    t('pause', {
      from: WORKING,
      to: 'waiting-reporter',
      roles: [...o.units, ...OFFICE],
      reasonRequired: true,
      clocks: { pauseAll: true },
    }),
    t('resume', {
      from: ['waiting-reporter'],
      to: 'previous',
      roles: [...o.units, ...OFFICE],
      reasonRequired: false,
      clocks: { resumeAll: true },
    }),
    t('cancel', {
      from: ['dispatched', 'accepted', 'rectifying', 'reported', 'refused', 'waiting-reporter'],
      to: 'cancelled',
      roles: OFFICE,
      reasonRequired: true,
      clocks: { stop: ['acceptance', 'review', 'on-site', 'handling', 'verification'] },
    }),
    t('merge', {
      from: ['dispatched', 'accepted', 'rectifying', 'refused', 'waiting-reporter'],
      to: 'merged',
      roles: OFFICE,
      requires: ['merge-target'],
      reasonRequired: true,
      clocks: { stop: ['acceptance', 'review', 'on-site', 'handling', 'verification'] },
    }),
    ...(o.extra ?? []),
  ];
}

const wd = (nameZh: string, amount: number | null, more: Partial<ClockDefinition> = {}): ClockDefinition => ({
  nameZh,
  basis: 'working-days',
  amount,
  ...more,
});

/** 审定 by the district office: one working day, as long as the unit had to sign (decision, issue silent). */
const REVIEW = wd('退单审定时限', 1);

/** 中央/省生态环境保护督察反馈问题: 拉条挂账、督办落实、办结销号; dispatched monthly, verified quarterly. */
export const INSPECTION_FINDING: CaseTypeDefinition = {
  id: 'inspection-finding',
  nameZh: '督察反馈问题',
  nameEn: 'Central or provincial inspection finding',
  cadence: { dispatch: 'monthly', verification: 'quarterly' },
  clocks: {
    acceptance: wd('签收时限', 1),
    review: REVIEW,
    // Each finding's deadline is in the rectification plan (整改方案), so the case carries its own due date.
    handling: { nameZh: '整改时限', basis: 'calendar-days', amount: null },
    verification: { nameZh: '验收时限', basis: 'calendar-days', amount: 92 },
  },
  transitions: loop({
    dispatchers: ['office-admin'],
    units: ['township', 'department'],
    verifiers: ['office-admin', 'inspector'],
    requires: { dispatch: ['due-date'], verify: ['evidence'] },
  }),
};

/** 12345 政务服务便民热线工单: 签收 within 1 working day; ordinary 7 working days, complex 15. */
export const HOTLINE_12345: CaseTypeDefinition = {
  id: 'hotline-12345',
  nameZh: '12345热线工单',
  nameEn: '12345 hotline ticket',
  variants: ['ordinary', 'complex'],
  clocks: {
    acceptance: wd('签收时限', 1),
    review: REVIEW,
    handling: wd('办结时限', 7, { variants: { ordinary: 7, complex: 15 } }),
    verification: wd('回访时限', 2),
  },
  transitions: loop({
    dispatchers: ['office-admin'],
    units: ['township', 'department'],
    verifiers: ['office-admin'],
    requires: { dispatch: ['variant'] },
  }),
};

/** 12369 环保举报: finished within 60 days, extendable by at most 30 (calendar days). */
export const REPORT_12369: CaseTypeDefinition = {
  id: 'report-12369',
  nameZh: '12369环保举报',
  nameEn: '12369 environmental report',
  clocks: {
    acceptance: wd('签收时限', 1),
    review: REVIEW,
    handling: { nameZh: '办结时限', basis: 'calendar-days', amount: 60, maxExtension: 30 },
    verification: wd('核查时限', 5),
  },
  transitions: loop({
    dispatchers: ['office-admin'],
    units: ['township', 'department', 'inspector'],
    verifiers: ['office-admin', 'inspector'],
    extra: [
      {
        action: 'extend',
        from: ['accepted', 'rectifying'],
        to: 'same',
        roles: ['office-admin'],
        requires: ['extension-days'],
        reasonRequired: true,
        clocks: {},
      },
    ],
  }),
};

/** 监督帮扶 / 警示片 findings: the finding list gives each problem its deadline, like a 督察 ledger. */
export const SUPERVISION_FINDING: CaseTypeDefinition = {
  id: 'supervision-finding',
  nameZh: '监督帮扶及警示片问题',
  nameEn: 'Supervision visit or warning film finding',
  clocks: {
    acceptance: wd('签收时限', 1),
    review: REVIEW,
    handling: wd('整改时限', null),
    verification: wd('核查时限', 10),
  },
  transitions: loop({
    dispatchers: ['office-admin'],
    units: ['township', 'department'],
    verifiers: ['office-admin', 'inspector'],
    requires: { dispatch: ['due-date'], verify: ['evidence'] },
  }),
};

/** 热点网格报警 (issue 17): respond in 15 min (签收), on site in 1 h (开始整改 with a photo), report in 2 h. */
export const HOTSPOT: CaseTypeDefinition = {
  id: 'hotspot',
  nameZh: '热点网格报警',
  nameEn: 'Hotspot alert',
  clocks: {
    acceptance: { nameZh: '响应时限', basis: 'minutes', amount: 15 },
    review: { nameZh: '退单审定时限', basis: 'minutes', amount: 30 },
    'on-site': { nameZh: '到场时限', basis: 'minutes', amount: 60 },
    handling: { nameZh: '反馈时限', basis: 'minutes', amount: 120 },
    verification: wd('核查时限', 1),
  },
  transitions: loop({
    dispatchers: ['system', 'office-admin'],
    units: ['township'],
    verifiers: ['office-admin', 'inspector'],
    extraClocks: ['on-site'],
    requires: { 'start-rectification': ['evidence'] },
  }),
};

/** 在线监控异常线索 (issue 16): feedback within 4 hours for key enterprises, 48 hours for the others. */
export const MONITORING_ANOMALY: CaseTypeDefinition = {
  id: 'monitoring-anomaly',
  nameZh: '在线监控异常线索',
  nameEn: 'Monitoring anomaly',
  variants: ['key', 'other'],
  clocks: {
    acceptance: { nameZh: '签收时限', basis: 'hours', amount: 2 },
    review: { nameZh: '退单审定时限', basis: 'hours', amount: 4 },
    handling: { nameZh: '反馈时限', basis: 'hours', amount: 48, variants: { key: 4, other: 48 } },
    verification: wd('核查时限', 2),
  },
  transitions: loop({
    dispatchers: ['system', 'office-admin'],
    units: ['inspector', 'township'],
    verifiers: ['office-admin'],
    requires: { dispatch: ['variant'], verify: ['clue-verdict'], 'reject-report': ['clue-verdict'] },
  }),
};

/** 企业问题线索 (issue 16: 非现场 clues from patrols, informants or analysis), for the enforcement team. */
export const ENTERPRISE_CLUE: CaseTypeDefinition = {
  id: 'enterprise-clue',
  nameZh: '企业问题线索',
  nameEn: 'Enterprise clue',
  clocks: {
    acceptance: wd('签收时限', 1),
    review: REVIEW,
    handling: wd('核实时限', 7),
    verification: wd('核查时限', 2),
  },
  transitions: loop({
    dispatchers: ['office-admin', 'inspector'],
    units: ['inspector', 'township', 'department'],
    verifiers: ['office-admin'],
    requires: { verify: ['clue-verdict'] },
  }),
};

export const CASE_TYPES: readonly CaseTypeDefinition[] = [
  INSPECTION_FINDING,
  HOTLINE_12345,
  REPORT_12369,
  SUPERVISION_FINDING,
  HOTSPOT,
  MONITORING_ANOMALY,
  ENTERPRISE_CLUE,
];

export function caseType(id: string): CaseTypeDefinition | undefined {
  return CASE_TYPES.find((d) => d.id === id);
}
