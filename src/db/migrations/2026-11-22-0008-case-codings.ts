import { sql, type Kysely } from 'kysely';

// In a document about several reviews (a thematic board report, review summaries), the text under
// each case's heading is coded for that case: such a machine coding names its review.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table machine_codings add column review_id uuid references reviews (id) on delete cascade`.execute(
    db,
  );
  await sql`create index machine_codings_review on machine_codings (review_id) where review_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index machine_codings_review`.execute(db);
  await sql`alter table machine_codings drop column review_id`.execute(db);
}
