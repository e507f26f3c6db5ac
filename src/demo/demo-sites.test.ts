import { describe, expect, it } from 'vitest';
import { QIBIN_TOWNSHIPS } from '#store/places.ts';
import { DEMO_SITES, SAMPLE, toSiteInput } from './demo-sites.ts';

describe('demo sample stations (configuration)', () => {
  it('says it is a sample', () => {
    expect(SAMPLE).toMatch(/sample/i);
    expect(DEMO_SITES.every((s) => s.isSample)).toBe(true);
  });

  it('has one township station in each of the ten townships/streets, and two city stations', () => {
    const township = DEMO_SITES.filter((s) => s.tier === 'township');
    expect(township.map((s) => s.townshipId).sort()).toEqual(QIBIN_TOWNSHIPS.map((t) => t.id).sort());
    for (const site of township) {
      const town = QIBIN_TOWNSHIPS.find((t) => t.id === site.townshipId);
      expect(site.name).toBe(`${town?.name}站`);
    }
    const city = DEMO_SITES.filter((s) => s.tier === 'city');
    expect(city.map((s) => s.code)).toEqual(['QB-C01', 'QB-C02']);
    for (const site of city) {
      expect(QIBIN_TOWNSHIPS.find((t) => t.id === site.townshipId)?.kind).toBe('street');
    }
  });

  it('has unique codes and seeds, coordinates inside Qibin and plausible level factors', () => {
    expect(new Set(DEMO_SITES.map((s) => s.code)).size).toBe(DEMO_SITES.length);
    expect(new Set(DEMO_SITES.map((s) => s.seed)).size).toBe(DEMO_SITES.length);
    for (const s of DEMO_SITES) {
      expect(s.lon).toBeGreaterThan(113.95);
      expect(s.lon).toBeLessThan(114.45);
      expect(s.lat).toBeGreaterThan(35.55);
      expect(s.lat).toBeLessThan(35.9);
      expect(s.factor).toBeGreaterThanOrEqual(0.8);
      expect(s.factor).toBeLessThanOrEqual(1.25);
      expect(s.inDistrictValue).toBe(true);
    }
  });

  it('keeps the model parameters out of the stored site', () => {
    const input = toSiteInput(DEMO_SITES[0] as (typeof DEMO_SITES)[number]);
    expect(input).not.toHaveProperty('seed');
    expect(input).not.toHaveProperty('factor');
    expect(input).toMatchObject({ code: 'QB-T01', isSample: true, tier: 'township' });
  });
});
