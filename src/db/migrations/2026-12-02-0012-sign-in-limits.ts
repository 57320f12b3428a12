import { sql, type Kysely } from 'kysely';

// Sign-in limits kept in the store, so that they hold across several web processes on one
// PostgreSQL and across restarts. `sign_in_failures` counts failed sign-ins per key (an address,
// an account, or an account at an address) within a window; `sign_in_addresses` remembers the
// addresses each account has signed in from, so a person at a known address still gets in while
// their account is under attack from elsewhere. Both are transient: store exports leave them out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sign_in_failures (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      last_failed_at timestamptz not null
    )`.execute(db);
  await sql`create index sign_in_failures_last on sign_in_failures (last_failed_at)`.execute(db);
  await sql`
    create table sign_in_addresses (
      user_id uuid not null references users (id) on delete cascade,
      address text not null,
      last_success_at timestamptz not null,
      primary key (user_id, address)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sign_in_addresses`.execute(db);
  await sql`drop table sign_in_failures`.execute(db);
}
