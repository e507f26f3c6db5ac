import { useEffect, useState } from 'preact/hooks';

/**
 * The pages and their paths: /, /map, /station/:code, /reports, /devices/:mn, /login, /admin/users, /admin/audit,
 * /admin/loggers, /admin/sites, /admin/dust-days, /admin/figures, /admin/jobs, /account.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'map' }
  | { page: 'station'; code: string | null }
  | { page: 'reports' }
  | { page: 'devices'; mn: string | null }
  | { page: 'login' }
  | { page: 'admin-users' }
  | { page: 'admin-audit' }
  | { page: 'admin-loggers' }
  | { page: 'admin-sites' }
  | { page: 'admin-dust-days' }
  | { page: 'admin-figures' }
  | { page: 'admin-jobs' }
  | { page: 'account' };

/** 数据管理's pages (issue 12), in their tab order, with their paths. */
export const ADMIN_DATA_PAGES = [
  { page: 'admin-loggers', path: '/admin/loggers' },
  { page: 'admin-sites', path: '/admin/sites' },
  { page: 'admin-dust-days', path: '/admin/dust-days' },
  { page: 'admin-figures', path: '/admin/figures' },
  { page: 'admin-jobs', path: '/admin/jobs' },
] as const;

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'map') return { page: 'map' };
  if (parts[0] === 'reports') return { page: 'reports' };
  if (parts[0] === 'devices') return { page: 'devices', mn: parts[1] ? decodeURIComponent(parts[1]) : null };
  if (parts[0] === 'login') return { page: 'login' };
  if (parts[0] === 'account') return { page: 'account' };
  if (parts[0] === 'admin' && parts[1] === 'audit') return { page: 'admin-audit' };
  const data = ADMIN_DATA_PAGES.find((p) => parts[0] === 'admin' && p.path === `/admin/${parts[1]}`);
  if (data) return { page: data.page };
  if (parts[0] === 'admin' && (parts[1] === undefined || parts[1] === 'users'))
    return { page: 'admin-users' };
  if (parts[0] === 'station')
    return { page: 'station', code: parts[1] ? decodeURIComponent(parts[1]) : null };
  return { page: 'overview' };
}

/** Goes to `path` (with its query) inside the app; `replace` keeps the current entry out of the history. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (location.pathname + location.search === path) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The log-in page's address that comes back to `path` (the current page by default) afterwards. */
export function loginPath(path = location.pathname + location.search): string {
  return path === '/' || path.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}

/** Where to go after log-in: the `next` of the query when it is a path of this app, else the overview. */
export function nextAfterLogin(search = location.search): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return /^\/(?![/\\])/.test(next) && !next.startsWith('/login') ? next : '/';
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return route;
}

/** An <a> click that stays in the app. */
export function linkClick(e: MouseEvent, path: string): void {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(path);
}
