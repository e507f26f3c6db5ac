import { useLang } from '../../i18n.ts';
import type { DeviceState } from './device-format.ts';

/** 在线 / 离线 / 未知 as a coloured badge. */
export function StateBadge({ state }: { state: DeviceState }) {
  const { t } = useLang();
  return (
    <span class={`status status-${state}`} data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}
