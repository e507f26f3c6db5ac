import type { Generated, Insertable, Selectable } from 'kysely';

export type SiteKind = 'air_station' | 'outlet';
/** 国控 / 省控 / 市控 / 乡镇站 */
export type SiteTier = 'national' | 'provincial' | 'city' | 'township';

/**
 * Monitoring sites. Booleans are stored as integers 0/1 on both engines (SQLite has no boolean type and
 * better-sqlite3 cannot bind JS booleans); the repository maps them to `boolean`.
 */
export interface SitesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  kind: SiteKind;
  tier: SiteTier | null;
  township_id: string | null;
  lon: number | null;
  lat: number | null;
  /** 1 = demo/sample configuration, not a real station of the district. */
  is_sample: number;
  /** 1 = counts towards the district/city value. */
  in_district_value: Generated<number>;
  /** Epoch ms. */
  created_at: number;
}

export type SiteRow = Selectable<SitesTable>;
export type NewSiteRow = Insertable<SitesTable>;
