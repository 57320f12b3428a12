import { sql, type Kysely } from 'kysely';

// Cross-review analysis. `review_themes` holds the reference themes each review has, derived from
// machine codings (its items', and its document's when the document covers only this review) and
// people's decisions; `reviews.themes` holds the same set as a bit mask (bit i = the i-th
// reference theme, src/classify/reference-codes.ts), so an analysis over ten thousand reviews
// reads one narrow row per review. Baselines are national or other comparison figures.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table review_themes (
      review_id uuid not null references reviews (id) on delete cascade,
      theme text not null,
      source text not null check (source in ('machine', 'human')),
      confidence real,
      primary key (review_id, theme)
    )`.execute(db);
  await sql`create index review_themes_theme on review_themes (theme)`.execute(db);
  await sql`alter table reviews add column themes bigint not null default 0`.execute(db);
  await sql`create index reviews_partnership on reviews (partnership_id)`.execute(db);
  await sql`create index reviews_published on reviews (published)`.execute(db);
  await sql`create index items_review_kind on items (review_id, kind)`.execute(db);

  await sql`
    create table baselines (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      source text,
      period text,
      measure text not null,
      label text,
      percent double precision check (percent is null or (percent >= 0 and percent <= 100)),
      numerator integer check (numerator is null or numerator >= 0),
      denominator integer check (denominator is null or denominator > 0),
      created_at timestamptz not null default now(),
      unique (name, measure)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table baselines`.execute(db);
  await sql`drop index items_review_kind`.execute(db);
  await sql`drop index reviews_published`.execute(db);
  await sql`drop index reviews_partnership`.execute(db);
  await sql`alter table reviews drop column themes`.execute(db);
  await sql`drop table review_themes`.execute(db);
}
