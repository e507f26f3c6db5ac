import { useState } from 'preact/hooks';
import { api, type PlaceBody, type RoleBody, type UserBody } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import { errorMessage, type Lang, useLang } from '../../i18n.ts';
import { placeName } from '../../places.ts';
import { OrgSelect, RoleChecks, roleName } from './fields.tsx';
import { FormButtons } from './form-buttons.tsx';
import { hasOwnSites, UserSitesPanel } from './user-sites-panel.tsx';
import { validateUser } from './user-validation.ts';

export type Notice = { kind: 'ok' | 'error'; text: string; secret?: string };
type Panel = 'edit' | 'reset' | 'sites';

type SortKey =
  | 'username'
  | 'displayName'
  | 'organisation'
  | 'roles'
  | 'enabled'
  | 'lockedUntil'
  | 'createdAt';
const PAGE_SIZE = 20;

interface Props {
  users: readonly UserBody[];
  roles: readonly RoleBody[];
  places: readonly PlaceBody[];
  selfId: number | undefined;
  now: number;
  onChanged: (user: UserBody) => void;
  onNotice: (notice: Notice) => void;
}

function sortValue(u: UserBody, key: SortKey, places: readonly PlaceBody[], lang: Lang): string | number {
  switch (key) {
    case 'organisation':
      return placeName(places, u.organisationId, lang) ?? '';
    case 'roles':
      return u.roles.join(',');
    case 'enabled':
      return u.enabled ? 1 : 0;
    case 'lockedUntil':
      return u.lockedUntil ?? 0;
    default:
      return u[key];
  }
}

/** The users table: sortable by any column, 20 a page; edit, enable/disable and password reset per row. */
export function UserTable(props: Props) {
  const { t, lang } = useLang();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'createdAt', desc: false });
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<{ id: number; panel: Panel } | null>(null);

  const sorted = [...props.users].sort((a, b) => {
    const x = sortValue(a, sort.key, props.places, lang);
    const y = sortValue(b, sort.key, props.places, lang);
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), lang);
    return (sort.desc ? -c : c) || a.id - b.id;
  });
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const rolesOf = (u: UserBody) =>
    u.roles.map((id) => {
      const r = props.roles.find((x) => x.id === id);
      return r ? roleName(r, lang) : id;
    });

  const header = (key: SortKey, label: string) => (
    <th
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      class="sortable"
      data-sort={key}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </th>
  );

  const act = async (work: () => Promise<UserBody>, ok: (u: UserBody) => string) => {
    try {
      const user = await work();
      props.onChanged(user);
      props.onNotice({ kind: 'ok', text: ok(user) });
    } catch (err) {
      props.onNotice({
        kind: 'error',
        text: errorMessage(err, lang),
      });
    }
  };

  return (
    <>
      <div class="table-wrap">
        <table class="users" data-users>
          <thead>
            <tr>
              {header('username', t('username'))}
              {header('displayName', t('displayName'))}
              {header('organisation', t('organisation'))}
              {header('roles', t('roles'))}
              {header('enabled', t('state'))}
              {header('lockedUntil', t('lockedUntil'))}
              {header('createdAt', t('createdAt'))}
              <th>{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                roleNames={rolesOf(u)}
                org={placeName(props.places, u.organisationId, lang) ?? t('districtWide')}
                self={u.id === props.selfId}
                locked={u.lockedUntil !== null && u.lockedUntil > props.now}
                open={open?.id === u.id ? open.panel : null}
                setOpen={(panel) => setOpen(panel ? { id: u.id, panel } : null)}
                toggle={() =>
                  act(
                    () => api.updateUser(u.id, { enabled: !u.enabled }),
                    (x) => t(x.enabled ? 'userEnabled' : 'userDisabled', { u: x.username }),
                  )
                }
                {...props}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div class="toolbar pager">
        <span class="muted">{t('usersTotal', { n: props.users.length })}</span>
        {pages > 1 && (
          <>
            <button type="button" class="link" disabled={current === 0} onClick={() => setPage(current - 1)}>
              {t('pagePrev')}
            </button>
            <span>{t('pageOf', { n: current + 1, m: pages })}</span>
            <button
              type="button"
              class="link"
              disabled={current >= pages - 1}
              onClick={() => setPage(current + 1)}
            >
              {t('pageNext')}
            </button>
          </>
        )}
      </div>
    </>
  );
}

