import { useState } from 'preact/hooks';
import { useLang } from '../i18n.ts';

/** A secret shown once (a new password, an API token) with a copy button. */
export function SecretBox({ label, secret }: { label: string; secret: string }) {
  const { t } = useLang();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP, or refused): the text stays selectable.
    }
  };
  return (
    <div class="secret-box" role="status">
      <p>{label}</p>
      <div class="input-row">
        <input
          readOnly
          value={secret}
          data-secret
          onFocus={(e) => (e.target as HTMLInputElement).select()}
          aria-label={label}
        />
        <button type="button" class="button secondary" onClick={() => void copy()} data-copy>
          {copied ? t('copied') : t('copy')}
        </button>
      </div>
    </div>
  );
}
