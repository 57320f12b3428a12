import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { subjectKey } from '../../ingest/extract/subjects.ts';
import type { ExtractedReview } from '../../shared/extraction-report.ts';

export interface ReviewSummary {
  id: string;
  subject: string;
  reviewType: string | null;
  partnership: string;
  childAgeText: string | null;
  childAgeYears: number | null;
  childSex: string | null;
  outcome: string | null;
  documents: number;
  items: number;
}

export interface ReviewDetail extends ReviewSummary {
  agencies: string[];
  documentsList: { id: string; fileName: string; title: string | null }[];
  crossReferences: { target: string; targetReviewId: string | null }[];
  chronology: { when: string; text: string }[];
}

/**
 * Finds the review with this subject in the partnership, or creates it. Characteristics a new
 * document states fill gaps; a value already stored is never overwritten by a later document.
 */
export async function upsertReview(
  db: Kysely<Database>,
  partnershipId: string,
  subjectKey: string,
  r: ExtractedReview,
  published: string | null = null,
): Promise<string> {
  const values = {
    partnership_id: partnershipId,
    published,
    subject: r.subject,
    subject_key: subjectKey,
    review_type: r.review_type,
    child_age_text: r.child.age_text,
    child_age_years: r.child.age_years,
    child_sex: r.child.sex,
    outcome: r.child.outcome,
  };
  const { id } = await db
    .insertInto('reviews')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'subject_key']).doUpdateSet((eb) => ({
        review_type: eb.fn.coalesce('reviews.review_type', 'excluded.review_type'),
        child_age_text: eb.fn.coalesce('reviews.child_age_text', 'excluded.child_age_text'),
        child_age_years: eb.fn.coalesce('reviews.child_age_years', 'excluded.child_age_years'),
        child_sex: eb.fn.coalesce('reviews.child_sex', 'excluded.child_sex'),
        outcome: eb.fn.coalesce('reviews.outcome', 'excluded.outcome'),
        // The earliest document about a review dates it.
        published: sql<string | null>`least(reviews.published, excluded.published)`,
        updated_at: sql<string>`now()`,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records that `documentId` describes the review, with its agencies, cross-references and chronology. */
export async function attachReviewDocument(
  db: Kysely<Database>,
  reviewId: string,
  documentId: string,
  r: ExtractedReview,
): Promise<void> {
  await db
    .insertInto('review_documents')
    .values({
      review_id: reviewId,
      document_id: documentId,
      span_start: r.span?.[0] ?? null,
      span_end: r.span?.[1] ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const agencies = [...new Set(r.agencies.map((a) => a.trim()).filter(Boolean))];
  if (agencies.length > 0)
    await db
      .insertInto('review_agencies')
      .values(agencies.map((name) => ({ review_id: reviewId, name })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (r.cross_references?.length)
    await db
      .insertInto('review_links')
      .values(
        r.cross_references.map((x) => ({
          review_id: reviewId,
          target: x.target,
          document_id: documentId,
          span_start: x.span[0],
          span_end: x.span[1],
        })),
      )
      .execute();
  if (r.chronology?.length)
    await db
      .insertInto('chronology_events')
      .values(
        r.chronology.map((c, position) => ({
          review_id: reviewId,
          document_id: documentId,
          position,
          happened_text: c.when,
          happened: c.date,
          text: c.text,
          span_start: c.span[0],
          span_end: c.span[1],
        })),
      )
      .execute();
}

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('reviews as r')
    .innerJoin('partnerships as p', 'p.id', 'r.partnership_id')
    .select([
      'r.id',
      'r.subject',
      'r.review_type',
      'r.child_age_text',
      'r.child_age_years',
      'r.child_sex',
      'r.outcome',
      'p.name as partnership',
      (eb) =>
        eb
          .selectFrom('review_documents as rd')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('rd.review_id', '=', 'r.id')
          .as('documents'),
      (eb) =>
        eb
          .selectFrom('items as i')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('i.review_id', '=', 'r.id')
          .as('items'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(r: SummaryRow): ReviewSummary {
  return {
    id: r.id,
    subject: r.subject,
    reviewType: r.review_type,
    partnership: r.partnership,
    childAgeText: r.child_age_text,
    childAgeYears: r.child_age_years,
    childSex: r.child_sex,
    outcome: r.outcome,
    documents: Number(r.documents ?? 0),
    items: Number(r.items ?? 0),
  };
}

/** Every review, by partnership and subject. */
export async function listReviews(db: Kysely<Database>): Promise<ReviewSummary[]> {
  const rows = await summaryQuery(db).orderBy('p.name').orderBy('r.subject').execute();
  return rows.map(toSummary);
}

/**
 * Reviews matching a full id, an id prefix (at least 4 characters), or a subject ("Child J",
 * case-insensitive). Several may match a subject when partnerships reuse a name.
 */
export async function findReviews(
  db: Kysely<Database>,
  idOrSubject: string,
  /** Only the reviews this condition on `r` allows (a user's: access.mayReadReviewSql). */
  allowed: RawBuilder<boolean> = sql<boolean>`true`,
): Promise<ReviewSummary[]> {
  const needle = idOrSubject.trim();
  if (/^[0-9a-f-]{4,36}$/i.test(needle)) {
    const byId = await summaryQuery(db)
      .where(allowed)
      .where(sql<string>`r.id::text`, 'like', `${needle.toLowerCase()}%`)
      .orderBy('r.subject')
      .execute();
    if (byId.length > 0) return byId.map(toSummary);
  }
  const rows = await summaryQuery(db)
    .where(allowed)
    .where('r.subject_key', '=', subjectKey(needle))
    .orderBy('p.name')
    .execute();
  return rows.map(toSummary);
}

/** A review with its documents, agencies, cross-references and chronology. */
export async function getReviewDetail(db: Kysely<Database>, id: string): Promise<ReviewDetail | null> {
  const row = await summaryQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [agencies, documents, links, events] = await Promise.all([
    db.selectFrom('review_agencies').select('name').where('review_id', '=', id).orderBy('name').execute(),
    db
      .selectFrom('review_documents as rd')
      .innerJoin('documents as d', 'd.id', 'rd.document_id')
      .select(['d.id', 'd.file_name', 'd.title'])
      .where('rd.review_id', '=', id)
      .orderBy('d.file_name')
      .execute(),
    db
      .selectFrom('review_links')
      .select(['target', 'target_review_id'])
      .where('review_id', '=', id)
      .orderBy('span_start')
      .execute(),
    db
      .selectFrom('chronology_events')
      .select(['happened_text', 'text'])
      .where('review_id', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return {
    ...toSummary(row),
    agencies: agencies.map((a) => a.name),
    documentsList: documents.map((d) => ({ id: d.id, fileName: d.file_name, title: d.title })),
    crossReferences: links.map((l) => ({ target: l.target, targetReviewId: l.target_review_id })),
    chronology: events.map((e) => ({ when: e.happened_text, text: e.text })),
  };
}
