/**
 * Roles and permissions as data (issue 5): the district office administers, leaders read everything, departments
 * and townships work within their own remit, inspectors on what is assigned to them, enterprises on their own
 * outlets, the public on what is published. Stored in the roles table (seeded from here) so an administrator can
 * adjust them; the code only interprets them.
 */

export const PERMISSIONS = [
  'air:read',
  'sites:read',
  'sites:write',
  'devices:read',
  'devices:write',
  'hj212:quarantine:read',
  'events:read',
  'data:import',
  'dust-days:write',
  'tasks:read',
  'tasks:write',
  'cases:read',
  'cases:write',
  'published:read',
  'users:admin',
  'audit:read',
  /** Write signed checkpoints of the hash chains on demand (issue 11): the district office only. */
  'audit:checkpoint',
  /** Enter external figures the targets need (R-T4 threshold, the city's rank; issue 12): the district office. */
  'figures:write',
  /** See the durable jobs and schedules, retry or cancel a job (issue 14): the district office. */
  'jobs:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Whose records a role reaches: all of them, its organisation's (a township's area or a department's tasks),
 * what is assigned to the user, its enterprise's outlets, or only what is published.
 */
export type Scope = 'all' | 'organisation' | 'assigned' | 'enterprise' | 'published';

export interface RoleDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  scope: Scope;
  permissions: readonly Permission[];
}

const READ_ALL: readonly Permission[] = [
  'air:read',
  'sites:read',
  'devices:read',
  'events:read',
  'tasks:read',
  'cases:read',
  'published:read',
];

/** What anyone may read without signing in: published results (air quality, the air stations). */
export const PUBLIC_PERMISSIONS: readonly Permission[] = ['air:read', 'sites:read', 'published:read'];

export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  {
    id: 'office-admin',
    nameZh: '区指挥部办公室管理员',
    nameEn: 'District office administrator',
    scope: 'all',
    permissions: PERMISSIONS,
  },
  {
    id: 'leader',
    nameZh: '区领导',
    nameEn: 'District leader',
    scope: 'all',
    permissions: [...READ_ALL, 'audit:read'],
  },
  {
    id: 'department',
    nameZh: '部门用户',
    nameEn: 'Department user',
    scope: 'organisation',
    permissions: [
      'air:read',
      'sites:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'township',
    nameZh: '乡镇街道用户',
    nameEn: 'Township or street user',
    scope: 'organisation',
    permissions: [
      'air:read',
      'sites:read',
      'devices:read',
      'events:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'inspector',
    nameZh: '执法人员',
    nameEn: 'Inspector',
    scope: 'assigned',
    permissions: [
      'air:read',
      'sites:read',
      'tasks:read',
      'tasks:write',
      'cases:read',
      'cases:write',
      'published:read',
    ],
  },
  {
    id: 'enterprise',
    nameZh: '企业用户',
    nameEn: 'Enterprise user',
    scope: 'enterprise',
    permissions: ['sites:read', 'devices:read', 'published:read'],
  },
  {
    // Every caller holds this role (see Principal.everyone): air quality and the air stations are published.
    id: 'public',
    nameZh: '公众',
    nameEn: 'Public',
    scope: 'published',
    permissions: PUBLIC_PERMISSIONS,
  },
];
