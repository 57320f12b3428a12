/** Sign in, sign out, and who is signed in (with the CSRF token the app sends on every change). */
import { z } from 'zod';
import {
  authenticate,
  createSession,
  endSession,
  listUsers,
  SESSION_HOURS,
} from '../../modules/users/users.service.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import { recordSignInFailure, recordSignInSuccess, signInGate } from '../../modules/users/sign-in-limits.ts';
import { SESSION_COOKIE, requireUser, sendError, type RouteContext, type TypedApp } from '../app.ts';

export function authRoutes(app: TypedApp, ctx: RouteContext): void {
  const cookie = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.secureCookies,
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  };

  app.post(
    '/api/auth/login',
    {
      schema: {
        summary: 'Sign in with e-mail and password',
        body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1000) }),
      },
    },
    async (request, reply) => {
      // Failed sign-ins are limited per account at an address, per address and per account, in
      // the store (see modules/users/sign-in-limits.ts for why this cannot lock out an office).
      const { email, password } = request.body;
      const gate = await signInGate(ctx.db, email, request.ip, ctx.signInLimits);
      if (!gate.allowed) {
        await recordAudit(ctx.db, {
          actor: `web:${email.toLowerCase()}`,
          action: 'auth.limited',
          entityType: 'user',
          detail: { ip: request.ip, limit: gate.limit },
        });
        const minutes = Math.ceil(gate.retryAfterSeconds / 60);
        reply.header('retry-after', String(gate.retryAfterSeconds));
        return sendError(
          reply,
          429,
          'RATE_LIMITED',
          `too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or from a computer you have signed in from before`,
        );
      }
      const userId = await authenticate(ctx.db, email, password);
      if (!userId) {
        await recordSignInFailure(ctx.db, email, request.ip, ctx.signInLimits);
        await recordAudit(ctx.db, {
          actor: `web:${email.toLowerCase()}`,
          action: 'auth.failed',
          entityType: 'user',
          detail: { ip: request.ip },
        });
        return sendError(reply, 401, 'UNAUTHENTICATED', 'wrong e-mail or password');
      }
      await recordSignInSuccess(ctx.db, userId, email, request.ip);
      const { token, csrf } = await createSession(ctx.db, userId);
      await recordAudit(ctx.db, {
        actor: request.body.email.toLowerCase(),
        userId,
        action: 'auth.login',
        entityType: 'user',
        entityId: userId,
        detail: { ip: request.ip },
      });
      reply.setCookie(SESSION_COOKIE, token, cookie);
      return { csrfToken: csrf, user: await sessionUser(ctx, userId) };
    },
  );

  app.post('/api/auth/logout', { schema: { summary: 'Sign out' } }, async (request, reply) => {
    if (request.sessionToken) await endSession(ctx.db, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get(
    '/api/session',
    { schema: { summary: 'The signed-in user, their partnerships and roles, and the CSRF token' } },
    async (request) => {
      const principal = requireUser(request);
      return { csrfToken: request.csrfToken, user: await sessionUser(ctx, principal.userId as string) };
    },
  );
}

async function sessionUser(ctx: RouteContext, userId: string) {
  const [user] = await listUsers(ctx.db, userId);
  const partnerships = await ctx.db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name'])
    .orderBy('name')
    .execute();
  const roles = new Map((user?.memberships ?? []).map((m) => [m.slug, m.role]));
  return {
    id: userId,
    email: user?.email ?? '',
    name: user?.displayName ?? '',
    siteAdmin: user?.siteAdmin ?? false,
    partnerships: partnerships
      .filter((p) => user?.siteAdmin || roles.has(p.slug))
      .map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        role: user?.siteAdmin ? 'admin' : roles.get(p.slug),
      })),
  };
}
