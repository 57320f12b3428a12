/**
 * The library as a signed-in user sees it: reviews with facets and full-text search, a review
 * with its learning, codings and actions, and a document's source text with every item and
 * coding to highlight. Everything is limited to the user's partnerships; confidential documents
 * are for editors and admins, and reading one is written to the audit log.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AGE_BANDS, ageBand, themesOf, type Selection } from '../../analytics/dataset.ts';
import { LanternError } from '../../shared/errors.ts';
import {
  canReadConfidential,
  confidentialBlind,
  mayReadDocumentSql,
  mayReadReviewSql,
  readablePartnerships,
  roleIn,
  type Principal,
  type Role,
} from '../access/access.ts';
import { listActions, type ActionView } from '../actions/action.service.ts';
import { loadReviewRows } from '../analytics/analysis.repository.ts';
import { checkSelection, themeLabels } from '../analytics/analysis.service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { listCodings, type CodingView } from '../codings/coding.repository.ts';
import { listLinksAmong, type StoredItem } from '../items/item.repository.ts';
import { requirePartnership } from '../partnerships/partnership.repository.ts';
import { getReviewDetail, type ReviewDetail } from '../reviews/review.repository.ts';

export interface ReviewListEntry {
  id: string;
  subject: string;
  partnership: string;
  reviewType: string | null;
  year: number | null;
  ageBand: string | null;
  sex: string | null;
  outcome: string | null;
  themes: string[];
}

export type Facet = { value: string; label: string; count: number }[];

export interface ReviewPage {
  total: number;
  reviews: ReviewListEntry[];
  facets: Record<'year' | 'partnership' | 'reviewType' | 'theme' | 'ageBand' | 'outcome', Facet>;
}

/**
 * Reviews the principal can see: in their partnerships, and, where they are a viewer, with at
 * least one document that is not confidential. Null means every review.
 */
async function visibleReviewIds(db: Kysely<Database>, principal: Principal): Promise<string[] | null> {
  if (readablePartnerships(principal) === null && confidentialBlind(principal).length === 0) return null;
  const { rows } = await sql<{ id: string }>`
    select r.id from reviews r where ${mayReadReviewSql(principal)}`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * The condition that a review has a document matching a full-text query that the principal may
 * read. A document's text holds its items' text, so this finds the reviews of matching items too,
 * through one GIN index over documents (every matching item of a common word would be far more).
 */
function documentsMatch(principal: Principal, q: string) {
  return sql<boolean>`r.id in (
    select rd.review_id from documents d join review_documents rd on rd.document_id = d.id
    where d.search @@ websearch_to_tsquery('english', ${q}) and ${mayReadDocumentSql(principal)})`;
}

const collator = new Intl.Collator('en-GB');

const countBy = (values: (string | null)[], label: (v: string) => string = (v) => v): Facet => {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, label: label(value), count }));
};

/** Reviews matching filters and a search, with counts per facet value, newest first. */
export async function listReviewPage(
  db: Kysely<Database>,
  principal: Principal,
  query: Selection & { q?: string; limit?: number; offset?: number },
): Promise<ReviewPage> {
  const { q, limit = 50, offset = 0, ...selection } = query;
  checkSelection(selection);
  // A search narrows the reviews in SQL, so a selective one loads only its few rows.
  const rows = await loadReviewRows(db, await selectionFor(db, principal, selection), {
    identity: true,
    ...(q?.trim() ? { where: documentsMatch(principal, q.trim()) } : {}),
  });
  rows.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || collator.compare(a.subject, b.subject));
  const labels = await themeLabels(db);
  const entries = rows.map((r): ReviewListEntry => ({
    id: r.id,
    subject: r.subject,
    partnership: r.partnership,
    reviewType: r.reviewType,
    year: r.year,
    ageBand: ageBand(r.ageYears),
    sex: r.sex,
    outcome: r.outcome,
    themes: themesOf(r),
  }));
  const byCount = (f: Facet) => f.sort((a, b) => b.count - a.count || collator.compare(a.label, b.label));
  return {
    total: entries.length,
    reviews: entries.slice(offset, offset + limit),
    facets: {
      year: countBy(entries.map((e) => (e.year === null ? null : String(e.year)))).sort((a, b) =>
        b.value.localeCompare(a.value),
      ),
      partnership: byCount(countBy(entries.map((e) => e.partnership))),
      reviewType: byCount(
        countBy(
          entries.map((e) => e.reviewType),
          (v) => v.replace(/-/g, ' '),
        ),
      ),
      theme: byCount(
        countBy(
          entries.flatMap((e) => e.themes),
          (v) => labels[v] ?? v,
        ),
      ),
      ageBand: countBy(entries.map((e) => e.ageBand)).sort(
        (a, b) => AGE_BANDS.indexOf(a.value as never) - AGE_BANDS.indexOf(b.value as never),
      ),
      outcome: byCount(
        countBy(
          entries.map((e) => e.outcome),
          (v) => v.replace(/-/g, ' '),
        ),
      ),
    },
  };
}

