import { accountsMessages } from './i18n/accounts.ts';
import { adminMessages } from './i18n/admin.ts';
import { adminDataMessages } from './i18n/admin-data.ts';
import { auditMessages } from './i18n/audit.ts';
import { commonMessages } from './i18n/common.ts';
import { dashboardMessages } from './i18n/dashboard.ts';
import { devicesMessages } from './i18n/devices.ts';
import { jobsMessages } from './i18n/jobs.ts';
import { periodsMessages } from './i18n/periods.ts';
import { phoneMapMessages } from './i18n/phone-map.ts';
import { rolesChartsMessages } from './i18n/roles-charts.ts';

/**
 * Every label of the dashboard, Chinese first. Keys name what the text is for. Each area's labels live in
 * src/web/i18n/<area>.ts with their zh and en halves side by side; this joins them.
 */
export const MESSAGES = {
  zh: {
    ...commonMessages.zh,
    ...dashboardMessages.zh,
    ...accountsMessages.zh,
    ...adminMessages.zh,
    ...auditMessages.zh,
    ...devicesMessages.zh,
    ...rolesChartsMessages.zh,
    ...phoneMapMessages.zh,
    ...adminDataMessages.zh,
    ...jobsMessages.zh,
    ...periodsMessages.zh,
  },
  en: {
    ...commonMessages.en,
    ...dashboardMessages.en,
    ...accountsMessages.en,
    ...adminMessages.en,
    ...auditMessages.en,
    ...devicesMessages.en,
    ...rolesChartsMessages.en,
    ...phoneMapMessages.en,
    ...adminDataMessages.en,
    ...jobsMessages.en,
    ...periodsMessages.en,
  },
} as const;

export type Lang = keyof typeof MESSAGES;
export type MessageKey = keyof (typeof MESSAGES)['zh'];

type Area = { readonly zh: object; readonly en: object };
type Areas = [
  typeof commonMessages,
  typeof dashboardMessages,
  typeof accountsMessages,
  typeof adminMessages,
  typeof auditMessages,
  typeof devicesMessages,
  typeof rolesChartsMessages,
  typeof phoneMapMessages,
  typeof adminDataMessages,
  typeof periodsMessages,
];
/** The keys of one half that the other lacks. */
type Unmatched<A> = A extends Area
  ? Exclude<keyof A['zh'], keyof A['en']> | Exclude<keyof A['en'], keyof A['zh']>
  : never;
type KeysOf<A> = A extends Area ? keyof A['zh'] : never;
/** The keys two areas share (a later area's label would silently replace an earlier one's). */
type Shared<L extends readonly Area[]> = L extends readonly [
  infer H extends Area,
  ...infer R extends readonly Area[],
]
  ? (keyof H['zh'] & KeysOf<R[number]>) | Shared<R>
  : never;
type Assert<T extends true> = T;
/** A type error here names a key that is in one language only, or in two areas. */
export type MessagesChecked = Assert<
  [Unmatched<Areas[number]>] extends [never] ? ([Shared<Areas>] extends [never] ? true : false) : false
>;
