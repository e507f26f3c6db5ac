import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { initialLang, type Lang, LangContext, storeLang, translator } from './i18n.ts';
import { connectLive, INITIAL_LIVE, LiveContext } from './live.ts';
import { OverviewPage } from './pages/overview-page.tsx';
import { linkClick, type Route, useRoute } from './router.ts';

type PageModule = { Page: ComponentType<{ route: Route }> };

/** Map, station and reports load on first visit: the overview does not wait for ECharts. */
const LOADERS: Record<Exclude<Route['page'], 'overview'>, () => Promise<PageModule>> = {
  map: () => import('./pages/map-page.tsx'),
  station: () => import('./pages/station-page.tsx'),
  reports: () => import('./pages/reports-page.tsx'),
};

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

const NAV: {
  page: Route['page'];
  path: string;
  key: 'navOverview' | 'navMap' | 'navStation' | 'navReports';
}[] = [
  { page: 'overview', path: '/', key: 'navOverview' },
  { page: 'map', path: '/map', key: 'navMap' },
  { page: 'station', path: '/station', key: 'navStation' },
  { page: 'reports', path: '/reports', key: 'navReports' },
];

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [live, setLive] = useState(INITIAL_LIVE);
  const route = useRoute();
  useEffect(() => connectLive(setLive), []);
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

  return (
    <LangContext.Provider value={langState}>
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
            {NAV.map((n) => (
              <a
                key={n.page}
                href={n.path}
                class={route.page === n.page ? 'active' : ''}
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
          </div>
        </header>
        <main>{route.page === 'overview' ? <OverviewPage /> : <LazyPage route={route} />}</main>
        <footer>{t('sample')}</footer>
      </LiveContext.Provider>
    </LangContext.Provider>
  );
}