export interface DocumentAccess {
  id: string;
  partnershipId: string;
  confidential: boolean;
}

async function documentsOf(db: Kysely<Database>, ids: string[]): Promise<DocumentAccess[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'partnership_id', 'confidential'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({ id: r.id, partnershipId: r.partnership_id, confidential: r.confidential }));
}

function mayRead(principal: Principal, doc: DocumentAccess): boolean {
  return (
    roleIn(principal, doc.partnershipId) !== null &&
    (!doc.confidential || canReadConfidential(principal, doc.partnershipId))
  );
}

/** Writes one audit entry for each confidential document read (through a page, report or export). */
export async function auditConfidentialRead(
  db: Kysely<Database>,
  principal: Principal,
  docs: DocumentAccess[],
  what: string,
) {
  for (const d of docs.filter((x) => x.confidential))
    await recordAudit(db, {
      actor: principal.name,
      userId: principal.userId,
      action: 'document.read',
      entityType: 'document',
      entityId: d.id,
      partnershipId: d.partnershipId,
      detail: { confidential: true, via: what },
    });
}

/** A UUID, or a NOT_FOUND: ids from a URL are checked before they reach SQL. */
export function checkId(id: string, what: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new LanternError('NOT_FOUND', `no ${what} ${id}`);
  return id.toLowerCase();
}

export interface ReviewForUser {
  review: ReviewDetail;
  role: Role;
  items: (StoredItem & { codes: string[] })[];
  links: { from: string; to: string }[];
  codings: CodingView[];
  actions: ActionView[];
}

