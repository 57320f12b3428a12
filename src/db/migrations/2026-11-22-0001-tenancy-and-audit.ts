import { sql, type Kysely } from 'kysely';

// Partnerships are the tenants: every document, review and item belongs to one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partnerships (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
      name text not null,
      nation text check (nation in ('england', 'wales', 'scotland', 'northern-ireland')),
      aliases text[] not null default '{}',
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique,
      display_name text not null,
      password_hash text,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);

  // Roles are per partnership: a reviewer in one partnership may be a researcher in another.
  await sql`
    create table memberships (
      user_id uuid not null references users (id) on delete cascade,
      partnership_id uuid not null references partnerships (id) on delete cascade,
      role text not null check (role in ('admin', 'manager', 'reviewer', 'practitioner', 'researcher')),
      created_at timestamptz not null default now(),
      primary key (user_id, partnership_id)
    )`.execute(db);

  // clock_timestamp(), not now(): entries written in one transaction keep their order.
  await sql`
    create table audit_log (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null default clock_timestamp(),
      actor text not null,
      user_id uuid references users (id) on delete set null,
      partnership_id uuid references partnerships (id) on delete set null,
      action text not null,
      entity_type text not null,
      entity_id text,
      detail jsonb not null default '{}'
    )`.execute(db);
  await sql`create index audit_log_at on audit_log (at)`.execute(db);
  await sql`create index audit_log_entity on audit_log (entity_type, entity_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log, memberships, users, partnerships`.execute(db);
}
