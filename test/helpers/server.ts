/** Signed-in requests to the app in-process (Fastify's inject), as server tests make them. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/server/app.ts';

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in; throws with the answer if the sign-in is refused. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (r.statusCode !== 200) throw new Error(`sign-in of ${email} answered ${r.statusCode}: ${r.body}`);
  return {
    cookie: r.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string,
    csrf: r.json<{ csrfToken: string }>().csrfToken,
  };
}

/** A request with the session's cookie and CSRF token. */
export function requestAs(
  app: FastifyInstance,
  session: Session,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  extra: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie: `${SESSION_COOKIE}=${session.cookie}`, [CSRF_HEADER]: session.csrf, ...extra },
    ...(payload !== undefined ? { payload: payload as string } : {}),
  });
}
