import { useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/**
 * Runs `load` whenever a dependency changes and keeps the last data while the next load runs, so a live refresh
 * never blanks the page. A late answer of an earlier load is dropped.
 */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) =>
        current && setState((s) => ({ data: s.data, error: (error as Error).message, loading: false })),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
