import { useState } from 'preact/hooks';
import { useLang } from '../../i18n.ts';

/**
 * A destructive action asks first, in place: 「删除」 becomes 「确认删除？ 确认 / 取消」 (no browser dialog, which
 * phones and tests handle badly).
 */
export function ConfirmButton(p: {
  label: string;
  question?: string;
  onConfirm: () => void | Promise<void>;
  marker: `data-${string}`;
}) {
  const { t } = useLang();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" class="link danger" onClick={() => setAsking(true)} {...{ [p.marker]: true }}>
        {p.label}
      </button>
    );
  return (
    <span class="confirm">
      <span>{p.question ?? t('ad.confirmRemove')}</span>
      <button
        type="button"
        class="link danger"
        data-confirm-yes
        onClick={() => {
          setAsking(false);
          void p.onConfirm();
        }}
      >
        {t('ad.confirmYes')}
      </button>
      <button type="button" class="link" data-confirm-no onClick={() => setAsking(false)}>
        {t('ad.confirmNo')}
      </button>
    </span>
  );
}
