import { useEffect, useState } from 'preact/hooks';
import { api, type PlaceBody } from './api.ts';
import type { Lang } from './i18n.ts';
import { localName } from './names.ts';

/** The district's places (townships, streets, departments): read once per page load, shared by every user. */
let loading: Promise<PlaceBody[]> | undefined;

function loadPlaces(): Promise<PlaceBody[]> {
  loading ??= api.places().then(
    (r) => r.places,
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

export function usePlaces(enabled = true): PlaceBody[] {
  const [places, setPlaces] = useState<PlaceBody[]>([]);
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

export function placeName(places: readonly PlaceBody[], id: string | null, lang: Lang): string | undefined {
  if (id === null) return undefined;
  const p = places.find((x) => x.id === id);
  if (!p) return id;
  return localName(p, lang);
}

/** Organisations a user can belong to: townships and streets, then departments. */
export function organisations(places: readonly PlaceBody[]): {
  townships: PlaceBody[];
  departments: PlaceBody[];
} {
  return {
    townships: places.filter((p) => p.kind === 'township' || p.kind === 'street'),
    departments: places.filter((p) => p.kind === 'department'),
  };
}
