import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { localMessage, useLang } from '../i18n.ts';
import { navigate, nextAfterLogin } from '../router.ts';

/** 登录: username and password; on success back to the page the user came from (?next=). */
export function Page() {
  const { t, lang } = useLang();
  const auth = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (username.trim() === '' || password === '') {
      setError(t('loginRequired'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const me = await api.login(username.trim(), password);
      auth.signedIn(me);
      navigate(nextAfterLogin(), { replace: true });
    } catch (err) {
      // Wrong password, locked account (the same answer, by design) or too many attempts: the API's own words.
      setError(err instanceof ApiError ? localMessage(err.message, lang) : t('failed'));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page login-page" data-page="login">
      <form class="card login-card" onSubmit={submit} data-login-form noValidate>
        <h2>{t('loginTitle')}</h2>
        <p class="muted small">{t('loginSub')}</p>
        {auth.status === 'signed-in' && auth.me && (
          <p class="muted small">
            {auth.me.user.displayName}（{auth.me.user.username}）
          </p>
        )}
        <label class="field">
          <span>{t('username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <label class="field">
          <span>{t('password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        {error && (
          <p class="form-error" role="alert" data-login-error>
            {error}
          </p>
        )}
        <button type="submit" class="button wide" disabled={busy} data-login-submit>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </div>
  );
}
