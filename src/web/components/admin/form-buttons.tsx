import type { ComponentChildren } from 'preact';
import { useLang } from '../../i18n.ts';

/**
 * The toolbar every admin form ends with: its submit button (marked with `marker`, a data attribute the
 * browser tests find it by) and 取消. Anything given as children follows the two buttons.
 */
export function FormButtons(p: {
  label: string;
  marker: `data-${string}`;
  disabled: boolean;
  onCancel: () => void;
  children?: ComponentChildren;
}) {
  const { t } = useLang();
  return (
    <div class="toolbar">
      <button type="submit" class="button" disabled={p.disabled} {...{ [p.marker]: true }}>
        {p.label}
      </button>
      <button type="button" class="button secondary" onClick={p.onCancel}>
        {t('cancel')}
      </button>
      {p.children}
    </div>
  );
}
