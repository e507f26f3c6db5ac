import { useAuth } from '../auth.ts';
import { useLang } from '../i18n.ts';
import { linkClick, loginPath } from '../router.ts';

/** 「无权限」: what a page shows to a user whose roles do not allow it (never a blank page). */
export function NoPermission() {
  const { t } = useLang();
  const auth = useAuth();
  return (
    <div class="page">
      <section class="card no-permission" data-no-permission>
        <h2>{t('noPermission')}</h2>
        <p>{auth.status === 'signed-in' ? t('noPermissionText') : t('signInForMore')}</p>
        <p class="toolbar">
          <a href="/" class="button secondary" onClick={(e) => linkClick(e as unknown as MouseEvent, '/')}>
            {t('backHome')}
          </a>
          {auth.status !== 'signed-in' && (
            <a
              href={loginPath()}
              class="button"
              onClick={(e) => linkClick(e as unknown as MouseEvent, loginPath())}
            >
              {t('signIn')}
            </a>
          )}
        </p>
      </section>
    </div>
  );
}
