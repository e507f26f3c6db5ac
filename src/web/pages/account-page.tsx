import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { PasswordForm } from '../components/password-form.tsx';
import { SecretBox } from '../components/secret-box.tsx';
import { fmtTimestamp } from '../format.ts';
import { errorMessage, useLang } from '../i18n.ts';
import { placeName, usePlaces } from '../places.ts';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';

/** Lifetimes offered for a new token, in days; 0 = until revoked. */
const TOKEN_LIFETIMES = [30, 90, 365, 0] as const;

/**
 * 我的账号. A user who must replace a password an administrator set sees only the 修改密码 form (the API refuses
 * everything else meanwhile) and goes to the overview once it is changed.
 */
export function Page() {
  const { me } = useAuth();
  if (!me) return <div class="loading" />;
  return me.mustChangePassword ? <ForcedPasswordChange /> : <AccountDetails />;
}

function ForcedPasswordChange() {
  const { t } = useLang();
  const auth = useAuth();
  const changed = () => {
    if (auth.me) auth.signedIn({ ...auth.me, mustChangePassword: false });
    navigate('/', { replace: true });
  };
  return (
    <div class="page account-page" data-page="account" data-must-change-password>
      <section class="card password-card">
        <h2>{t('mustChangeTitle')}</h2>
        <p class="notice">{t('mustChangeText')}</p>
        <PasswordForm onChanged={changed} />
      </section>
    </div>
  );
}

/** Who I am, my password, and my API tokens (create: the secret shown once; revoke). */
function AccountDetails() {
  const { t, lang } = useLang();
  const { me } = useAuth();
  const places = usePlaces(me?.user.organisationId != null);
  const [version, setVersion] = useState(0);
  const tokens = useData(() => api.tokens(), [version]);
  const [name, setName] = useState('');
  /** Days the new token lives; 0 = until revoked. A year by default: integrations should be renewed. */
  const [days, setDays] = useState(365);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [passwordDone, setPasswordDone] = useState<string | null>(null);
  if (!me) return <div class="loading" />;
  const fail = (err: unknown) =>
    setMessage({
      kind: 'error',
      text: errorMessage(err, lang),
    });

  const create = async (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await api.createToken(name.trim(), days === 0 ? undefined : days);
      setCreated({ name: result.token.name, secret: result.secret });
      setName('');
      setVersion((v) => v + 1);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number, tokenName: string) => {
    try {
      await api.revokeToken(id);
      setMessage({ kind: 'ok', text: t('tokenRevoked', { name: tokenName }) });
      setVersion((v) => v + 1);
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div class="page account-page" data-page="account">
      <section class="card">
        <h2>{t('accountTitle')}</h2>
        <dl class="account-facts">
          <dt>{t('username')}</dt>
          <dd>{me.user.username}</dd>
          <dt>{t('displayName')}</dt>
          <dd>{me.user.displayName}</dd>
          <dt>{t('roles')}</dt>
          <dd>{me.roles.map((r) => (lang === 'zh' ? r.nameZh : r.nameEn)).join('、') || '—'}</dd>
          <dt>{t('organisation')}</dt>
          <dd>{placeName(places, me.user.organisationId, lang) ?? t('districtWide')}</dd>
        </dl>
      </section>
      <section class="card password-card" data-password>
        <h2>{t('passwordTitle')}</h2>
        <PasswordForm
          onChanged={(n) => setPasswordDone(n > 0 ? t('passwordChangedOthers', { n }) : t('passwordChanged'))}
        />
        {passwordDone && (
          <p class="notice ok" role="status" data-password-changed>
            {passwordDone}
          </p>
        )}
      </section>
      <section class="card" data-tokens>
        <h2>{t('tokensTitle')}</h2>
        <p class="muted small">{t('tokensHint')}</p>
        <form class="toolbar" onSubmit={create} data-create-token>
          <input
            name="tokenName"
            maxLength={100}
            placeholder={t('tokenNamePlaceholder')}
            aria-label={t('tokenName')}
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          <select
            name="tokenLifetime"
            aria-label={t('tokenLifetime')}
            value={String(days)}
            onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}
          >
            {TOKEN_LIFETIMES.map((d) => (
              <option key={d} value={String(d)}>
                {d === 0 ? t('tokenNoExpiry') : `${t('tokenLifetime')} ${t('tokenDays', { days: d })}`}
              </option>
            ))}
          </select>
          <button type="submit" class="button" disabled={busy || name.trim() === ''}>
            {t('createToken')}
          </button>
        </form>
        {created && (
          <div class="notice ok" data-token-created>
            <SecretBox label={t('tokenOnce', { name: created.name })} secret={created.secret} />
          </div>
        )}
        {message && <p class={message.kind === 'error' ? 'form-error' : 'muted'}>{message.text}</p>}
        {tokens.data && tokens.data.tokens.length === 0 && <p class="muted">{t('noTokens')}</p>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <div class="table-wrap">
            <table data-token-list>
              <thead>
                <tr>
                  <th>{t('tokenName')}</th>
                  <th>{t('createdAt')}</th>
                  <th>{t('lastUsed')}</th>
                  <th>{t('expiresAt')}</th>
                  <th>{t('state')}</th>
                  <th>{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.tokens.map((k) => (
                  <tr key={k.id} data-token={k.name} class={k.revokedAt === null ? '' : 'is-off'}>
                    <td>{k.name}</td>
                    <td>{fmtTimestamp(k.createdAt)}</td>
                    <td>{k.lastUsedAt === null ? t('never') : fmtTimestamp(k.lastUsedAt)}</td>
                    <td data-expires>
                      {k.expiresAt === null ? t('tokenNoExpiry') : fmtTimestamp(k.expiresAt)}
                    </td>
                    <td>
                      {k.revokedAt !== null
                        ? `${t('revoked')} ${fmtTimestamp(k.revokedAt)}`
                        : k.expiresAt !== null && k.expiresAt <= Date.now()
                          ? t('expired')
                          : t('active')}
                    </td>
                    <td>
                      {k.revokedAt === null && (
                        <button
                          type="button"
                          class="link"
                          data-revoke
                          onClick={() => void revoke(k.id, k.name)}
                        >
                          {t('revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
