import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AuthContext, type AuthState, useAuthState } from './auth.ts';
import { NoPermission } from './components/no-permission.tsx';
import { UserMenu } from './components/user-menu.tsx';
import { initialLang, type Lang, LangContext, storeLang, translator } from './i18n.ts';
import type { MessageKey } from './i18n-messages.ts';
import { connectLive, INITIAL_LIVE, LiveContext } from './live.ts';
import { OverviewPage } from './pages/overview-page.tsx';
import { ADMIN_DATA_PAGES, linkClick, loginPath, navigate, type Route, useRoute } from './router.ts';
import { watchScrollCues } from './scroll-cues.ts';

type PageModule = { Page: ComponentType<{ route: Route }> };

/** Every page but the overview loads on first visit: the overview does not wait for ECharts. */
const LOADERS: Record<Exclude<Route['page'], 'overview'>, () => Promise<PageModule>> = {
  map: () => import('./pages/map-page.tsx'),
  station: () => import('./pages/station-page.tsx'),
  reports: () => import('./pages/reports-page.tsx'),
  devices: () => import('./pages/devices-page.tsx'),
  login: () => import('./pages/login-page.tsx'),
  'admin-users': () => import('./pages/admin-users-page.tsx'),
  'admin-audit': () => import('./pages/admin-audit-page.tsx'),
  'admin-loggers': () => import('./pages/admin-loggers-page.tsx'),
  'admin-sites': () => import('./pages/admin-sites-page.tsx'),
  'admin-dust-days': () => import('./pages/admin-dust-days-page.tsx'),
  'admin-figures': () => import('./pages/admin-figures-page.tsx'),
  'admin-jobs': () => import('./pages/admin-jobs-page.tsx'),
  account: () => import('./pages/account-page.tsx'),
};

/** What a page needs: a permission, or only being signed in. The API checks again on every call. */
const NEEDS: Record<Route['page'], { permission?: string; signedIn?: boolean }> = {
  overview: { permission: 'air:read' },
  map: { permission: 'air:read' },
  station: { permission: 'air:read' },
  reports: { permission: 'air:read' },
  devices: { permission: 'devices:read' },
  login: {},
  'admin-users': { permission: 'users:admin' },
  'admin-audit': { permission: 'audit:read' },
  'admin-loggers': { permission: 'devices:write' },
  'admin-sites': { permission: 'sites:write' },
  'admin-dust-days': { permission: 'dust-days:write' },
  'admin-figures': { permission: 'figures:write' },
  'admin-jobs': { permission: 'jobs:admin' },
  account: { signedIn: true },
};

function allowed(auth: AuthState, page: Route['page']): boolean {
  const need = NEEDS[page];
  if (need.signedIn && auth.status !== 'signed-in') return false;
  return need.permission === undefined || auth.can(need.permission);
}

function LazyPage({ route }: { route: Exclude<Route, { page: 'overview' }> }) {
  const [mod, setMod] = useState<{ page: string; Page: PageModule['Page'] } | null>(null);
  useEffect(() => {
    let current = true;
    void LOADERS[route.page]().then((m) => current && setMod({ page: route.page, Page: m.Page }));
    return () => {
      current = false;
    };
  }, [route.page]);
  if (!mod || mod.page !== route.page) return <div class="loading" />;
  return <mod.Page route={route} />;
}

const NAV: { page: Route['page']; path: string; key: MessageKey }[] = [
  { page: 'overview', path: '/', key: 'navOverview' },
  { page: 'map', path: '/map', key: 'navMap' },
  { page: 'station', path: '/station', key: 'navStation' },
  { page: 'reports', path: '/reports', key: 'navReports' },
  { page: 'devices', path: '/devices', key: 'navDevices' },
  { page: 'admin-users', path: '/admin/users', key: 'navAdmin' },
  { page: 'admin-audit', path: '/admin/audit', key: 'navAudit' },
];

/** 数据管理 is one menu entry for its four pages: it leads to the first one the caller may use. */
function navOf(auth: AuthState): typeof NAV {
  const data = ADMIN_DATA_PAGES.find((p) => allowed(auth, p.page));
  return data ? [...NAV, { page: data.page, path: data.path, key: 'navAdminData' }] : NAV;
}

