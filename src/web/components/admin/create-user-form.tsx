import { useState } from 'preact/hooks';
import { api, type PlaceBody, type RoleBody, type UserBody } from '../../api.ts';
import { errorMessage, useLang } from '../../i18n.ts';
import { OrgSelect, RoleChecks } from './fields.tsx';
import { FormButtons } from './form-buttons.tsx';
import { randomPassword, type UserFields, validateUser } from './user-validation.ts';

const EMPTY: UserFields = { username: '', displayName: '', password: '', organisationId: null, roles: [] };

/** 新建用户: checked here first (messages beside each field), then by the API (its message above the buttons). */
export function CreateUserForm(props: {
  roles: readonly RoleBody[];
  places: readonly PlaceBody[];
  onCreated: (user: UserBody) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const [f, setF] = useState<UserFields>(EMPTY);
  const [shown, setShown] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = tried ? validateUser(f, props.roles) : {};
  const set = (patch: Partial<UserFields>) => setF((x) => ({ ...x, ...patch }));
  const fieldError = (k: keyof UserFields) =>
    errors[k] && (
      <span class="field-error" data-field-error={k}>
        {t(errors[k])}
      </span>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validateUser(f, props.roles)).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const user = await api.createUser({ ...f, username: f.username.trim().toLowerCase() });
      setF(EMPTY);
      setTried(false);
      props.onCreated(user);
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card user-form" onSubmit={submit} noValidate data-create-user>
      <h3>{t('newUser')}</h3>
      <div class="form-grid">
        <label class="field">
          <span>{t('username')}</span>
          <input
            name="username"
            autoComplete="off"
            value={f.username}
            onInput={(e) => set({ username: (e.target as HTMLInputElement).value })}
          />
          {fieldError('username')}
        </label>
        <label class="field">
          <span>{t('displayName')}</span>
          <input
            name="displayName"
            value={f.displayName}
            onInput={(e) => set({ displayName: (e.target as HTMLInputElement).value })}
          />
          {fieldError('displayName')}
        </label>
        <label class="field">
          <span>{t('password')}</span>
          <span class="input-row">
            {shown ? (
              <input
                name="password"
                type="text"
                autoComplete="off"
                value={f.password}
                onInput={(e) => set({ password: (e.target as HTMLInputElement).value })}
              />
            ) : (
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                value={f.password}
                onInput={(e) => set({ password: (e.target as HTMLInputElement).value })}
              />
            )}
            <button
              type="button"
              class="button secondary"
              data-generate-password
              onClick={() => {
                set({ password: randomPassword() });
                setShown(true);
              }}
            >
              {t('generate')}
            </button>
          </span>
          {shown && f.password && <span class="muted small">{t('passwordGeneratedNote')}</span>}
          {fieldError('password')}
        </label>
        <div class="field">
          <span>{t('organisation')}</span>
          <OrgSelect
            places={props.places}
            value={f.organisationId}
            onChange={(id) => set({ organisationId: id })}
          />
          {fieldError('organisationId')}
        </div>
      </div>
      <div class="field">
        <span>{t('roles')}</span>
        <RoleChecks roles={props.roles} value={f.roles} onChange={(roles) => set({ roles })} />
        {fieldError('roles')}
      </div>
      {error && (
        <p class="form-error" role="alert" data-form-error>
          {error}
        </p>
      )}
      <FormButtons label={t('create')} marker="data-submit-user" disabled={busy} onCancel={props.onCancel} />
    </form>
  );
}
