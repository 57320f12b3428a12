/** SQL for the sign-in limits: failure counters per key, and the addresses accounts sign in from. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface FailureCount {
  key: string;
  failures: number;
  /** Seconds until the counter's window ends. */
  secondsLeft: number;
}

const windowOf = (minutes: number) => sql`make_interval(mins => ${minutes})`;

/** The counters of these keys whose window (of `minutes`) is still open. */
export async function openFailureCounts(
  db: Kysely<Database>,
  keys: string[],
  minutes: number,
): Promise<FailureCount[]> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select([
      'key',
      'failures',
      sql<number>`ceil(extract(epoch from (window_started_at + ${windowOf(minutes)} - now())))::int`.as(
        'seconds_left',
      ),
    ])
    .where('key', 'in', keys)
    .where(sql<boolean>`window_started_at > now() - ${windowOf(minutes)}`)
    .execute();
  return rows.map((r) => ({ key: r.key, failures: r.failures, secondsLeft: Math.max(1, r.seconds_left) }));
}

/**
 * Counts one failure on each key, in one statement (so concurrent web processes add up): a
 * counter whose window has closed starts again at 1. Counters long closed are cleared.
 */
export async function addFailure(db: Kysely<Database>, keys: string[], minutes: number): Promise<void> {
  const closed = sql<boolean>`sign_in_failures.window_started_at <= now() - ${windowOf(minutes)}`;
  await db
    .insertInto('sign_in_failures')
    .values(
      keys.map((key) => ({ key, failures: 1, window_started_at: sql`now()`, last_failed_at: sql`now()` })),
    )
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when ${closed} then 1 else sign_in_failures.failures + 1 end`,
        window_started_at: sql`case when ${closed} then now() else sign_in_failures.window_started_at end`,
        last_failed_at: sql`now()`,
      }),
    )
    .execute();
  await db
    .deleteFrom('sign_in_failures')
    .where(sql<boolean>`last_failed_at < now() - ${windowOf(minutes)} * 4`)
    .execute();
}

export async function clearFailures(db: Kysely<Database>, keys: string[]): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', 'in', keys).execute();
}

/** Whether the account with this e-mail has signed in from this address within `days`. */
export async function isKnownAddress(
  db: Kysely<Database>,
  email: string,
  address: string,
  days: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_addresses as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('a.user_id')
    .where('u.email', '=', email)
    .where('a.address', '=', address)
    .where(sql<boolean>`a.last_success_at > now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function rememberAddress(db: Kysely<Database>, userId: string, address: string): Promise<void> {
  await db
    .insertInto('sign_in_addresses')
    .values({ user_id: userId, address, last_success_at: sql`now()` })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ last_success_at: sql`now()` }))
    .execute();
}
