import { sql, type Kysely } from 'kysely';

// Sign-in for the web app: server-side sessions (the cookie holds a random token; the store holds
// only its SHA-256, so a leaked database holds no usable session), each with its CSRF token.
// A site admin holds the admin role in every partnership (the first account, made on first run).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column site_admin boolean not null default false`.execute(db);
  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`create index sessions_expires on sessions (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sessions`.execute(db);
  await sql`alter table users drop column site_admin`.execute(db);
}
