/**
 * Hebi (鹤壁市) lies within about 113.98–114.75 °E, 35.44–36.05 °N (its administrative extent; Qibin district
 * 114.0–114.35 °E, 35.6–35.9 °N); a margin of ~0.1° allows stations near the border. A point outside is a typo
 * (swapped or mistyped coordinates), not a Hebi site. Kept free of zod so the web app can import it alone.
 */
export const HEBI_BOUNDS = { minLon: 113.85, maxLon: 114.85, minLat: 35.3, maxLat: 36.15 } as const;

/** Whether a longitude/latitude pair lies in Hebi's area. */
export function inHebi(lon: number, lat: number): boolean {
  return (
    lon >= HEBI_BOUNDS.minLon &&
    lon <= HEBI_BOUNDS.maxLon &&
    lat >= HEBI_BOUNDS.minLat &&
    lat <= HEBI_BOUNDS.maxLat
  );
}
