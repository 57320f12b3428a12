/**
 * Account administration for the web app's administrators: the accounts they manage, and
 * disabling, enabling, giving and removing memberships (modules/users/accounts.service.ts decides
 * who may do what; every change is audited and ends the sessions it takes rights from).
 */
import { z } from 'zod';
import { ROLES } from '../../modules/access/access.ts';
import {
  grantMembership,
  manageableAccounts,
  revokeMembership,
  setAccountDisabled,
} from '../../modules/users/accounts.service.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';

const UserId = z.object({ id: z.uuid({ error: 'not an account id' }) });
const Membership = UserId.extend({ partnership: z.uuid({ error: 'not a partnership id' }) });

export function adminRoutes(app: TypedApp, ctx: RouteContext): void {
  const { db } = ctx;

  app.get(
    '/api/admin/users',
    { schema: { summary: 'Accounts you manage, with their memberships in your partnerships' } },
    async (request) => manageableAccounts(db, requireUser(request)),
  );

  for (const action of ['disable', 'enable'] as const)
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        schema: {
          summary:
            action === 'disable' ? 'Disable an account and end its sessions' : 'Enable a disabled account',
          params: UserId,
        },
      },
      async (request) =>
        setAccountDisabled(db, requireUser(request), { id: request.params.id }, action === 'disable'),
    );

  app.post(
    '/api/admin/memberships',
    {
      schema: {
        summary: 'Give an account (by e-mail) a role in a partnership you administer',
        body: z.object({
          email: z.string().trim().min(3).max(320),
          partnership: z.uuid({ error: 'not a partnership id' }),
          role: z.enum(ROLES),
        }),
      },
    },
    async (request) => {
      const { email, partnership, role } = request.body;
      await grantMembership(db, requireUser(request), email, partnership, role);
      return { ok: true };
    },
  );

  app.delete(
    '/api/admin/users/:id/memberships/:partnership',
    {
      schema: {
        summary: "Remove an account from a partnership you administer, ending the account's sessions",
        params: Membership,
      },
    },
    async (request) =>
      revokeMembership(db, requireUser(request), { id: request.params.id }, request.params.partnership),
  );
}
