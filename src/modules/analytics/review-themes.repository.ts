/**
 * The themes each review has, for analysis: derived from the machine's codings and people's
 * decisions, kept in `review_themes` (one row per review and reference theme) and in
 * `reviews.themes` (the same set as a bit mask). Refreshed whenever codings change.
 *
 * A review has a theme when a document that covers only this review is coded with it (the
 * document-level decision, which weighs all the evidence), or, in a document about several
 * reviews, when the text under this review's own heading is, or one of its items is, or a statement across
 * the cases applies to it (cross_case_statements); a machine coding that a person rejected (and
 * nobody confirmed later) does not count; a code a person added or confirmed does.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { REFERENCE_CODES } from '../../classify/reference-codes.ts';

/** Bit of a reference theme in `reviews.themes`. */
export function themeBit(theme: string): bigint | null {
  const i = (REFERENCE_CODES as readonly string[]).indexOf(theme);
  return i < 0 ? null : 1n << BigInt(i);
}

/**
 * SQL that holds when the machine coding `alias` stands: nobody rejected it, or someone confirmed
 * it after the last rejection. `alias` is always a constant of the caller, never input.
 */
export function machineCodingStands(alias: string) {
  const id = sql.ref(`${alias}.id`);
  return sql`not exists (
        select 1 from human_codings h
        where h.machine_coding_id = ${id} and h.decision = 'rejected'
          and not exists (
            select 1 from human_codings later
            where later.machine_coding_id = ${id} and later.decision = 'confirmed' and later.created_at > h.created_at
          )
      )`;
}

/** Refreshes the themes of the given reviews (all reviews when `reviewIds` is null). */
export async function refreshReviewThemes(db: Kysely<Database>, reviewIds: string[] | null): Promise<void> {
  if (reviewIds && reviewIds.length === 0) return;
  const all = reviewIds === null;
  const ids = reviewIds ?? [];
  // `expression` is always a constant of this file, never input.
  const inScope = (expression: string) => sql`(${all} or ${sql.raw(expression)} = any(${ids}::uuid[]))`;
  await sql`delete from review_themes where ${inScope('review_id')}`.execute(db);
  await sql`
    with single_review_documents as (
      select document_id, min(review_id::text)::uuid as review_id
      from review_documents group by document_id having count(*) = 1
    ),
    machine as (
      select i.review_id, c.reference_code as theme, m.confidence, m.id
      from machine_codings m
      join codes c on c.id = m.code_id
      join items i on i.id = m.item_id
      where i.review_id is not null and c.reference_code is not null and ${inScope('i.review_id')}
        and not exists (select 1 from single_review_documents s where s.document_id = m.document_id)
      union all
      select s.review_id, c.reference_code, m.confidence, m.id
      from machine_codings m
      join codes c on c.id = m.code_id
      join single_review_documents s on s.document_id = m.document_id
      where m.item_id is null and m.review_id is null and c.reference_code is not null and ${inScope('s.review_id')}
      union all
      select m.review_id, c.reference_code, m.confidence, m.id
      from machine_codings m
      join codes c on c.id = m.code_id
      where m.review_id is not null and c.reference_code is not null and ${inScope('m.review_id')}
    ),
    standing as (
      select review_id, theme, confidence, false as human from machine m
      where ${machineCodingStands('m')}
      union all
      select coalesce(i.review_id, s.review_id), c.reference_code, null, true
      from human_codings h
      join codes c on c.id = h.code_id
      left join items i on i.id = h.item_id
      left join single_review_documents s on h.item_id is null and s.document_id = h.document_id
      where h.decision in ('added', 'confirmed') and c.reference_code is not null
        and coalesce(i.review_id, s.review_id) is not null and ${inScope('coalesce(i.review_id, s.review_id)')}
      union all
      -- What a document says holds across its cases ("domestic abuse was a feature in each review").
      select sr.review_id, st.theme, null, false
      from statement_reviews sr
      join statement_themes st on st.statement_id = sr.statement_id
      where ${inScope('sr.review_id')}
    )
    insert into review_themes (review_id, theme, source, confidence)
    select review_id, theme, case when bool_or(human) then 'human' else 'machine' end, max(confidence)
    from standing group by review_id, theme`.execute(db);
  await sql`
    update reviews r set themes = coalesce((
      select bit_or((1::bigint) << (array_position(${[...REFERENCE_CODES]}::text[], t.theme) - 1))
      from review_themes t
      where t.review_id = r.id and array_position(${[...REFERENCE_CODES]}::text[], t.theme) is not null
    ), 0)
    where ${inScope('r.id')}`.execute(db);
}

/** Refreshes the reviews a document describes. */
export async function refreshThemesForDocument(db: Kysely<Database>, documentId: string): Promise<void> {
  const rows = await db
    .selectFrom('review_documents')
    .select('review_id')
    .where('document_id', '=', documentId)
    .execute();
  const fromItems = await db
    .selectFrom('items')
    .select('review_id')
    .distinct()
    .where('document_id', '=', documentId)
    .where('review_id', 'is not', null)
    .execute();
  const ids = [...new Set([...rows.map((r) => r.review_id), ...fromItems.map((r) => r.review_id as string)])];
  await refreshReviewThemes(db, ids);
}
