/**
 * Account administration: disable or enable an account, give or remove a membership. Each change
 * ends the account's sessions where it takes rights away, and is audited.
 *
 * Who may do what: the CLI operator and site admins manage every account. The admin of a
 * partnership manages its members: gives them roles there, removes them from it, and disables
 * (or enables) an account whose every membership is in partnerships they administer. Accounts
 * with no membership in a partnership the admin administers are simply not found, so an admin
 * learns nothing about other partnerships' members. Nobody disables or removes themselves (a
 * lock-out); another administrator does it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { readablePartnerships, roleIn, type Principal } from '../access/access.ts';
import {
  accountsIn,
  deleteMembership,
  deleteSessionsOf,
  findAccount,
  setDisabledAt,
  type AccountRow,
} from './users.repository.ts';
import { checkEmail, grantRole, listUsers, type UserSummary } from './users.service.ts';

export type AccountRef = { id: string } | { email: string };

/** The partnerships whose members the principal manages: null for every partnership. */
export function administeredPartnerships(principal: Principal): string[] | null {
  if (principal.everywhere === 'admin') return null;
  return [...principal.roles].filter(([, role]) => role === 'admin').map(([id]) => id);
}

function assertAdministers(principal: Principal): string[] | null {
  const scope = administeredPartnerships(principal);
  if (scope && scope.length === 0)
    throw new LanternError(
      'FORBIDDEN',
      `${principal.name} may not manage accounts: this needs the admin role in a partnership`,
    );
  return scope;
}

const describe = (ref: AccountRef) => ('email' in ref ? ref.email : 'that id');

/** The account, if the principal may see it (a member of a partnership they administer). */
async function visibleAccount(
  db: Kysely<Database>,
  principal: Principal,
  ref: AccountRef,
): Promise<AccountRow> {
  const scope = assertAdministers(principal);
  const account = await findAccount(db, 'email' in ref ? { email: checkEmail(ref.email) } : ref);
  const visible =
    account && (scope === null || [...account.memberships.keys()].some((p) => scope.includes(p)));
  if (!account || !visible)
    throw new LanternError(
      'NOT_FOUND',
      `no account for ${describe(ref)}${scope ? ' among the members of your partnerships' : ''}`,
    );
  return account;
}

function refuseSelf(principal: Principal, account: AccountRow, what: string): void {
  if (principal.userId === account.id)
    throw new LanternError('INVALID_INPUT', `you cannot ${what} your own account: ask another administrator`);
}

/** Disables (or enables) an account; disabling ends its sessions at once. */
export async function setAccountDisabled(
  db: Kysely<Database>,
  principal: Principal,
  ref: AccountRef,
  disabled: boolean,
): Promise<{ email: string; sessionsEnded: number; changed: boolean }> {
  const account = await visibleAccount(db, principal, ref);
  refuseSelf(principal, account, disabled ? 'disable' : 'enable');
  const scope = administeredPartnerships(principal);
  if (scope && (account.siteAdmin || [...account.memberships.keys()].some((p) => !scope.includes(p))))
    throw new LanternError(
      'FORBIDDEN',
      `${account.email} ${account.siteAdmin ? 'is a site administrator' : 'is also a member of partnerships you do not administer'}: a site administrator can ${disabled ? 'disable' : 'enable'} the account, or you can remove them from your partnership`,
    );
  const changed = account.disabled !== disabled;
  if (changed) await setDisabledAt(db, account.id, disabled ? new Date() : null);
  const sessionsEnded = disabled ? await deleteSessionsOf(db, account.id) : 0;
  await recordAudit(db, {
    actor: principal.name,
    ...(principal.userId ? { userId: principal.userId } : {}),
    action: disabled ? 'user.disable' : 'user.enable',
    entityType: 'user',
    entityId: account.id,
    detail: { email: account.email, sessionsEnded, changed },
  });
  return { email: account.email, sessionsEnded, changed };
}

function assertAdminOf(principal: Principal, partnershipId: string): void {
  if (roleIn(principal, partnershipId) === 'admin') return;
  const readable = readablePartnerships(principal);
  if (readable !== null && !readable.includes(partnershipId))
    throw new LanternError('NOT_FOUND', 'no such partnership among yours');
  throw new LanternError(
    'FORBIDDEN',
    `${principal.name} may not manage this partnership's members: this needs its admin role`,
  );
}

/** Removes an account's membership of a partnership, ending its sessions. */
export async function revokeMembership(
  db: Kysely<Database>,
  principal: Principal,
  ref: AccountRef,
  partnershipId: string,
): Promise<{ email: string; role: string; sessionsEnded: number }> {
  assertAdminOf(principal, partnershipId);
  const account = await visibleAccount(db, principal, ref);
  refuseSelf(principal, account, 'remove a membership of');
  const role = account.memberships.get(partnershipId);
  if (!role || !(await deleteMembership(db, account.id, partnershipId)))
    throw new LanternError('NOT_FOUND', `${account.email} is not a member of that partnership`);
  const sessionsEnded = await deleteSessionsOf(db, account.id);
  await recordAudit(db, {
    actor: principal.name,
    ...(principal.userId ? { userId: principal.userId } : {}),
    action: 'user.revoke',
    entityType: 'user',
    entityId: account.id,
    partnershipId,
    detail: { email: account.email, role, sessionsEnded },
  });
  return { email: account.email, role, sessionsEnded };
}

/** Gives an existing account (by e-mail) a role in a partnership the principal administers. */
export async function grantMembership(
  db: Kysely<Database>,
  principal: Principal,
  email: string,
  partnershipId: string,
  role: string,
): Promise<void> {
  assertAdminOf(principal, partnershipId);
  const account = await findAccount(db, { email: checkEmail(email) });
  if (!account)
    throw new LanternError(
      'NOT_FOUND',
      `no account for ${email}: a site administrator adds accounts (lantern users add)`,
    );
  refuseSelf(principal, account, 'change the role of');
  await grantRole(db, { email: account.email, partnership: partnershipId, role, actor: principal.name });
}

/**
 * The accounts the principal manages, each with its memberships in partnerships the principal
 * administers (a partnership admin sees nothing of other partnerships).
 */
export async function manageableAccounts(
  db: Kysely<Database>,
  principal: Principal,
): Promise<{ users: UserSummary[]; scope: string[] | null }> {
  const scope = assertAdministers(principal);
  const all = await listUsers(db);
  const ids = scope ? new Set(await accountsIn(db, scope)) : null;
  const users = all
    .filter((u) => ids === null || ids.has(u.id))
    .map((u) =>
      scope === null
        ? u
        : {
            ...u,
            siteAdmin: false,
            memberships: u.memberships.filter((m) => scope.includes(m.partnershipId)),
          },
    );
  return { users, scope };
}
