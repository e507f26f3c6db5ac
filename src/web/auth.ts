import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { MeBody } from '#contract/auth.ts';
import { api, onUnauthorized, setCsrfToken } from './api.ts';
import { loginPath, navigate } from './router.ts';

/**
 * What an anonymous visitor may do: the public role's permissions (published air quality and air stations). The
 * server decides for real; this only shapes the navigation.
 */
export const ANONYMOUS_PERMISSIONS: readonly string[] = ['air:read', 'sites:read', 'published:read'];

export interface AuthState {
  /** 'loading' until /api/auth/me has answered on start. */
  status: 'loading' | 'anonymous' | 'signed-in';
  me: MeBody | undefined;
  can: (permission: string) => boolean;
  /** After a successful log-in. */
  signedIn: (me: MeBody) => void;
  signOut: () => Promise<void>;
}

const NOBODY: AuthState = {
  status: 'loading',
  me: undefined,
  can: () => false,
  signedIn: () => {},
  signOut: async () => {},
};

export const AuthContext = createContext<AuthState>(NOBODY);
export const useAuth = () => useContext(AuthContext);

/**
 * The app's sign-in state: asks /api/auth/me once on start (keeping its CSRF token for later changes), and sends
 * the user to the log-in page whenever a call answers 401 (the session ended or expired).
 */
export function useAuthState(): AuthState {
  const [me, setMe] = useState<MeBody | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);

  const signedIn = useCallback((m: MeBody) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
    setLoaded(true);
  }, []);

  useEffect(() => {
    let current = true;
    api.me().then(
      (m) => {
        if (!current) return;
        if (m) signedIn(m);
        else setLoaded(true);
      },
      () => current && setLoaded(true),
    );
    onUnauthorized(() => {
      setCsrfToken(undefined);
      setMe(undefined);
      if (!location.pathname.startsWith('/login')) navigate(loginPath());
    });
    return () => {
      current = false;
    };
  }, [signedIn]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(undefined);
      setMe(undefined);
      navigate('/');
    }
  }, []);

  return useMemo(() => {
    const permissions = new Set(me ? me.permissions : ANONYMOUS_PERMISSIONS);
    return {
      status: !loaded ? 'loading' : me ? 'signed-in' : 'anonymous',
      me,
      can: (p: string) => permissions.has(p),
      signedIn,
      signOut,
    };
  }, [me, loaded, signedIn, signOut]);
}
