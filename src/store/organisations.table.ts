import type { Insertable, Selectable, Updateable } from 'kysely';

/** 组织: the district, its townships and streets (乡镇/街道), and the departments that act. */
export type OrganisationKind = 'district' | 'township' | 'street' | 'department';

export interface OrganisationsTable {
  /** Stable id: the GB/T 2260 code for areas ('410611', '410611001'), `dept.<slug>` for departments. */
  id: string;
  kind: OrganisationKind;
  /** GB/T 2260 code for the district and its townships/streets; null for departments. */
  code: string | null;
  /** Chinese name, e.g. 金山街道. */
  name: string;
  name_en: string;
  parent_id: string | null;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
