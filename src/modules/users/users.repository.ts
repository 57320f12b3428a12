/** SQL for account changes: find an account, disable it, remove a membership, end its sessions. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface AccountRow {
  id: string;
  email: string;
  siteAdmin: boolean;
  disabled: boolean;
  /** Partnership id -> role. */
  memberships: Map<string, string>;
}

export async function findAccount(
  db: Kysely<Database>,
  by: { id: string } | { email: string },
): Promise<AccountRow | null> {
  let q = db.selectFrom('users').select(['id', 'email', 'site_admin', 'disabled_at']);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('email', '=', by.email);
  const user = await q.executeTakeFirst();
  if (!user) return null;
  const rows = await db
    .selectFrom('memberships')
    .select(['partnership_id', 'role'])
    .where('user_id', '=', user.id)
    .execute();
  return {
    id: user.id,
    email: user.email,
    siteAdmin: user.site_admin,
    disabled: user.disabled_at !== null,
    memberships: new Map(rows.map((r) => [r.partnership_id, r.role])),
  };
}

export async function setDisabledAt(db: Kysely<Database>, userId: string, at: Date | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', userId).execute();
}

export async function deleteMembership(
  db: Kysely<Database>,
  userId: string,
  partnershipId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the account; returns how many were live. */
export async function deleteSessionsOf(db: Kysely<Database>, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Ids of the accounts with a membership in any of these partnerships. */
export async function accountsIn(db: Kysely<Database>, partnershipIds: string[]): Promise<string[]> {
  if (partnershipIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .distinct()
    .where('partnership_id', 'in', partnershipIds)
    .execute();
  return rows.map((r) => r.user_id);
}
