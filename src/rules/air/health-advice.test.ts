import { describe, expect, it } from 'vitest';
import { AQI_CATEGORIES } from './categories.ts';
import { HEALTH_ADVICE, healthAdviceFor } from './health-advice.ts';

const SETS = ['2012', '2026'] as const;

describe('health advice per AQI level (HJ 633-2012 表2 / HJ 633-2026 表1)', () => {
  it.each(SETS)('%s: every level 1–6 once, in order, with both texts in both languages', (set) => {
    const table = HEALTH_ADVICE[set];
    expect(table.ruleSet).toBe(set);
    expect(table.clause).toMatch(new RegExp(`^HJ 633-${set} 表[12]$`));
    expect(table.clauseEn).toBe(table.clause.replace('表', 'Table '));
    expect(table.rows.map((r) => r.level)).toEqual(AQI_CATEGORIES.map((c) => c.level));
    for (const r of table.rows) {
      // Chinese text is Chinese (no Latin letters), English text is English (no Han characters).
      for (const zh of [r.effectZh, r.adviceZh]) expect(zh).toMatch(/^[\p{Script=Han}，、]+$/u);
      for (const en of [r.effectEn, r.adviceEn]) {
        expect(en.length).toBeGreaterThan(20);
        expect(en).not.toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('gives the 2012 wording the public transcriptions agree on', () => {
    expect(healthAdviceFor(1, '2012')?.adviceZh).toBe('各类人群可正常活动');
    expect(healthAdviceFor(4, '2012')?.adviceZh).toBe(
      '儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动',
    );
    expect(healthAdviceFor(6, '2012')?.effectZh).toBe(
      '健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病',
    );
  });

  it('advice grows stricter with the level: 2026 names teenagers and cardiovascular disease from level 3', () => {
    expect(healthAdviceFor(2, '2026')).toEqual(healthAdviceFor(2, '2012'));
    expect(healthAdviceFor(3, '2026')?.adviceZh).toContain('青少年儿童');
    expect(healthAdviceFor(3, '2012')?.adviceZh).not.toContain('青少年');
    expect(healthAdviceFor(5, '2026')?.effectZh).toContain('心血管系统');
  });

  it('has nothing for a missing level or one outside 1–6', () => {
    expect(healthAdviceFor(null, '2026')).toBeNull();
    expect(healthAdviceFor(0, '2012')).toBeNull();
    expect(healthAdviceFor(7, '2012')).toBeNull();
  });
});
