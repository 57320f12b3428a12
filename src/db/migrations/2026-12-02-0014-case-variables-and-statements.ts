import { sql, type Kysely } from 'kysely';

// Case variables and cross-case statements (issue 14, points 7 and 8).
//
// `review_variables` holds one value per review and variable (the triennial analyses' national
// variables: child protection plan, known to children's social care, looked after, disability,
// previous deaths or removals, domestic abuse, parental mental health and substance misuse, the
// incident and its type). A value is the machine's (read from a document, with its span) or a
// person's (set with a reason); a person's is never replaced by a later import. A variable with no
// row is not stated; a person may also record "not-stated" to withdraw a wrong machine value.
//
// `cross_case_statements` holds what a document about several reviews says holds across them ("in
// 3 of the 4 SCRs ..."), with its count and span; `statement_themes` the themes it states, and
// `statement_reviews` the reviews it names or, for all/each, every review of the document.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table review_variables (
      review_id uuid not null references reviews (id) on delete cascade,
      name text not null check (name in ('cp_plan_current', 'cp_plan_past', 'known_to_csc', 'looked_after',
        'disability', 'previous_deaths_or_removals', 'domestic_abuse', 'parental_mental_health',
        'parental_substance_misuse', 'incident', 'incident_type')),
      value text not null,
      source text not null check (source in ('machine', 'person')),
      document_id uuid references documents (id) on delete set null,
      span_start integer,
      span_end integer,
      set_by text not null,
      set_at timestamptz not null default now(),
      reason text,
      primary key (review_id, name),
      check (span_start is null or (span_start >= 0 and span_end >= span_start)),
      check (source = 'machine' or reason is not null)
    )`.execute(db);
  await sql`create index review_variables_document on review_variables (document_id)`.execute(db);

  await sql`
    create table cross_case_statements (
      id uuid primary key default gen_random_uuid(),
      document_id uuid not null references documents (id) on delete cascade,
      position integer not null,
      text text not null,
      span_start integer not null,
      span_end integer not null,
      numerator integer check (numerator >= 0),
      denominator integer check (denominator >= 0),
      quantifier text check (quantifier in ('all', 'each', 'most', 'some', 'none')),
      source text not null default 'machine' check (source in ('machine', 'person')),
      set_by text not null,
      set_at timestamptz not null default now(),
      reason text,
      check (span_start >= 0 and span_end >= span_start),
      unique (document_id, position)
    )`.execute(db);
  await sql`
    create table statement_themes (
      statement_id uuid not null references cross_case_statements (id) on delete cascade,
      theme text not null,
      primary key (statement_id, theme)
    )`.execute(db);
  await sql`
    create table statement_reviews (
      statement_id uuid not null references cross_case_statements (id) on delete cascade,
      review_id uuid not null references reviews (id) on delete cascade,
      named boolean not null,
      primary key (statement_id, review_id)
    )`.execute(db);
  await sql`create index statement_reviews_review on statement_reviews (review_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table statement_reviews, statement_themes, cross_case_statements, review_variables`.execute(
    db,
  );
}
