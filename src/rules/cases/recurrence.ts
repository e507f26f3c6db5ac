/**
 * a closed problem must not come back. A new case of the same type at the same place as a closed one is
 * linked to it (payload.recurrenceOf at 交办) and counted as a recurrence in the bulletins.
 * "The same place" (the issue is silent on it): the same site or enterprise when both cases name one; otherwise
 * coordinates within RECURRENCE_RADIUS_M; a township alone is too coarse to call anything a recurrence.
 */

export interface CasePlace {
  siteId?: string;
  enterpriseId?: string;
  /** WGS-84 degrees. */
  lon?: number;
  lat?: number;
}

export interface PriorCase {
  id: string;
  caseType: string;
  place: CasePlace;
  /** Epoch ms of 销号; null while open (an open case is a duplicate, not a recurrence). */
  closedAt: number | null;
}

export const RECURRENCE_RADIUS_M = 100;

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance (haversine), metres. */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function samePlace(a: CasePlace, b: CasePlace): boolean {
  if (a.siteId && b.siteId) return a.siteId === b.siteId;
  if (a.enterpriseId && b.enterpriseId) return a.enterpriseId === b.enterpriseId;
  if (a.lon === undefined || a.lat === undefined || b.lon === undefined || b.lat === undefined) return false;
  return distanceM({ lon: a.lon, lat: a.lat }, { lon: b.lon, lat: b.lat }) <= RECURRENCE_RADIUS_M;
}

/** The most recently closed case of the same type at the same place, or null. */
export function recurrenceOf(caseType: string, place: CasePlace, prior: readonly PriorCase[]): string | null {
  let best: PriorCase | null = null;
  for (const c of prior) {
    if (c.closedAt === null || c.caseType !== caseType || !samePlace(place, c.place)) continue;
    if (!best || (best.closedAt ?? 0) < c.closedAt) best = c;
  }
  return best?.id ?? null;
}
