import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrf, type User } from './api.ts';

interface SessionValue {
  user: User | null;
  loading: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  canEdit: (partnershipId?: string | null) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api<{ user: User; csrfToken: string }>('GET', '/api/session')
      .then((s) => {
        setCsrf(s.csrfToken);
        setUser(s.user);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
      })
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const s = await api<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { email, password });
    setCsrf(s.csrfToken);
    setUser(s.user);
  }, []);

  const signOut = useCallback(async () => {
    await api('POST', '/api/auth/logout');
    setCsrf(null);
    setUser(null);
  }, []);

  const canEdit = useCallback(
    (partnershipId?: string | null) => {
      if (!user) return false;
      if (user.siteAdmin) return true;
      return user.partnerships.some((p) => (!partnershipId || p.id === partnershipId) && p.role !== 'viewer');
    },
    [user],
  );

  return (
    <SessionContext.Provider value={{ user, loading, signIn, signOut, canEdit }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