/** One review as the principal may see it; another partnership's review is not found. */
export async function getReviewForUser(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<ReviewForUser> {
  const reviewId = checkId(id, 'review');
  const review = await getReviewDetail(db, reviewId);
  const partnership = review
    ? (
        await db
          .selectFrom('reviews')
          .select('partnership_id')
          .where('id', '=', reviewId)
          .executeTakeFirstOrThrow()
      ).partnership_id
    : null;
  const role = partnership ? roleIn(principal, partnership) : null;
  if (!review || !role) throw new LanternError('NOT_FOUND', `no review ${id}`);
  const docs = (
    await documentsOf(
      db,
      review.documentsList.map((d) => d.id),
    )
  ).filter((d) => mayRead(principal, d));
  if (docs.length === 0) throw new LanternError('NOT_FOUND', `no review ${id}`);
  const allowed = new Set(docs.map((d) => d.id));
  const items = (
    await db
      .selectFrom('items')
      .select(['id', 'document_id', 'kind', 'ref', 'text', 'span_start', 'span_end', 'owner', 'deadline'])
      .where('review_id', '=', reviewId)
      .orderBy('document_id')
      .orderBy('position')
      .execute()
  ).filter((i) => allowed.has(i.document_id));
  // A document about this review alone gives its document-level codings; in a document about
  // several reviews, only the codings of this review's items and of its own case text count.
  const shared = await db
    .selectFrom('review_documents')
    .select('document_id')
    .where('document_id', 'in', [...allowed])
    .groupBy('document_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const sharedDocs = new Set(shared.map((d) => d.document_id));
  const itemIds = new Set(items.map((i) => i.id));
  const codings = (await listCodings(db, [...allowed])).filter((c) =>
    c.itemId !== null
      ? itemIds.has(c.itemId)
      : c.reviewId !== null
        ? c.reviewId === reviewId
        : !sharedDocs.has(c.documentId),
  );

  const codesByItem = new Map<string, Set<string>>();
  for (const c of codings)
    if (c.itemId && c.decision !== 'rejected')
      codesByItem.set(c.itemId, (codesByItem.get(c.itemId) ?? new Set()).add(c.codeKey));
  await auditConfidentialRead(db, principal, docs, `review ${reviewId}`);
  return {
    review: { ...review, documentsList: review.documentsList.filter((d) => allowed.has(d.id)) },
    role,
    items: items.map((i) => ({
      id: i.id,
      documentId: i.document_id,
      kind: i.kind,
      ref: i.ref,
      text: i.text,
      span: [i.span_start, i.span_end],
      owner: i.owner,
      deadline: i.deadline,
      codes: [...(codesByItem.get(i.id) ?? [])],
    })),
    links: await listLinksAmong(
      db,
      items.map((i) => i.id),
    ),
    codings,
    actions: await listActions(db, principal, { review: reviewId }),
  };
}

export interface DocumentForUser {
  id: string;
  fileName: string;
  title: string | null;
  kind: string;
  published: string | null;
  confidential: boolean;
  partnershipId: string;
  role: Role;
  text: string;
  items: { id: string; kind: string; ref: string | null; span: [number, number]; reviewId: string | null }[];
  codings: CodingView[];
}

/** A document's text with its items and codings, to show with highlights. */
export async function getDocumentForUser(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<DocumentForUser> {
  const documentId = checkId(id, 'document');
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirst();
  const access = doc
    ? { id: doc.id, partnershipId: doc.partnership_id, confidential: doc.confidential }
    : null;
  if (!doc || !access || !mayRead(principal, access))
    throw new LanternError('NOT_FOUND', `no document ${id}`);
  const items = await db
    .selectFrom('items')
    .select(['id', 'kind', 'ref', 'span_start', 'span_end', 'review_id'])
    .where('document_id', '=', documentId)
    .orderBy('position')
    .execute();
  await auditConfidentialRead(db, principal, [access], `document ${documentId}`);
  return {
    id: doc.id,
    fileName: doc.file_name,
    title: doc.title,
    kind: doc.kind,
    published: doc.published,
    confidential: doc.confidential,
    partnershipId: doc.partnership_id,
    role: roleIn(principal, doc.partnership_id) as Role,
    text: doc.text,
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      ref: i.ref,
      span: [i.span_start, i.span_end],
      reviewId: i.review_id,
    })),
    codings: await listCodings(db, [documentId]),
  };
}

/** The partnership a document belongs to, after checking the principal may read it. */
export async function readableDocument(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<DocumentAccess> {
  const [doc] = await documentsOf(db, [checkId(id, 'document')]);
  if (!doc || !mayRead(principal, doc)) throw new LanternError('NOT_FOUND', `no document ${id}`);
  return doc;
}

/**
 * A selection limited to what the principal can see (for analyses, reports and exports). Named
 * partnerships are found as every command finds one (findPartnership), among the principal's own,
 * so a name neither matches nor reveals another partnership.
 */
export async function selectionFor(
  db: Kysely<Database>,
  principal: Principal,
  selection: Selection,
): Promise<Selection> {
  const readable = readablePartnerships(principal);
  let scoped = selection;
  if (selection.partnerships?.length) {
    const { partnerships, ...rest } = selection;
    const ids: string[] = [];
    for (const ref of partnerships) ids.push((await requirePartnership(db, ref, readable)).id);
    const within = selection.partnershipIds;
    scoped = { ...rest, partnershipIds: within ? ids.filter((id) => within.includes(id)) : ids };
  }
  const visible = await visibleReviewIds(db, principal);
  if (visible === null) return scoped;
  const allowed = new Set(visible);
  return { ...scoped, ids: scoped.ids ? scoped.ids.filter((id) => allowed.has(id)) : visible };
}