function UserRow(
  p: Props & {
    user: UserBody;
    roleNames: string[];
    org: string;
    self: boolean;
    locked: boolean;
    open: Panel | null;
    setOpen: (panel: Panel | null) => void;
    toggle: () => Promise<void>;
  },
) {
  const { t } = useLang();
  const u = p.user;
  return (
    <>
      <tr data-user={u.username} class={u.enabled ? '' : 'is-off'}>
        <td>
          <b>{u.username}</b>
          {p.self && <span class="muted small">（{t('self')}）</span>}
        </td>
        <td>{u.displayName}</td>
        <td>{p.org}</td>
        <td data-col="roles">{p.roleNames.join('、') || '—'}</td>
        <td data-state={u.enabled ? 'enabled' : 'disabled'}>
          <span class={`status ${u.enabled ? 'status-online' : 'status-offline'}`}>
            {u.enabled ? t('stateEnabled') : t('stateDisabled')}
          </span>
          {u.mustChangePassword && (
            <span class="muted small" data-must-change>
              {' '}
              {t('stateMustChange')}
            </span>
          )}
        </td>
        <td class={p.locked ? 'warn' : 'muted'} data-col="locked">
          {p.locked ? fmtTimestamp(u.lockedUntil) : '—'}
        </td>
        <td>{fmtTimestamp(u.createdAt)}</td>
        <td class="row-actions">
          <button
            type="button"
            class="link"
            data-action="edit"
            onClick={() => p.setOpen(p.open === 'edit' ? null : 'edit')}
          >
            {t('edit')}
          </button>
          <button
            type="button"
            class="link"
            data-action={u.enabled ? 'disable' : 'enable'}
            disabled={p.self && u.enabled}
            onClick={() => void p.toggle()}
          >
            {u.enabled ? t('disable') : t('enable')}
          </button>
          <button
            type="button"
            class="link"
            data-action="reset"
            onClick={() => p.setOpen(p.open === 'reset' ? null : 'reset')}
          >
            {t('resetPassword')}
          </button>
          {hasOwnSites(u, p.roles) && (
            <button
              type="button"
              class="link"
              data-action="sites"
              onClick={() => p.setOpen(p.open === 'sites' ? null : 'sites')}
            >
              {t('userSites')}
            </button>
          )}
        </td>
      </tr>
      {p.open !== null && (
        <tr class="panel-row">
          <td colSpan={8}>{panelOf(p.open, p, () => p.setOpen(null))}</td>
        </tr>
      )}
    </>
  );
}

/** The panel opened under a user's row. */
function panelOf(panel: Panel, p: Props & { user: UserBody }, close: () => void) {
  switch (panel) {
    case 'edit':
      return <EditPanel {...p} close={close} />;
    case 'reset':
      return <ResetPanel {...p} close={close} />;
    case 'sites':
      return <UserSitesPanel user={p.user} onNotice={p.onNotice} close={close} />;
  }
}

/** Name, organisation and roles. The organisation changes first when one is set, the roles first when cleared. */
function EditPanel(p: Props & { user: UserBody; close: () => void }) {
  const { t, lang } = useLang();
  const u = p.user;
  const [displayName, setDisplayName] = useState(u.displayName);
  const [org, setOrg] = useState(u.organisationId);
  const [roles, setRoles] = useState<string[]>(u.roles);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = tried ? validateUser({ displayName, organisationId: org, roles }, p.roles) : {};

  const save = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validateUser({ displayName, organisationId: org, roles }, p.roles)).length > 0) return;
    setBusy(true);
    try {
      let user = u;
      const details = {
        ...(displayName.trim() !== u.displayName ? { displayName: displayName.trim() } : {}),
        ...(org !== u.organisationId ? { organisationId: org } : {}),
      };
      const changeDetails = async () => {
        if (Object.keys(details).length > 0) user = await api.updateUser(u.id, details);
      };
      const changeRoles = async () => {
        if ([...roles].sort().join() !== [...u.roles].sort().join()) user = await api.setRoles(u.id, roles);
      };
      if (org === null) {
        await changeRoles();
        await changeDetails();
      } else {
        await changeDetails();
        await changeRoles();
      }
      p.onChanged(user);
      p.onNotice({ kind: 'ok', text: t('userSaved', { u: u.username }) });
      p.close();
    } catch (err) {
      p.onNotice({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={save} noValidate data-edit-user={u.username}>
      <div class="form-grid">
        <label class="field">
          <span>{t('displayName')}</span>
          <input value={displayName} onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)} />
          {errors.displayName && <span class="field-error">{t(errors.displayName)}</span>}
        </label>
        <div class="field">
          <span>{t('organisation')}</span>
          <OrgSelect places={p.places} value={org} onChange={setOrg} />
          {errors.organisationId && <span class="field-error">{t(errors.organisationId)}</span>}
        </div>
      </div>
      <div class="field">
        <span>{t('roles')}</span>
        <RoleChecks roles={p.roles} value={roles} onChange={setRoles} />
        {errors.roles && <span class="field-error">{t(errors.roles)}</span>}
      </div>
      <FormButtons label={t('save')} marker="data-save-user" disabled={busy} onCancel={p.close} />
    </form>
  );
}

/** A new password: the one typed, or (left empty) one the server generates and shows once. */
function ResetPanel(p: Props & { user: UserBody; close: () => void }) {
  const { t, lang } = useLang();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const tooShort = password !== '' && [...password].length < 10;

  const reset = async (e: Event) => {
    e.preventDefault();
    if (tooShort) return;
    setBusy(true);
    try {
      const result = await api.resetPassword(p.user.id, password || undefined);
      p.onChanged(result.user);
      p.onNotice(
        result.generatedPassword
          ? { kind: 'ok', text: t('passwordOnce', { u: p.user.username }), secret: result.generatedPassword }
          : { kind: 'ok', text: t('passwordGiven', { u: p.user.username }) },
      );
      p.close();
    } catch (err) {
      p.onNotice({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={reset} noValidate data-reset-user={p.user.username}>
      <label class="field">
        <span>{t('passwordLeaveEmpty')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        {tooShort && <span class="field-error">{t('v.password')}</span>}
      </label>
      <FormButtons label={t('reset')} marker="data-confirm-reset" disabled={busy} onCancel={p.close} />
    </form>
  );
}
