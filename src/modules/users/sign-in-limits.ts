/**
 * Limits on failed sign-ins, kept in the store so that they hold across several web processes on
 * one PostgreSQL and across restarts. Only failures count: people signing in successfully (a whole
 * office behind one address, every morning) never use up a limit.
 *
 * Three counters, each over a window (15 minutes by default):
 * - an account at an address (5): guessing one person's password from one place. Refused there
 *   until the window ends; the same person elsewhere (at their own desk) is not affected, so an
 *   attacker cannot lock someone out by guessing wrong on purpose.
 * - an address (50): one place guessing at many accounts. Refused there, except for an account
 *   that has signed in successfully from that address before (within 90 days): an attacker who
 *   shares an office's address (the same NAT or proxy) does not lock out the office. Such an
 *   account is still held to its own account-at-address limit.
 * - an account (20): many places guessing at one account (a botnet). From then on, until the
 *   window ends, the account signs in only from addresses it has signed in from before; its owner
 *   at a known address still gets in with the right password.
 * A refused attempt is not checked against the password at all (no guess is tested, no scrypt work
 * is spent) and does not count again. The e-mail need not belong to an account: the answers are the
 * same either way, so the limits tell nobody whether an account exists.
 * Between the check and the count, concurrent attempts can each pass: the limits can be exceeded
 * by the number of attempts in flight at once, no more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  addFailure,
  clearFailures,
  isKnownAddress,
  openFailureCounts,
  rememberAddress,
} from './sign-in.repository.ts';

export interface SignInLimits {
  windowMinutes: number;
  perAccountAtAddress: number;
  perAddress: number;
  perAccount: number;
  /** How long an address counts as known for an account after a successful sign-in. */
  knownAddressDays: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  windowMinutes: 15,
  perAccountAtAddress: 5,
  perAddress: 50,
  perAccount: 20,
  knownAddressDays: 90,
};

export type SignInGate = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: string };

function keys(email: string, address: string) {
  const account = email.trim().toLowerCase();
  return {
    account,
    accountKey: `account:${account}`,
    addressKey: `address:${address}`,
    pairKey: `account-address:${account} ${address}`,
  };
}

/** Whether a sign-in for `email` from `address` may be tried now. */
export async function signInGate(
  db: Kysely<Database>,
  email: string,
  address: string,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<SignInGate> {
  const k = keys(email, address);
  const counts = await openFailureCounts(db, [k.accountKey, k.addressKey, k.pairKey], limits.windowMinutes);
  const over = (key: string, max: number) => {
    const c = counts.find((x) => x.key === key);
    return c && c.failures >= max ? c : null;
  };
  const pair = over(k.pairKey, limits.perAccountAtAddress);
  if (pair) return { allowed: false, retryAfterSeconds: pair.secondsLeft, limit: 'account-address' };
  const place = over(k.addressKey, limits.perAddress);
  const account = over(k.accountKey, limits.perAccount);
  if (!place && !account) return { allowed: true };
  if (await isKnownAddress(db, k.account, address, limits.knownAddressDays)) return { allowed: true };
  const worst = [place, account].filter((c) => c !== null).sort((a, b) => b.secondsLeft - a.secondsLeft)[0];
  return {
    allowed: false,
    retryAfterSeconds: worst?.secondsLeft ?? limits.windowMinutes * 60,
    limit: place ? 'address' : 'account',
  };
}

export async function recordSignInFailure(
  db: Kysely<Database>,
  email: string,
  address: string,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<void> {
  const k = keys(email, address);
  await addFailure(db, [k.accountKey, k.addressKey, k.pairKey], limits.windowMinutes);
}

/**
 * A successful sign-in: the account's counter at this address starts again, and the address is
 * known for the account. Its counter over all addresses runs on to the end of its window, or every
 * sign-in of its owner would give a botnet a fresh set of guesses.
 */
export async function recordSignInSuccess(
  db: Kysely<Database>,
  userId: string,
  email: string,
  address: string,
): Promise<void> {
  const k = keys(email, address);
  await clearFailures(db, [k.pairKey]);
  await rememberAddress(db, userId, address);
}
