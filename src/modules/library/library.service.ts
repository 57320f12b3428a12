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
import { getReviewDetail, type ReviewDetail } from '../reviews/review.repository.ts';

/** Sentinels around matched words in search snippets; the web app turns them into <mark>. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

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
  const readable = readablePartnerships(principal);
  const blind = confidentialBlind(principal);
  if (readable === null && blind.length === 0) return null;
  const { rows } = await sql<{ id: string }>`
    select r.id from reviews r
    where (${readable === null} or r.partnership_id = any(${readable ?? []}::uuid[]))
      and (not r.partnership_id = any(${blind}::uuid[])
        or exists (select 1 from review_documents rd join documents d on d.id = rd.document_id
                   where rd.review_id = r.id and not d.confidential))`.execute(db);
  return rows.map((r) => r.id);
}

/** Review ids whose documents or items match a full-text query. */
async function reviewsMatching(db: Kysely<Database>, q: string): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    with query as (select websearch_to_tsquery('english', ${q}) as q)
    select i.review_id as id from items i, query where i.search @@ query.q and i.review_id is not null
    union
    select rd.review_id from documents d join review_documents rd on rd.document_id = d.id, query
    where d.search @@ query.q`.execute(db);
  return new Set(rows.map((r) => r.id));
}

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
  let rows = await loadReviewRows(db, await selectionFor(db, principal, selection), { identity: true });
  if (q?.trim()) {
    const matching = await reviewsMatching(db, q.trim());
    rows = rows.filter((r) => matching.has(r.id));
  }
  rows.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.subject.localeCompare(b.subject));
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
  const byCount = (f: Facet) => f.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
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

export interface SearchHit {
  kind: 'item' | 'document';
  id: string;
  /** The item's kind (finding, recommendation ...) or the document's kind. */
  type: string;
  ref: string | null;
  title: string;
  documentId: string;
  reviewId: string | null;
  review: string | null;
  partnership: string;
  span: [number, number] | null;
  /** The matching passage with matched words between MARK_START and MARK_END. */
  snippet: string;
  rank: number;
}

interface SearchResult {
  items: Record<string, unknown>[];
  documents: Record<string, unknown>[];
  sampled: boolean;
  itemMatches: number;
  documentMatches: number;
}

/** Matches ranked per search: every match of a selective query, a sample of a very common one. */
export const ITEM_CANDIDATES = 200;
export const DOCUMENT_CANDIDATES = 120;
/** The planner's estimate of the items a search matches (from the statistics ANALYZE keeps). */
async function estimatedMatches(db: Kysely<Database>, text: string): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`
    explain (format json) select 1 from items where search @@ websearch_to_tsquery('english', ${text})`.execute(
    db,
  );
  return plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}
/** Estimated matches above which a search reads the table in order first. */
const COMMON_MATCHES = 20_000;

/**
 * Rows of `items` read first (see searchLibrary): PROBE_ENOUGH matches among them (one in 200)
 * means a word common enough to have thousands of matches, and those first matches are ranked.
 */
const PROBE_ROWS = 5_000;
const PROBE_ENOUGH = 25;
/** Up to this many documents, a user's search runs over their documents by id. */
const SCOPED_DOCUMENTS = 3000;

/** The first word a search asks for (not excluded, not an operator), lower-cased, to place a snippet. */
export function firstWord(q: string): string {
  const words = q
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-') && !/^(or|and)$/i.test(w));
  return (words.find((w) => w.length >= 3) ?? words[0] ?? '').toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, '');
}

/**
 * Full-text search over items and documents (PostgreSQL text search: `websearch_to_tsquery`
 * syntax, so "quoted phrases", OR and -exclusions work), ranked with `ts_rank_cd`, with the
 * matching words marked in a snippet.
 */
export async function searchLibrary(
  db: Kysely<Database>,
  principal: Principal,
  q: string,
  limit = 20,
): Promise<{ query: string; capped: boolean; items: SearchHit[]; documents: SearchHit[] }> {
  const text = q.trim();
  if (!text) throw new LanternError('INVALID_INPUT', 'type something to search for');
  if (text.length > 200) throw new LanternError('INVALID_INPUT', 'a search is at most 200 characters');
  const readable = readablePartnerships(principal);
  const blind = confidentialBlind(principal);
  const all = readable === null;
  const permitted = sql`(${all} or d.partnership_id = any(${readable ?? []}::uuid[]))
        and not (d.confidential and d.partnership_id = any(${blind}::uuid[]))`;
  // A user of a few partnerships: their documents are listed first and searched by id, which is far
  // cheaper than finding every match in every partnership and then leaving most of them out.
  // Everything: no partnership or confidentiality to check (a site administrator).
  const everything = all && blind.length === 0;
  let scope: string[] | null = null;
  if (!all) {
    const docs = await sql<{
      id: string;
    }>`select d.id from documents d where ${permitted} limit ${SCOPED_DOCUMENTS + 1}`.execute(db);
    if (docs.rows.length <= SCOPED_DOCUMENTS) scope = docs.rows.map((r) => r.id);
  }
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  // Ranking every match of a common word ("child") over half a million items costs too much, so a
  // search ranks at most ITEM_CANDIDATES items and DOCUMENT_CANDIDATES documents (every match of
  // any selective query); `capped` says when there were more. For a word the planner expects to be
  // common, its first matches are found by reading the table in order (PROBE_ROWS rows at most),
  // far cheaper than GIN's bitmap of every match; when that finds too few, the index is used.
  // A user's own documents are searched through their item rows (`search || ''` keeps the planner
  // off the index over everyone's). Snippets of documents come from a window around the first
  // match, so a 200-page report is not parsed whole. All of it is one statement.
  const probing = everything && (await estimatedMatches(db, text)) >= COMMON_MATCHES;
  const itemScope = everything
    ? sql`i.search @@ query.q`
    : scope
      ? sql`(i.search || ''::tsvector) @@ query.q and i.document_id = any(${scope}::uuid[])`
      : sql`i.search @@ query.q and ${permitted}`;
  const docScope = everything ? sql`true` : scope ? sql`d.id = any(${scope}::uuid[])` : permitted;
  const word = firstWord(text);
  const { rows } = await sql<{ result: SearchResult | string }>`
    with query as (select websearch_to_tsquery('english', ${text}) as q),
    probe as materialized (
      select s.id from (select id, search from items where ${probing} limit ${PROBE_ROWS}) s, query
      where s.search @@ query.q limit ${ITEM_CANDIDATES + 1}
    ),
    indexed as materialized (
      select i.id from ${everything ? sql`items i` : sql`items i join documents d on d.id = i.document_id`}, query
      where (select count(*) from probe) < ${PROBE_ENOUGH} and ${itemScope}
      limit ${ITEM_CANDIDATES + 1}
    ),
    candidates as (
      select id from probe where (select count(*) from probe) >= ${PROBE_ENOUGH}
      union all select id from indexed
    ),
    hits as (
      select i.id, ts_rank_cd(i.search, query.q) as rank
      from items i join candidates c on c.id = i.id, query
      order by rank desc, i.id
      limit ${limit}
    ),
    item_rows as (
      select h.id, i.kind, i.ref, i.document_id, i.review_id, i.span_start, i.span_end, h.rank,
        r.subject, p.name as partnership, ts_headline('english', i.text, query.q, ${options}) as snippet
      from hits h join items i on i.id = h.id join documents d on d.id = i.document_id
        join partnerships p on p.id = d.partnership_id left join reviews r on r.id = i.review_id, query
    ),
    doc_candidates as materialized (
      select d.id, d.search from documents d, query
      where d.search @@ query.q and ${docScope}
      limit ${DOCUMENT_CANDIDATES + 1}
    ),
    doc_hits as (
      select c.id, ts_rank_cd(c.search, query.q) as rank from doc_candidates c, query
      order by rank desc, c.id
      limit ${Math.min(limit, 10)}
    ),
    doc_rows as (
      select h.id, d.kind, d.title, d.file_name, h.rank, p.name as partnership,
        (select min(rd.review_id::text) from review_documents rd where rd.document_id = h.id) as review_id,
        ts_headline('english', substr(d.text, greatest(1, strpos(lower(d.text), ${word}) - 200), 800), query.q, ${options}) as snippet
      from doc_hits h join documents d on d.id = h.id join partnerships p on p.id = d.partnership_id, query
    )
    select json_build_object(
      'items', (select coalesce(json_agg(x order by x.rank desc, x.id), '[]') from item_rows x),
      'documents', (select coalesce(json_agg(x order by x.rank desc, x.id), '[]') from doc_rows x),
      'sampled', (select count(*) >= ${PROBE_ENOUGH} from probe),
      'itemMatches', (select count(*) from candidates),
      'documentMatches', (select count(*) from doc_candidates)
    ) as result`.execute(db);
  const raw = rows[0]?.result;
  const result = (typeof raw === 'string' ? JSON.parse(raw) : raw) as SearchResult;
  const items = { rows: result.items };
  const documents = { rows: result.documents };
  return {
    query: text,
    capped:
      result.sampled || result.itemMatches > ITEM_CANDIDATES || result.documentMatches > DOCUMENT_CANDIDATES,
    items: items.rows.map((r) => ({
      kind: 'item',
      id: r.id as string,
      type: r.kind as string,
      ref: r.ref as string | null,
      title: `${r.kind as string}${r.ref ? ` ${r.ref as string}` : ''}`,
      documentId: r.document_id as string,
      reviewId: r.review_id as string | null,
      review: r.subject as string | null,
      partnership: r.partnership as string,
      span: [r.span_start as number, r.span_end as number],
      snippet: r.snippet as string,
      rank: Number(r.rank),
    })),
    documents: documents.rows.map((r) => ({
      kind: 'document',
      id: r.id as string,
      type: r.kind as string,
      ref: null,
      title: (r.title as string | null) ?? (r.file_name as string),
      documentId: r.id as string,
      reviewId: r.review_id as string | null,
      review: null,
      partnership: r.partnership as string,
      span: null,
      snippet: r.snippet as string,
      rank: Number(r.rank),
    })),
  };
}

interface DocumentAccess {
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

async function auditConfidentialRead(
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

/** A selection limited to what the principal can see (for analyses and reports). */
export async function selectionFor(
  db: Kysely<Database>,
  principal: Principal,
  selection: Selection,
): Promise<Selection> {
  const visible = await visibleReviewIds(db, principal);
  if (visible === null) return selection;
  const allowed = new Set(visible);
  return { ...selection, ids: selection.ids ? selection.ids.filter((id) => allowed.has(id)) : visible };
}
