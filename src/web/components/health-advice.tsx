import { HEALTH_ADVICE, healthAdviceFor } from '#rules/air/health-advice.ts';
import { ruleSetFor } from '#rules/air/rule-sets.ts';
import { todayIso } from '../format.ts';
import { useLang } from '../i18n.ts';

/**
 * 对健康影响情况 and 建议采取的措施 for an AQI level (HJ 633 表2 / 2026 表1), from the rules' data, under the rule
 * set of the hour's own date. Nothing when there is no level (AQI missing).
 */
export function HealthAdvice({ level, time }: { level: number | null; time: number | null }) {
  const { t, lang } = useLang();
  const ruleSet = ruleSetFor(todayIso(time ?? Date.now()));
  const row = healthAdviceFor(level, ruleSet);
  if (!row) return null;
  const zh = lang === 'zh';
  return (
    <dl class="health-advice" data-health-advice={row.level}>
      <dt>{t('healthEffect')}</dt>
      <dd data-health-effect>{zh ? row.effectZh : row.effectEn}</dd>
      <dt>{t('healthAdvice')}</dt>
      <dd data-health-measures>{zh ? row.adviceZh : row.adviceEn}</dd>
      <dd class="muted small">
        {t('healthSource', { clause: zh ? HEALTH_ADVICE[ruleSet].clause : HEALTH_ADVICE[ruleSet].clauseEn })}
      </dd>
    </dl>
  );
}
