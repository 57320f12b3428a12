import { sql, type Kysely } from 'kysely';

// The coder's second stage. Codes carry their polarity, group and position in the codebook; one codebook is the primary one
// that documents are coded with; each codebook version records a hash of its content, so
// re-importing an unchanged codebook makes no new version. Trained models are stored with their
// parameters and training counts, and a machine coding records the model that proposed it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table codes
      add column polarity text not null default 'topic' check (polarity in ('presence', 'topic')),
      add column group_name text,
      add column position integer not null default 0`.execute(db);
  await sql`alter table codebooks add column is_primary boolean not null default false`.execute(db);
  await sql`create unique index codebooks_one_primary on codebooks (is_primary) where is_primary`.execute(db);
  await sql`alter table codebook_versions add column content_hash text`.execute(db);

  await sql`
    create table coder_models (
      id uuid primary key default gen_random_uuid(),
      codebook_id uuid not null references codebooks (id) on delete cascade,
      version integer not null check (version >= 1),
      algorithm text not null,
      parameters jsonb not null,
      model jsonb not null,
      examples integer not null,
      metrics jsonb not null default '{}',
      trained_by text not null,
      created_at timestamptz not null default now(),
      unique (codebook_id, version)
    )`.execute(db);

  await sql`
    alter table machine_codings
      add column model_id uuid references coder_models (id) on delete set null,
      add column score real`.execute(db);
  await sql`create index human_codings_coder on human_codings (coder)`.execute(db);
  // The coder (rules, codebook version, model) that last coded the document: a document coded
  // with no codes is still a document the machine judged.
  await sql`alter table documents add column coded_with text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents drop column coded_with`.execute(db);
  await sql`drop index human_codings_coder`.execute(db);
  await sql`alter table machine_codings drop column model_id, drop column score`.execute(db);
  await sql`drop table coder_models`.execute(db);
  await sql`alter table codebook_versions drop column content_hash`.execute(db);
  await sql`drop index codebooks_one_primary`.execute(db);
  await sql`alter table codebooks drop column is_primary`.execute(db);
  await sql`alter table codes drop column polarity, drop column group_name, drop column position`.execute(db);
}
