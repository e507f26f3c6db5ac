import { useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '#rules/access/password-strength.ts';
import { ApiError, api } from '../api.ts';
import { localMessage, useLang } from '../i18n.ts';

/** Code points, as the server's strength rules count them (中文 one per character). */
const lengthOf = (s: string) => [...s].length;

/**
 * 修改密码: the current password, the new one twice. Length and the confirmation are checked here; every other
 * rule (runs, repeats, the username) is the server's, and its message is shown as it comes.
 */
export function PasswordForm({ onChanged }: { onChanged: (otherSessionsEnded: number) => void }) {
  const { t, lang } = useLang();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (current === '' || next === '' || confirm === '') return setError(t('passwordFieldsRequired'));
    if (lengthOf(next) < MIN_PASSWORD_LENGTH)
      return setError(t('passwordTooShort', { n: MIN_PASSWORD_LENGTH }));
    if (next !== confirm) return setError(t('passwordMismatch'));
    setBusy(true);
    setError(null);
    try {
      const result = await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      onChanged(result.otherSessionsEnded);
    } catch (err) {
      setError(err instanceof ApiError ? localMessage(err.message, lang) : t('passwordChangeFailed'));
      setCurrent('');
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    autoComplete: 'current-password' | 'new-password',
  ) => (
    <label class="field">
      <span>{label}</span>
      <input
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
        required
      />
    </label>
  );

  return (
    <form class="password-form" onSubmit={submit} data-password-form noValidate>
      {field('currentPassword', t('currentPassword'), current, setCurrent, 'current-password')}
      {field('newPassword', t('newPassword'), next, setNext, 'new-password')}
      {field('confirmPassword', t('confirmPassword'), confirm, setConfirm, 'new-password')}
      <p class="muted small">{t('passwordRules', { n: MIN_PASSWORD_LENGTH })}</p>
      {error && (
        <p class="form-error" role="alert" data-password-error>
          {error}
        </p>
      )}
      <button type="submit" class="button" disabled={busy} data-password-submit>
        {busy ? t('changingPassword') : t('changePassword')}
      </button>
    </form>
  );
}
