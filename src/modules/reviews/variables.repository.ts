/**
 * Case variables of reviews (review_variables): the machine's, read from a document with their
 * span, and people's, set with a reason. A person's value is never replaced by an import; a
 * machine value is replaced only by a later document's "yes" where it said "no" (a risk shown
 * once is present). The review's own columns that analyses read (cp_plan_status, known_to_csc,
 * outcome) follow the variables.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface VariableValue {
  name: string;
  value: string;
  span: [number, number] | null;
}

export interface StoredVariable {
  name: string;
  value: string;
  source: 'machine' | 'person';
  documentId: string | null;
  fileName: string | null;
  span: [number, number] | null;
  /** The words of the span in the stored document text. */
  quote: string | null;
  setBy: string;
  setAt: Date;
  reason: string | null;
}

/** Stores the variables a document states about a review. */
export async function storeMachineVariables(
  db: Kysely<Database>,
  reviewId: string,
  documentId: string,
  variables: VariableValue[],
  actor: string,
): Promise<void> {
  if (variables.length === 0) return;
  await db
    .insertInto('review_variables')
    .values(
      variables.map((v) => ({
        review_id: reviewId,
        name: v.name,
        value: v.value,
        source: 'machine' as const,
        document_id: documentId,
        span_start: v.span?.[0] ?? null,
        span_end: v.span?.[1] ?? null,
        set_by: actor,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['review_id', 'name'])
        .doUpdateSet({
          value: sql`excluded.value`,
          document_id: sql`excluded.document_id`,
          span_start: sql`excluded.span_start`,
          span_end: sql`excluded.span_end`,
          set_by: sql`excluded.set_by`,
          set_at: sql`now()`,
        })
        .where(
          sql<boolean>`review_variables.source = 'machine' and review_variables.value = 'no' and excluded.value = 'yes'`,
        ),
    )
    .execute();
  await syncReviewCharacteristics(db, [reviewId]);
}

/** Records a person's value; returns the value it replaces (null when none was stored). */
export async function setPersonVariable(
  db: Kysely<Database>,
  v: { reviewId: string; name: string; value: string; setBy: string; reason: string },
): Promise<{ value: string; source: string } | null> {
  const previous = await db
    .selectFrom('review_variables')
    .select(['value', 'source'])
    .where('review_id', '=', v.reviewId)
    .where('name', '=', v.name)
    .executeTakeFirst();
  const row = {
    value: v.value,
    source: 'person' as const,
    document_id: null,
    span_start: null,
    span_end: null,
    set_by: v.setBy,
    reason: v.reason,
  };
  await db
    .insertInto('review_variables')
    .values({ review_id: v.reviewId, name: v.name, ...row })
    .onConflict((oc) => oc.columns(['review_id', 'name']).doUpdateSet({ ...row, set_at: sql`now()` }))
    .execute();
  await syncReviewCharacteristics(db, [v.reviewId]);
  return previous ?? null;
}

/** The stored variables of a review, with the words of each span. */
export async function listReviewVariables(db: Kysely<Database>, reviewId: string): Promise<StoredVariable[]> {
  const rows = await db
    .selectFrom('review_variables as v')
    .leftJoin('documents as d', 'd.id', 'v.document_id')
    .select([
      'v.name',
      'v.value',
      'v.source',
      'v.document_id',
      'd.file_name',
      'v.span_start',
      'v.span_end',
      'v.set_by',
      'v.set_at',
      'v.reason',
      sql<string | null>`case when v.span_start is not null and d.text is not null
        then substr(d.text, v.span_start + 1, v.span_end - v.span_start) end`.as('quote'),
    ])
    .where('v.review_id', '=', reviewId)
    .execute();
  return rows.map((r) => ({
    name: r.name,
    value: r.value,
    source: r.source,
    documentId: r.document_id,
    fileName: r.file_name,
    span: r.span_start === null || r.span_end === null ? null : [r.span_start, r.span_end],
    quote: r.quote,
    setBy: r.set_by,
    setAt: r.set_at,
    reason: r.reason,
  }));
}

/** The variables of many reviews at once, for exports: review id -> name -> value. */
export async function variablesOfReviews(
  db: Kysely<Database>,
  reviewIds: string[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (reviewIds.length === 0) return out;
  // Many reviews: read the whole (narrow) table rather than a list of thousands of ids.
  const wanted = new Set(reviewIds);
  let q = db.selectFrom('review_variables').select(['review_id', 'name', 'value']);
  if (reviewIds.length <= 500) q = q.where('review_id', 'in', reviewIds);
  const rows = (await q.execute()).filter((r) => wanted.has(r.review_id));
  for (const r of rows) {
    const m = out.get(r.review_id) ?? new Map<string, string>();
    m.set(r.name, r.value);
    out.set(r.review_id, m);
  }
  return out;
}

/**
 * Brings the review columns analyses read in line with the variables: cp_plan_status (current,
 * past, never), known_to_csc, and the outcome where a person set the incident.
 */
export async function syncReviewCharacteristics(db: Kysely<Database>, reviewIds: string[]): Promise<void> {
  if (reviewIds.length === 0) return;
  await sql`
    update reviews r set
      known_to_csc = (select case v.value when 'yes' then true when 'no' then false end
                      from review_variables v where v.review_id = r.id and v.name = 'known_to_csc'),
      cp_plan_status = (select case
          when bool_or(v.name = 'cp_plan_current' and v.value = 'yes') then 'current'
          when bool_or(v.name = 'cp_plan_past' and v.value = 'yes') then 'past'
          when bool_or(v.name = 'cp_plan_current' and v.value = 'no')
            and bool_or(v.name = 'cp_plan_past' and v.value = 'no') then 'never' end
        from review_variables v where v.review_id = r.id),
      outcome = case
          when exists (select 1 from review_variables v
                       where v.review_id = r.id and v.name = 'incident' and v.source = 'person')
          then (select case when v.value in ('death', 'serious-harm') then v.value end from review_variables v
                where v.review_id = r.id and v.name = 'incident')
          else r.outcome end,
      updated_at = now()
    where r.id = any(${reviewIds}::uuid[])`.execute(db);
}

/** The partnership a review belongs to. */
export async function reviewPartnershipId(db: Kysely<Database>, reviewId: string): Promise<string | null> {
  const row = await db
    .selectFrom('reviews')
    .select('partnership_id')
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return row?.partnership_id ?? null;
}
