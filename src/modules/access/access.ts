/**
 * Who is acting, and what they may do. Partnerships are the tenants: a user holds one role in
 * each partnership they belong to (admin, editor or viewer). The person running the CLI owns the
 * data directory, so the CLI acts as an operator with every right; the web app acts as a signed-in
 * user. Services check rights themselves, so no edge can forget to.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** For the audit log: "cli:alice" or the user's e-mail. */
  name: string;
  userId: string | null;
  /** A role in every partnership (the CLI operator), or null. */
  everywhere: Role | null;
  /** Roles by partnership id. */
  roles: ReadonlyMap<string, Role>;
}

/** The person running the CLI: every right in every partnership. */
export function operator(name: string): Principal {
  return { name, userId: null, everywhere: 'admin', roles: new Map() };
}

/** A user's rights, from their memberships. A disabled or unknown user has none. */
export async function principalForUser(db: Kysely<Database>, userId: string): Promise<Principal> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'disabled_at', 'site_admin'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled_at) throw new LanternError('FORBIDDEN', 'this account is not active');
  const rows = await db
    .selectFrom('memberships')
    .select(['partnership_id', 'role'])
    .where('user_id', '=', userId)
    .execute();
  return {
    name: user.email,
    userId: user.id,
    everywhere: user.site_admin ? 'admin' : null,
    roles: new Map(rows.map((r) => [r.partnership_id, r.role as Role])),
  };
}

/** The rights of the user with this e-mail (for the CLI acting for a user: `--as EMAIL`). */
export async function principalForEmail(db: Kysely<Database>, email: string): Promise<Principal> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(email) = ${email.trim().toLowerCase()}`)
    .executeTakeFirst();
  if (!user) throw new LanternError('NOT_FOUND', `no user ${email}. List them with: lantern users list`);
  return principalForUser(db, user.id);
}

export function roleIn(principal: Principal, partnershipId: string): Role | null {
  return principal.everywhere ?? principal.roles.get(partnershipId) ?? null;
}

/** Partnerships whose records the principal may read: null means all of them. */
export function readablePartnerships(principal: Principal): string[] | null {
  return principal.everywhere ? null : [...principal.roles.keys()];
}

/** Confidential documents (drafts, unpublished reviews) are for editors and admins only. */
export function canReadConfidential(principal: Principal, partnershipId: string): boolean {
  const role = roleIn(principal, partnershipId);
  return role === 'admin' || role === 'editor';
}

/** Partnerships where the principal may not read confidential documents (empty for most). */
export function confidentialBlind(principal: Principal): string[] {
  return principal.everywhere
    ? []
    : [...principal.roles.keys()].filter((p) => !canReadConfidential(principal, p));
}

/**
 * SQL: the document `d` is one the principal may read (in their partnerships; a confidential one
 * only where they are an editor or admin). For queries that read documents in bulk.
 */
export function mayReadDocumentSql(principal: Principal): RawBuilder<boolean> {
  const readable = readablePartnerships(principal);
  return sql<boolean>`(${sql.lit(readable === null)} or d.partnership_id = any(${readable ?? []}::uuid[]))
    and not (d.confidential and d.partnership_id = any(${confidentialBlind(principal)}::uuid[]))`;
}

/**
 * SQL: the review `r` is one the principal may see (in their partnerships; where they are a viewer,
 * only if at least one of its documents is not confidential). The library's rule, for every query
 * that finds reviews.
 */
export function mayReadReviewSql(principal: Principal): RawBuilder<boolean> {
  const readable = readablePartnerships(principal);
  return sql<boolean>`(${sql.lit(readable === null)} or r.partnership_id = any(${readable ?? []}::uuid[]))
    and (not r.partnership_id = any(${confidentialBlind(principal)}::uuid[])
      or exists (select 1 from review_documents rd_ join documents d_ on d_.id = rd_.document_id
                 where rd_.review_id = r.id and not d_.confidential))`;
}

export function canEdit(principal: Principal, partnershipId: string): boolean {
  const role = roleIn(principal, partnershipId);
  return role === 'admin' || role === 'editor';
}

/**
 * Refuses a change the principal may not make. Call it after finding the record with the
 * principal's read rights, so that a record in another partnership is simply not found.
 */
export function assertCanEdit(principal: Principal, partnershipId: string, what: string): void {
  if (!canEdit(principal, partnershipId))
    throw new LanternError(
      'FORBIDDEN',
      `${principal.name} may read but not change ${what}: this needs the editor or admin role in its partnership`,
    );
}
