import { sql, type Kysely } from 'kysely';

// A review is one case ("Child J"); several documents may describe it (overview report, board
// response, briefing), so documents and reviews meet in review_documents.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reviews (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnerships (id) on delete restrict,
      subject text not null,
      subject_key text not null,
      review_type text check (review_type in ('serious-case-review', 'child-safeguarding-practice-review',
        'partnership-learning-review', 'rapid-review', 'significant-case-review', 'child-practice-review',
        'safeguarding-adults-review', 'domestic-homicide-review', 'other')),
      started text check (started ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      published text check (published ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      child_age_text text,
      child_age_years double precision check (child_age_years >= 0),
      child_sex text check (child_sex in ('male', 'female')),
      outcome text check (outcome in ('death', 'serious-harm')),
      cp_plan_status text check (cp_plan_status in ('current', 'past', 'never')),
      known_to_csc boolean,
      confidential boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (partnership_id, subject_key)
    )`.execute(db);

  await sql`
    create table review_documents (
      review_id uuid not null references reviews (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      span_start integer,
      span_end integer,
      primary key (review_id, document_id),
      check (span_start is null or (span_start >= 0 and span_end >= span_start))
    )`.execute(db);
  await sql`create index review_documents_document on review_documents (document_id)`.execute(db);

  await sql`
    create table review_agencies (
      review_id uuid not null references reviews (id) on delete cascade,
      name text not null,
      primary key (review_id, name)
    )`.execute(db);

  // "see Norfolk Case O SCR": kept as written, resolved to a stored review when one matches.
  await sql`
    create table review_links (
      id uuid primary key default gen_random_uuid(),
      review_id uuid not null references reviews (id) on delete cascade,
      target text not null,
      target_review_id uuid references reviews (id) on delete set null,
      document_id uuid not null references documents (id) on delete cascade,
      span_start integer not null,
      span_end integer not null,
      check (span_start >= 0 and span_end >= span_start)
    )`.execute(db);

  await sql`
    create table chronology_events (
      id uuid primary key default gen_random_uuid(),
      review_id uuid not null references reviews (id) on delete cascade,
      document_id uuid not null references documents (id) on delete cascade,
      position integer not null,
      happened_text text not null,
      happened text check (happened ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      text text not null,
      span_start integer not null,
      span_end integer not null,
      check (span_start >= 0 and span_end >= span_start)
    )`.execute(db);
  await sql`create index chronology_events_review on chronology_events (review_id, position)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table chronology_events, review_links, review_agencies, review_documents, reviews`.execute(
    db,
  );
}
