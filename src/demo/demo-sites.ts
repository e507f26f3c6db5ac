/**
 * SAMPLE station configuration for the demo. These stations are ILLUSTRATIVE: names, codes, coordinates and
 * levels are made up to give the platform something to show. They are NOT Qibin District's real monitoring
 * network, and every one is stored with `isSample: true`.
 *
 * One township air station (乡镇站) in each of Qibin's ten townships and streets, plus two city-tier stations
 * (市控站) in the urban streets. Coordinates are APPROXIMATE (a point somewhere inside the township, to put a
 * marker on a map), not surveyed positions.
 *
 * Which stations count toward the district value: all of them (`inDistrictValue: true`), so the demo's district
 * figures average every sample station.
 */
import type { SiteInput } from '#store/sites.repository.ts';

export const SAMPLE = "Sample demo stations: illustrative, not the district's real monitoring network.";

export interface DemoSite extends SiteInput {
  code: string;
  name: string;
  nameEn: string;
  kind: 'air_station';
  tier: 'township' | 'city';
  /** GB/T 2260 code of the township/street (organisations.id). */
  townshipId: string;
  /** Approximate longitude/latitude (WGS-84 degrees). */
  lon: number;
  lat: number;
  isSample: true;
  inDistrictValue: true;
  /** Seed of the air model for this station (stable, independent of the database id). */
  seed: number;
  /** The station's level relative to the district average (1 = average; industrial townships higher). */
  factor: number;
}

type StationArgs = [
  n: number,
  townshipId: string,
  name: string,
  nameEn: string,
  lon: number,
  lat: number,
  factor: number,
];

/** A sample air station: township tier `QB-Tnn` (seed n) or city tier `QB-Cnn` (seed 100 + n). */
function station(
  tier: 'township' | 'city',
  ...[n, townshipId, name, nameEn, lon, lat, factor]: StationArgs
): DemoSite {
  return {
    code: `QB-${tier === 'township' ? 'T' : 'C'}${String(n).padStart(2, '0')}`,
    name,
    nameEn,
    kind: 'air_station',
    tier,
    townshipId,
    lon,
    lat,
    isSample: true,
    inDistrictValue: true,
    seed: tier === 'township' ? n : 100 + n,
    factor,
  };
}

const township = (...args: StationArgs) => station('township', ...args);
const city = (...args: StationArgs) => station('city', ...args);

/**
 * SAMPLE stations (see the note at the top of this file). Approximate coordinates, each checked to lie inside
 * 淇滨区's boundary as drawn by the dashboard (src/web/public/geo/hebi.json) — a test holds that.
 */
export const DEMO_SITES: readonly DemoSite[] = [
  // 金山街道: north-west of the new city, the Jinshan industrial cluster → higher levels.
  township(1, '410611001', '金山街道站', 'Jinshan Subdistrict (sample)', 114.235, 35.775, 1.2),
  township(2, '410611002', '九州路街道站', 'Jiuzhoulu Subdistrict (sample)', 114.3, 35.742, 1.0),
  township(3, '410611003', '黎阳路街道站', 'Liyanglu Subdistrict (sample)', 114.315, 35.728, 1.0),
  township(4, '410611004', '长江路街道站', 'Changjianglu Subdistrict (sample)', 114.285, 35.735, 0.98),
  township(5, '410611005', '泰山路街道站', 'Taishanlu Subdistrict (sample)', 114.28, 35.72, 0.97),
  township(6, '410611566', '天山路街道站', 'Tianshanlu Subdistrict (sample)', 114.27, 35.745, 1.05),
  // 大赉店镇: south of the new city, mining and building-materials works → higher levels.
  township(7, '410611100', '大赉店镇站', 'Dalaidian Town (sample)', 114.275, 35.695, 1.15),
  // 钜桥镇: south, farmland along the Wei river.
  township(8, '410611101', '钜桥镇站', 'Juqiao Town (sample)', 114.305, 35.67, 1.05),
  // 上峪乡: west, in the Taihang foothills → cleanest.
  township(9, '410611200', '上峪乡站', 'Shangyu Township (sample)', 114.05, 35.815, 0.85),
  // 大河涧乡: west, hills between Shangyu and the city.
  township(10, '410611201', '大河涧乡站', 'Dahejian Township (sample)', 114.15, 35.815, 0.9),
  city(1, '410611002', '淇滨区政府站', 'Qibin District Government (sample)', 114.297, 35.748, 1.0),
  city(2, '410611003', '鹤壁职业技术学院站', 'Hebi Polytechnic (sample)', 114.322, 35.735, 0.95),
];

/** The sample station with this code, if any. */
export function demoSiteByCode(code: string): DemoSite | undefined {
  return DEMO_SITES.find((s) => s.code === code);
}

/** The part of a demo site the store keeps (the model's seed and factor stay here). */
export function toSiteInput(site: DemoSite): SiteInput {
  const { seed: _seed, factor: _factor, ...input } = site;
  return input;
}
