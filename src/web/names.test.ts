import { describe, expect, it } from 'vitest';
import type { PlaceBody } from './api.ts';
import { localName, townshipName } from './names.ts';

const station = { name: '黎阳路街道站', nameEn: 'Liyanglu Subdistrict (sample)' };
const places: PlaceBody[] = [
  {
    id: '410611003',
    kind: 'street',
    code: '410611003',
    name: '黎阳路街道',
    name_en: 'Liyanglu Subdistrict',
    parent_id: '410611',
  },
  // No English name: the column is never null, so an empty one.
  { id: 'x', kind: 'township', code: null, name: '无英文名镇', name_en: '', parent_id: '410611' },
];

describe('names in the interface language', () => {
  it('English where there is an English name, else the Chinese', () => {
    expect(localName(station, 'en')).toBe('Liyanglu Subdistrict (sample)');
    expect(localName(station, 'zh')).toBe('黎阳路街道站');
    expect(localName({ name: '示例排口', nameEn: null }, 'en')).toBe('示例排口');
    expect(localName({ name: '示例排口', nameEn: '' }, 'en')).toBe('示例排口');
    expect(localName(places[0] as PlaceBody, 'en')).toBe('Liyanglu Subdistrict');
  });

  it('a township by id; the name the answer carried until the places are known', () => {
    expect(townshipName(places, '410611003', '黎阳路街道', 'en')).toBe('Liyanglu Subdistrict');
    expect(townshipName(places, 'x', '无英文名镇', 'en')).toBe('无英文名镇');
    expect(townshipName([], '410611003', '黎阳路街道', 'en')).toBe('黎阳路街道');
    expect(townshipName(places, null, null, 'en')).toBeNull();
  });
});
