import { useEffect, useState } from 'preact/hooks';
import { api, type Place } from './api.ts';
import type { Lang } from './i18n.ts';
import { localName } from './names.ts';

/** The district's places (townships, streets, departments): read once per page load, shared by every user. */
let loading: Promise<Place[]> | undefined;

function loadPlaces(): Promise<Place[]> {
  loading ??= api.places().then(
    (r) => r.places,
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

export function usePlaces(enabled = true): Place[] {
  const [places, setPlaces] = useState<Place[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    loadPlaces().then(
      (p) => current && setPlaces(p),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [enabled]);
  return places;
}

export function placeName(places: readonly Place[], id: string | null, lang: Lang): string | undefined {
  if (id === null) return undefined;
  const p = places.find((x) => x.id === id);
  if (!p) return id;
  return localName(p, lang);
}

/** Organisations a user can belong to: townships and streets, then departments. */
export function organisations(places: readonly Place[]): { townships: Place[]; departments: Place[] } {
  return {
    townships: places.filter((p) => p.kind === 'township' || p.kind === 'street'),
    departments: places.filter((p) => p.kind === 'department'),
  };
}
