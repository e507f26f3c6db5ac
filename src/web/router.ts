import { useEffect, useState } from 'preact/hooks';

/** The four pages and their paths: /, /map, /station/:code, /reports. */
export type Route =
  | { page: 'overview' }
  | { page: 'map' }
  | { page: 'station'; code: string | null }
  | { page: 'reports' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'map') return { page: 'map' };
  if (parts[0] === 'reports') return { page: 'reports' };
  if (parts[0] === 'station')
    return { page: 'station', code: parts[1] ? decodeURIComponent(parts[1]) : null };
  return { page: 'overview' };
}

export function navigate(path: string): void {
  if (location.pathname === path) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
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
