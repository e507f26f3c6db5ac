/**
 * Health effects (对健康影响情况) and advice (建议采取的措施) for each AQI level 1–6:
 * HJ 633-2012 Table 2 and HJ 633-2026 Table 1 (the same table, renumbered).
 *
 * Sources, as the research notes' labels use them (/work/shared/standards/air-quality.md §1.3):
 * - 2012 text [S]: the primary PDF (S1) was not re-read for this table; the wording below is the one that at
 *   least five independent public transcriptions of Table 2 agree on word for word (a Hebei provincial
 *   forecast system's notice among them). Confirm against S1 before calling it [P].
 * - 2026 text [S, unverified]: one public transcription of HJ 633-2026. It widens "易感人群" to "敏感人群",
 *   "儿童" to "青少年儿童" and "心脏病/肺病" to "心血管系统/呼吸系统疾病", in line with the new Table 2 of sensitive
 *   groups (notes §1.3). Confirm against the page images of S2 before calling it [P].
 * - English: our own translation [M] of the Chinese; there is no official English text.
 */
import type { RuleSetId } from './types.ts';

export interface HealthAdvice {
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** 对健康影响情况 */
  effectZh: string;
  /** 建议采取的措施 */
  adviceZh: string;
  /** [M] our translation. */
  effectEn: string;
  /** [M] our translation. */
  adviceEn: string;
}

export interface HealthAdviceTable {
  ruleSet: RuleSetId;
  /** Where the table is in the standard. */
  clause: string;
  clauseEn: string;
  rows: readonly HealthAdvice[];
}

// English [M], shared where the Chinese of the two editions says the same thing.
const EN = {
  effect1: 'Air quality is satisfactory; air pollution poses little or no risk.',
  advice1: 'Everyone can carry on with normal activities.',
  effect2:
    'Air quality is acceptable, but some pollutants may have a weak effect on the health of a very small number of unusually sensitive people.',
  advice2: 'The very few unusually sensitive people should reduce outdoor activity.',
  advice6:
    'Children, the elderly and the sick should stay indoors and avoid physical exertion; everyone else should avoid outdoor activity.',
  effect6:
    'Healthy people have reduced exercise tolerance and marked, strong symptoms; some illnesses may set in early.',
} as const;

/** HJ 633-2012 Table 2 [S]. */
export const HEALTH_ADVICE_2012: HealthAdviceTable = {
  ruleSet: '2012',
  clause: 'HJ 633-2012 表2',
  clauseEn: 'HJ 633-2012 Table 2',
  rows: [
    {
      level: 1,
      effectZh: '空气质量令人满意，基本无空气污染',
      adviceZh: '各类人群可正常活动',
      effectEn: EN.effect1,
      adviceEn: EN.advice1,
    },
    {
      level: 2,
      effectZh: '空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响',
      adviceZh: '极少数异常敏感人群应减少户外活动',
      effectEn: EN.effect2,
      adviceEn: EN.advice2,
    },
    {
      level: 3,
      effectZh: '易感人群症状有轻度加剧，健康人群出现刺激症状',
      adviceZh: '儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼',
      effectEn: 'Symptoms of susceptible people worsen slightly; healthy people show signs of irritation.',
      adviceEn:
        'Children, the elderly and people with heart or respiratory disease should reduce long or strenuous outdoor exercise.',
    },
    {
      level: 4,
      effectZh: '进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响',
      adviceZh:
        '儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动',
      effectEn:
        'Symptoms of susceptible people worsen further; the heart and respiratory system of healthy people may be affected.',
      adviceEn:
        'Children, the elderly and people with heart or respiratory disease should avoid long or strenuous outdoor exercise; everyone else should cut down outdoor exercise somewhat.',
    },
    {
      level: 5,
      effectZh: '心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状',
      adviceZh: '儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动',
      effectEn:
        'Symptoms of people with heart or lung disease worsen markedly and their exercise tolerance falls; healthy people commonly show symptoms.',
      adviceEn:
        'Children, the elderly and people with heart or lung disease should stay indoors and stop outdoor exercise; everyone else should reduce outdoor exercise.',
    },
    {
      level: 6,
      effectZh: '健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病',
      adviceZh: '儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动',
      effectEn: EN.effect6,
      adviceEn: EN.advice6,
    },
  ],
};

/** HJ 633-2026 Table 1 [S, unverified: see the file's head]. */
export const HEALTH_ADVICE_2026: HealthAdviceTable = {
  ruleSet: '2026',
  clause: 'HJ 633-2026 表1',
  clauseEn: 'HJ 633-2026 Table 1',
  rows: [
    HEALTH_ADVICE_2012.rows[0] as HealthAdvice,
    HEALTH_ADVICE_2012.rows[1] as HealthAdvice,
    {
      level: 3,
      effectZh: '敏感人群症状有轻度加剧，健康人群出现刺激症状',
      adviceZh: '青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼',
      effectEn: 'Symptoms of sensitive people worsen slightly; healthy people show signs of irritation.',
      adviceEn:
        'Children and teenagers, the elderly and people with cardiovascular or respiratory disease should reduce long or strenuous outdoor exercise.',
    },
    {
      level: 4,
      effectZh: '进一步加剧敏感人群症状，可能对健康人群心血管系统、呼吸系统有影响',
      adviceZh:
        '青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应避免长时间、高强度的户外锻炼，一般人群适量减少户外运动',
      effectEn:
        'Symptoms of sensitive people worsen further; the cardiovascular and respiratory systems of healthy people may be affected.',
      adviceEn:
        'Children and teenagers, the elderly and people with cardiovascular or respiratory disease should avoid long or strenuous outdoor exercise; everyone else should cut down outdoor exercise somewhat.',
    },
    {
      level: 5,
      effectZh: '心血管系统和呼吸系统患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状',
      adviceZh:
        '青少年儿童、老年人和心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动',
      effectEn:
        'Symptoms of people with cardiovascular or respiratory disease worsen markedly and exercise tolerance falls; healthy people commonly show symptoms.',
      adviceEn:
        'Children and teenagers, the elderly and people with cardiovascular or respiratory disease should stay indoors and stop outdoor exercise; everyone else should reduce outdoor exercise.',
    },
    {
      level: 6,
      effectZh: '健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病',
      adviceZh: '青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动',
      effectEn: EN.effect6,
      adviceEn:
        'Children and teenagers, the elderly and the sick should stay indoors and avoid physical exertion; everyone else should avoid outdoor activity.',
    },
  ],
};

export const HEALTH_ADVICE: Readonly<Record<RuleSetId, HealthAdviceTable>> = {
  '2012': HEALTH_ADVICE_2012,
  '2026': HEALTH_ADVICE_2026,
};

/** The row for an AQI level under a rule set; null for no level (AQI missing). */
export function healthAdviceFor(level: number | null, ruleSet: RuleSetId): HealthAdvice | null {
  if (level === null) return null;
  return HEALTH_ADVICE[ruleSet].rows.find((r) => r.level === level) ?? null;
}
