import { useState } from 'preact/hooks';
import type { UserBody } from '../api.ts';
import { api } from '../api.ts';
import { useAuth } from '../auth.ts';
import { CreateUserForm } from '../components/admin/create-user-form.tsx';
import { RolesList } from '../components/admin/roles-list.tsx';
import { type Notice, UserTable } from '../components/admin/user-table.tsx';
import { SecretBox } from '../components/secret-box.tsx';
import { localMessage, useLang } from '../i18n.ts';
import { usePlaces } from '../places.ts';
import { useData } from '../use-data.ts';

/** 用户管理 (users:admin): the users with their roles, a new-user form, and the roles with their permissions. */
export function Page() {
  const { t, lang } = useLang();
  const auth = useAuth();
  const [tab, setTab] = useState<'users' | 'roles'>('users');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [version, setVersion] = useState(0);
  const loaded = useData(() => api.users(), [version]);
  const places = usePlaces();
  const [changed, setChanged] = useState<Map<number, UserBody>>(new Map());

  // Rows changed since the last load replace the loaded ones at once (the next load brings the rest).
  const users = (loaded.data?.users ?? []).map((u) => changed.get(u.id) ?? u);
  const roles = loaded.data?.roles ?? [];
  const onChanged = (u: UserBody) => setChanged((m) => new Map(m).set(u.id, u));

  return (
    <div class="page admin-page" data-page="admin-users">
      <section class="card">
        <div class="card-head">
          <h2>{t('adminTitle')}</h2>
          <div class="segmented" role="tablist">
            <button
              type="button"
              role="tab"
              class={tab === 'users' ? 'active' : ''}
              aria-selected={tab === 'users'}
              data-tab="users"
              onClick={() => setTab('users')}
            >
              {t('tabUsers')}
            </button>
            <button
              type="button"
              role="tab"
              class={tab === 'roles' ? 'active' : ''}
              aria-selected={tab === 'roles'}
              data-tab="roles"
              onClick={() => setTab('roles')}
            >
              {t('tabRoles')}
            </button>
          </div>
        </div>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {notice && (
          <div class={`notice ${notice.kind}`} data-notice={notice.kind}>
            {notice.secret ? <SecretBox label={notice.text} secret={notice.secret} /> : notice.text}
            <button type="button" class="link" aria-label={t('close')} onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
        {tab === 'users' && (
          <>
            <div class="toolbar">
              {!creating && (
                <button type="button" class="button" data-new-user onClick={() => setCreating(true)}>
                  {t('newUser')}
                </button>
              )}
            </div>
            {creating && (
              <CreateUserForm
                roles={roles}
                places={places}
                onCancel={() => setCreating(false)}
                onCreated={(u) => {
                  setCreating(false);
                  setNotice({ kind: 'ok', text: t('userCreated', { u: u.username }) });
                  setChanged(new Map());
                  setVersion((v) => v + 1);
                }}
              />
            )}
            {loaded.data ? (
              <UserTable
                users={users}
                roles={roles}
                places={places}
                selfId={auth.me?.user.id}
                now={Date.now()}
                onChanged={onChanged}
                onNotice={setNotice}
              />
            ) : (
              <div class="loading">{t('loading')}</div>
            )}
          </>
        )}
        {tab === 'roles' && <RolesList roles={roles} />}
      </section>
    </div>
  );
}
