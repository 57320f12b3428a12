import { sql, type Kysely } from 'kysely';

// A source document, identified by the SHA-256 of its bytes, so importing it again changes nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table documents (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnerships (id) on delete restrict,
      sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
      file_name text not null,
      source_path text,
      format text not null check (format in ('txt', 'md', 'html', 'pdf', 'docx')),
      byte_size integer not null check (byte_size >= 0),
      text text not null,
      blocks jsonb not null default '[]',
      title text,
      publisher text,
      published text check (published ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      kind text not null default 'other' check (kind in ('learning-briefing', 'seven-minute-briefing',
        'board-response', 'board-report', 'presentation', 'research-briefing', 'overview-report',
        'executive-summary', 'case-summary', 'other')),
      confidential boolean not null default false,
      retain_until date,
      extractor_version text not null,
      imported_at timestamptz not null default now(),
      imported_by text not null,
      -- tsvector values are capped at 1 MB, so very long texts are indexed by their first 400k characters.
      search tsvector generated always as (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        to_tsvector('english', left(text, 400000))
      ) stored
    )`.execute(db);
  await sql`create index documents_partnership on documents (partnership_id)`.execute(db);
  await sql`create index documents_search on documents using gin (search)`.execute(db);

  // The original bytes live apart so that listing documents never drags them along.
  await sql`
    create table document_files (
      document_id uuid primary key references documents (id) on delete cascade,
      bytes bytea not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table document_files, documents`.execute(db);
}
