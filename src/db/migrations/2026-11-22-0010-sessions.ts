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
  // Search: with GIN's fast update, new entries wait in a pending list that every search scans
  // until a vacuum merges it, and PGlite has no autovacuum. Write straight into the index instead
  // (imports are a document at a time), and merge what is pending now.
  for (const index of ['items_search', 'documents_search']) {
    await sql`alter index ${sql.ref(index)} set (fastupdate = off)`.execute(db);
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
  // The dashboard's most overdue actions: open ones by the day they fall due.
  await sql`create index actions_open_due on actions (due_on, number) where status in ('planned', 'in-progress')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index actions_open_due`.execute(db);
  for (const index of ['items_search', 'documents_search'])
    await sql`alter index ${sql.ref(index)} reset (fastupdate)`.execute(db);
  await sql`drop table sessions`.execute(db);
  await sql`alter table users drop column site_admin`.execute(db);
}
