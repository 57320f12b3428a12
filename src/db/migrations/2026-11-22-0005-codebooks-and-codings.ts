import { sql, type Kysely } from 'kysely';

// Codebooks are versioned: a change makes a new version with its own code rows, and a coding
// points at the exact code row it used, so a codebook change never relabels a past coding.
// Machine and human codings live in separate tables: a person's judgement is never overwritten
// by a re-run of the coder.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table codebooks (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
      name text not null,
      description text,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table codebook_versions (
      id uuid primary key default gen_random_uuid(),
      codebook_id uuid not null references codebooks (id) on delete cascade,
      version integer not null check (version >= 1),
      note text,
      created_at timestamptz not null default now(),
      unique (codebook_id, version)
    )`.execute(db);

  await sql`
    create table codes (
      id uuid primary key default gen_random_uuid(),
      codebook_version_id uuid not null references codebook_versions (id) on delete cascade,
      key text not null,
      parent_key text,
      label text not null,
      definition text,
      inclusion text,
      exclusion text,
      vocabulary jsonb not null default '{}',
      reference_code text,
      unique (codebook_version_id, key),
      check (parent_key is null or parent_key <> key)
    )`.execute(db);

  await sql`
    create table machine_codings (
      id uuid primary key default gen_random_uuid(),
      code_id uuid not null references codes (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      item_id uuid references items (id) on delete cascade,
      confidence real not null check (confidence >= 0 and confidence <= 1),
      coder_version text not null,
      component text not null check (component in ('rules', 'model', 'rules+model')),
      evidence jsonb not null default '[]',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index machine_codings_document on machine_codings (document_id)`.execute(db);
  await sql`create index machine_codings_item on machine_codings (item_id)`.execute(db);

  await sql`
    create table human_codings (
      id uuid primary key default gen_random_uuid(),
      code_id uuid not null references codes (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      item_id uuid references items (id) on delete cascade,
      span_start integer,
      span_end integer,
      decision text not null check (decision in ('confirmed', 'rejected', 'added')),
      coder text not null,
      user_id uuid references users (id) on delete set null,
      machine_coding_id uuid references machine_codings (id) on delete set null,
      note text,
      created_at timestamptz not null default now(),
      check (span_start is null or (span_start >= 0 and span_end >= span_start))
    )`.execute(db);
  await sql`create index human_codings_document on human_codings (document_id)`.execute(db);
  await sql`create index human_codings_item on human_codings (item_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table human_codings, machine_codings, codes, codebook_versions, codebooks`.execute(db);
}
