import type { PlaceBody } from './api.ts';
import type { Lang } from './i18n-messages.ts';

/** Anything the API names in both languages: a site (`nameEn`) or a place (`name_en`, as /api/places spells it). */
export interface Named {
  name: string;
  nameEn?: string | null;
  name_en?: string | null;
}

/**
 * The name to show: in English mode the English name where there is one, else the Chinese. Every station,
 * outlet and township name on a page goes through here.
 */
export function localName(x: Named, lang: Lang): string {
  const en = x.nameEn ?? x.name_en;
  return lang === 'en' && en ? en : x.name;
}

/**
 * A township's name by its id, from the district's places (usePlaces); `fallback` (the name an answer carried,
 * in Chinese) until the places are loaded or when the id is unknown.
 */
export function townshipName(
  places: readonly PlaceBody[],
  id: string | null,
  fallback: string | null,
  lang: Lang,
): string | null {
  const p = id === null ? undefined : places.find((x) => x.id === id);
  return p ? localName(p, lang) : fallback;
}
