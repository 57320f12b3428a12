/**
 * Cross-case statements (cross_case_statements): what a document about several reviews says holds
 * across them, with its count, its themes (statement_themes) and the reviews its themes attach to
 * (statement_reviews). Stored with the document at import; the review themes that analyses count
 * include the themes of the statements that apply to a review.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ExtractedStatement } from '../../shared/extraction-report.ts';

export interface StoredStatement {
  id: string;
  documentId: string;
  fileName: string;
  partnership: string;
  text: string;
  span: [number, number];
  numerator: number | null;
  denominator: number | null;
  quantifier: string | null;
  themes: string[];
  /** Subjects of the reviews it applies to. */
  reviews: string[];
  source: string;
}

/** Stores a document's statements; `reviewIds` maps the report's subjects to stored reviews. */
export async function storeStatements(
  db: Kysely<Database>,
  documentId: string,
  statements: ExtractedStatement[],
  reviewIds: Map<string, string>,
  actor: string,
): Promise<void> {
  if (statements.length === 0) return;
  const rows = await db
    .insertInto('cross_case_statements')
    .values(
      statements.map((s, position) => ({
        document_id: documentId,
        position,
        text: s.text,
        span_start: s.span[0],
        span_end: s.span[1],
        numerator: s.count.numerator,
        denominator: s.count.denominator,
        quantifier: s.count.quantifier,
        set_by: actor,
      })),
    )
    .returning(['id', 'position'])
    .execute();
  const idAt = new Map(rows.map((r) => [r.position, r.id]));
  const themes = statements.flatMap((s, i) =>
    [...new Set(s.themes)].map((theme) => ({ statement_id: idAt.get(i) as string, theme })),
  );
  if (themes.length) await db.insertInto('statement_themes').values(themes).execute();
  const links = statements.flatMap((s, i) =>
    [...new Set(s.applies_to)].flatMap((subject) => {
      const reviewId = reviewIds.get(subject);
      return reviewId
        ? [{ statement_id: idAt.get(i) as string, review_id: reviewId, named: s.reviews.includes(subject) }]
        : [];
    }),
  );
  if (links.length)
    await db
      .insertInto('statement_reviews')
      .values(links)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** Statements of the documents `allowed` lets through (a condition on `d`: access.mayReadDocumentSql). */
export async function listStatements(
  db: Kysely<Database>,
  allowed: RawBuilder<boolean> = sql<boolean>`true`,
): Promise<StoredStatement[]> {
  const rows = await db
    .selectFrom('cross_case_statements as s')
    .innerJoin('documents as d', 'd.id', 's.document_id')
    .innerJoin('partnerships as p', 'p.id', 'd.partnership_id')
    .select([
      's.id',
      's.document_id',
      'd.file_name',
      'p.name as partnership',
      's.text',
      's.span_start',
      's.span_end',
      's.numerator',
      's.denominator',
      's.quantifier',
      's.source',
      sql<string | null>`(select string_agg(t.theme, ';' order by t.theme) from statement_themes t
        where t.statement_id = s.id)`.as('themes'),
      sql<string | null>`(select string_agg(r.subject, ';' order by r.subject) from statement_reviews sr
        join reviews r on r.id = sr.review_id where sr.statement_id = s.id)`.as('reviews'),
    ])
    .where(allowed)
    .orderBy('d.file_name')
    .orderBy('s.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    documentId: r.document_id,
    fileName: r.file_name,
    partnership: r.partnership,
    text: r.text,
    span: [r.span_start, r.span_end],
    numerator: r.numerator,
    denominator: r.denominator,
    quantifier: r.quantifier,
    themes: r.themes ? r.themes.split(';') : [],
    reviews: r.reviews ? r.reviews.split(';') : [],
    source: r.source,
  }));
}