const isAdminData = (page: Route['page']) => ADMIN_DATA_PAGES.some((p) => p.page === page);

/**
 * The page, if the caller may use it. Anonymous visitors of a page that needs more are sent to log in (and come
 * back afterwards); signed-in users who lack the permission see 「无权限」.
 */
function Gate({ route, auth }: { route: Route; auth: AuthState }) {
  // Until an administrator-set password is replaced, the 修改密码 form is the only page (the API allows nothing else).
  const mustChange = auth.me?.mustChangePassword === true;
  useEffect(() => {
    if (mustChange && route.page !== 'account') navigate('/account', { replace: true });
  }, [mustChange, route.page]);
  if (mustChange) return <LazyPage route={{ page: 'account' }} />;
  const ok = allowed(auth, route.page);
  const toLogin = !ok && auth.status === 'anonymous' && route.page !== 'overview';
  useEffect(() => {
    if (toLogin) navigate(loginPath(), { replace: true });
  }, [toLogin]);
  if (ok) return route.page === 'overview' ? <OverviewPage /> : <LazyPage route={route} />;
  if (auth.status === 'loading' || toLogin) return <div class="loading" />;
  return <NoPermission />;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [live, setLive] = useState(INITIAL_LIVE);
  const route = useRoute();
  const auth = useAuthState();
  // Reconnect when the user changes: what /api/live sends depends on who asks.
  const userId = auth.me?.user.id;
  // No live feed for a user who must change the password first: the API refuses it until then.
  const mustChange = auth.me?.mustChangePassword === true;
  useEffect(
    () => (auth.status === 'loading' || mustChange ? undefined : connectLive(setLive)),
    [auth.status, userId, mustChange],
  );
  const langState = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (l: Lang) => {
        storeLang(l);
        setLangState(l);
      },
    }),
    [lang],
  );
  const { t } = langState;
  useEffect(() => {
    document.title = `${t('appTitle')} · ${lang === 'zh' ? '青山' : 'Qingshan'}`;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang, t]);
  // Scroll cues on wide tables and the nav's active item in view, for every page (scroll-cues.ts).
  useEffect(() => watchScrollCues(document, t('scrollHint')), [t]);

  return (
    <LangContext.Provider value={langState}>
      <AuthContext.Provider value={auth}>
        <LiveContext.Provider value={live}>
          <header class="top">
            <div class="brand">
              <svg viewBox="0 0 16 16" aria-hidden="true">
                <path d="M1 14 6 5l3 5 2-3 4 7z" />
              </svg>
              <div>
                <h1>{t('appTitle')}</h1>
                <small>{t('appSub')}</small>
              </div>
            </div>
            <nav>
              {navOf(auth)
                .filter((n) => !mustChange && allowed(auth, n.page))
                .map((n) => (
                  <a
                    key={n.page}
                    href={n.path}
                    class={
                      route.page === n.page || (isAdminData(n.page) && isAdminData(route.page))
                        ? 'active'
                        : ''
                    }
                    aria-current={
                      route.page === n.page || (isAdminData(n.page) && isAdminData(route.page))
                        ? 'page'
                        : undefined
                    }
                    data-nav={n.page}
                    onClick={(e) => linkClick(e as unknown as MouseEvent, n.path)}
                  >
                    {t(n.key)}
                  </a>
                ))}
            </nav>
            <div class="tools">
              <span
                class={`live-dot ${live.connected ? 'on' : 'off'}`}
                data-live={live.connected ? 'on' : 'off'}
              >
                {live.connected ? t('live') : t('liveOff')}
              </span>
              <button
                type="button"
                class="lang"
                data-lang-switch
                onClick={() => langState.setLang(lang === 'zh' ? 'en' : 'zh')}
              >
                {t('langSwitch')}
              </button>
              <UserMenu />
            </div>
          </header>
          <main>
            <Gate route={route} auth={auth} />
          </main>
          <footer>{t('sample')}</footer>
        </LiveContext.Provider>
      </AuthContext.Provider>
    </LangContext.Provider>
  );
}
