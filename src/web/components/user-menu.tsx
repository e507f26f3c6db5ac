import { useEffect, useRef, useState } from 'preact/hooks';
import { useAuth } from '../auth.ts';
import { useLang } from '../i18n.ts';
import { placeName, usePlaces } from '../places.ts';
import { linkClick, loginPath } from '../router.ts';

/** The header's account corner: 「登录」 when anonymous; the user's name, roles, organisation and 退出登录 when not. */
export function UserMenu() {
  const { t, lang } = useLang();
  const auth = useAuth();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // Places are refused (403) while the user must change the password first.
  const places = usePlaces(auth.me?.user.organisationId != null && !auth.me.mustChangePassword);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('click', close);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (auth.status === 'loading') return null;
  const me = auth.me;
  if (!me) {
    // On the log-in page itself the form is the way in.
    if (location.pathname === '/login') return null;
    const path = loginPath();
    return (
      <a
        class="login-link"
        href={path}
        data-login-link
        onClick={(e) => linkClick(e as unknown as MouseEvent, path)}
      >
        {t('signIn')}
      </a>
    );
  }
  const org = placeName(places, me.user.organisationId, lang);
  return (
    <div class="user-menu" ref={box}>
      <button
        type="button"
        class="user-button"
        data-user-menu
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('userMenu')}
        onClick={() => setOpen(!open)}
      >
        {me.user.displayName} ▾
      </button>
      {open && (
        <div class="user-panel" data-user-panel>
          <div class="user-who">
            <b data-user-name>{me.user.displayName}</b>
            <span class="muted small">{me.user.username}</span>
          </div>
          <dl class="user-facts">
            <dt>{t('roles')}</dt>
            <dd data-user-roles>
              {me.roles.map((r) => (lang === 'zh' ? r.nameZh : r.nameEn)).join('、') || '—'}
            </dd>
            <dt>{t('organisation')}</dt>
            <dd data-user-org>{org ?? t('districtWide')}</dd>
          </dl>
          <a
            href="/account"
            data-nav-account
            onClick={(e) => {
              setOpen(false);
              linkClick(e as unknown as MouseEvent, '/account');
            }}
          >
            {t('navAccount')}
          </a>
          <button
            type="button"
            class="button secondary"
            data-sign-out
            onClick={() => {
              setOpen(false);
              void auth.signOut();
            }}
          >
            {t('signOut')}
          </button>
        </div>
      )}
    </div>
  );
}
