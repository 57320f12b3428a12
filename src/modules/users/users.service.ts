/**
 * Local accounts and sign-in sessions. Passwords are hashed with scrypt (Node's own, memory-hard;
 * parameters stored with each hash so they can be raised later). A session is a random token in
 * an http-only cookie; the store keeps only its SHA-256, with a CSRF token and an expiry.
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';
import { ROLES, type Role } from '../access/access.ts';
import { findPartnership } from '../partnerships/partnership.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { passwordProblem } from './password-policy.ts';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const;
export { MIN_PASSWORD_LENGTH } from './password-policy.ts';
/** Sessions last 12 hours from the last request. */
export const SESSION_HOURS = 12;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      password,
      salt,
      keylen,
      { ...options, maxmem: 128 * options.N! * (options.r ?? 8) * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash" (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Verified when the e-mail is unknown, so a wrong address takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;

/** The password, or INVALID_INPUT saying why it may not be used (password-policy.ts). */
export function checkPassword(password: string, email?: string): string {
  const problem = passwordProblem(password, email);
  if (problem) throw new LanternError('INVALID_INPUT', problem);
  return password;
}

export function checkEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(e))
    throw new LanternError('INVALID_INPUT', `"${email}" is not an e-mail address`);
  return e;
}

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  siteAdmin: boolean;
  disabled: boolean;
  memberships: { partnershipId: string; partnership: string; slug: string; role: Role }[];
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name?: string; password: string; siteAdmin?: boolean; actor: string },
): Promise<string> {
  const email = checkEmail(input.email);
  const password_hash = await hashPassword(checkPassword(input.password, email));
  const exists = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) throw new LanternError('INVALID_INPUT', `there is already an account for ${email}`);
  const { id } = await db
    .insertInto('users')
    .values({
      email,
      display_name: input.name?.trim() || email,
      password_hash,
      site_admin: input.siteAdmin ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    actor: input.actor,
    action: 'user.create',
    entityType: 'user',
    entityId: id,
    detail: { email, siteAdmin: input.siteAdmin ?? false },
  });
  return id;
}

export async function setPassword(
  db: Kysely<Database>,
  email: string,
  password: string,
  actor: string,
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', checkEmail(email))
    .executeTakeFirst();
  if (!user) throw new LanternError('NOT_FOUND', `no account for ${email}`);
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(checkPassword(password, checkEmail(email))) })
    .where('id', '=', user.id)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  await recordAudit(db, { actor, action: 'user.password', entityType: 'user', entityId: user.id });
}

/** Gives a user a role in a partnership (replacing any role they had there). */
export async function grantRole(
  db: Kysely<Database>,
  input: { email: string; partnership: string; role: string; actor: string },
): Promise<void> {
  if (!(ROLES as readonly string[]).includes(input.role))
    throw new LanternError('INVALID_INPUT', `unknown role "${input.role}": ${ROLES.join(', ')}`);
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', checkEmail(input.email))
    .executeTakeFirst();
  if (!user) throw new LanternError('NOT_FOUND', `no account for ${input.email}`);
  const partnership = await findPartnership(db, input.partnership);
  if (!partnership)
    throw new LanternError(
      'NOT_FOUND',
      `no partnership "${input.partnership}". List them with: lantern list partnerships`,
    );
  await db
    .insertInto('memberships')
    .values({ user_id: user.id, partnership_id: partnership.id, role: input.role })
    .onConflict((oc) => oc.columns(['user_id', 'partnership_id']).doUpdateSet({ role: input.role }))
    .execute();
  await recordAudit(db, {
    actor: input.actor,
    action: 'user.grant',
    entityType: 'user',
    entityId: user.id,
    partnershipId: partnership.id,
    detail: { role: input.role },
  });
}

/** Every account (or just one, by id), with its memberships. */
export async function listUsers(db: Kysely<Database>, onlyId?: string): Promise<UserSummary[]> {
  let users = db.selectFrom('users').selectAll().orderBy('email');
  let memberships = db
    .selectFrom('memberships as m')
    .innerJoin('partnerships as p', 'p.id', 'm.partnership_id')
    .select(['m.user_id', 'm.partnership_id', 'p.name', 'p.slug', 'm.role'])
    .orderBy('p.name');
  if (onlyId) {
    users = users.where('id', '=', onlyId);
    memberships = memberships.where('m.user_id', '=', onlyId);
  }
  return summarise(await users.execute(), await memberships.execute());
}

function summarise(
  users: { id: string; email: string; display_name: string; site_admin: boolean; disabled_at: Date | null }[],
  memberships: { user_id: string; partnership_id: string; name: string; slug: string; role: string }[],
): UserSummary[] {
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    siteAdmin: u.site_admin,
    disabled: u.disabled_at !== null,
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map((m) => ({
        partnershipId: m.partnership_id,
        partnership: m.name,
        slug: m.slug,
        role: m.role as Role,
      })),
  }));
}

/**
 * On first run, when no account exists: a site admin with a random password, returned once so it
 * can be shown to the person starting Lantern. Null when accounts exist.
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  actor: string,
): Promise<{ email: string; password: string } | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const email = 'admin@lantern.local';
  let password = randomBytes(15).toString('base64url');
  while (passwordProblem(password, email)) password = randomBytes(15).toString('base64url');
  await createUser(db, { email, name: 'Administrator', password, siteAdmin: true, actor });
  return { email, password };
}

/** The user a password signs in, or null (after the same work either way). */
export async function authenticate(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<string | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled_at'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user?.password_hash) {
    dummyHash ??= hashPassword('not a real password at all');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  const ok = await verifyPassword(password, user.password_hash);
  return ok && !user.disabled_at ? user.id : null;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Kysely<Database>,
  userId: string,
): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrf,
      expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000),
    })
    .execute();
  // Expired sessions of anyone are cleared as new ones are made.
  await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  return { token, csrf };
}

/** The live session for a cookie token (its expiry pushed on), or null. */
export async function findSession(
  db: Kysely<Database>,
  token: string,
): Promise<{ userId: string; csrf: string } | null> {
  const row = await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) })
    .where('id', '=', sha256(token))
    .where('expires_at', '>', new Date())
    // A disabled account's sessions are ended when it is disabled; this holds even if one is left.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('users')
            .select('users.id')
            .whereRef('users.id', '=', 'sessions.user_id')
            .where('users.disabled_at', 'is not', null),
        ),
      ),
    )
    .returning(['user_id', 'csrf_token'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, csrf: row.csrf_token } : null;
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}
