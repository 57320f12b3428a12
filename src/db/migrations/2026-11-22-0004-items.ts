import { sql, type Kysely } from 'kysely';

// Learning items with their source span, the links the document states between them
// (finding -> recommendation -> action -> measure), and the evidence that an action worked.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table items (
      id uuid primary key default gen_random_uuid(),
      document_id uuid not null references documents (id) on delete cascade,
      review_id uuid references reviews (id) on delete set null,
      position integer not null,
      kind text not null check (kind in ('finding', 'lesson', 'learning', 'recommendation', 'action', 'measure', 'theme')),
      ref text,
      text text not null,
      span_start integer not null,
      span_end integer not null,
      owner text,
      deadline text check (deadline ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      -- Action tracking: filled for actions by the tracker; the document's own values seed them.
      status text check (status in ('not-started', 'in-progress', 'completed', 'evidenced', 'dropped')),
      rag text check (rag in ('red', 'amber', 'green')),
      due_on date,
      completed_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (to_tsvector('english', coalesce(ref, '') || ' ' || text)) stored,
      check (span_start >= 0 and span_end >= span_start),
      unique (document_id, position)
    )`.execute(db);
  await sql`create index items_review on items (review_id)`.execute(db);
  await sql`create index items_kind on items (kind)`.execute(db);
  await sql`create index items_search on items using gin (search)`.execute(db);

  await sql`
    create table item_links (
      from_item_id uuid not null references items (id) on delete cascade,
      to_item_id uuid not null references items (id) on delete cascade,
      origin text not null check (origin in ('document', 'user')),
      created_at timestamptz not null default now(),
      primary key (from_item_id, to_item_id),
      check (from_item_id <> to_item_id)
    )`.execute(db);
  await sql`create index item_links_to on item_links (to_item_id)`.execute(db);

  await sql`
    create table evidence (
      id uuid primary key default gen_random_uuid(),
      item_id uuid not null references items (id) on delete cascade,
      kind text not null check (kind in ('audit', 'survey', 'training-evaluation', 'data', 'document', 'note')),
      summary text not null,
      occurred_on date,
      document_id uuid references documents (id) on delete set null,
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index evidence_item on evidence (item_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table evidence, item_links, items`.execute(db);
}
