/**
 * Full-text search over items and documents as a signed-in user sees them: PostgreSQL text search
 * (`websearch_to_tsquery`, so "quoted phrases", OR and -exclusions work), ranked with `ts_rank_cd`,
 * with the matching words marked in snippets. Only the user's partnerships are searched, and
 * confidential documents only where they are an editor or admin. See docs/design/web.md#search.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { statisticsVersion } from '../../db/statistics.ts';
import { LanternError } from '../../shared/errors.ts';
import { confidentialBlind, readablePartnerships, type Principal } from '../access/access.ts';
import { anyOf, mayBeCommon, parseTsQuery, type LexemeStats } from './search-plan.ts';

/** Sentinels around matched words in search snippets; the web app turns them into <mark>. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

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

/** How the candidate items were found (see searchLibrary); for benchmarks and tests. */
export type SearchMethod = 'index' | 'table-order' | 'scope';

export interface SearchResponse {
  query: string;
  /** More matched than were ranked: the best of the first matches are shown. */
  capped: boolean;
  method: SearchMethod;
  items: SearchHit[];
  documents: SearchHit[];
}

/** Matches ranked per search: every match of a selective query, the first ones of a common one. */
export const ITEM_CANDIDATES = 200;
export const DOCUMENT_CANDIDATES = 120;
/**
 * Rows of `items` read in table order for a query that may be common: PROBE_ENOUGH matches among
 * them (one in 200) means thousands of matches in all, and those first matches are ranked.
 */
const PROBE_ROWS = 5_000;
const PROBE_ENOUGH = 25;
/** Up to this many documents, a user's search runs over their documents by id. */
const SCOPED_DOCUMENTS = 3000;

/**
 * Lexeme statistics are cached per store until Lantern analyzes it again, and for at most this
 * long (a server's autovacuum analyzes without telling us). Reading them costs ~10 ms on PGlite.
 */
const STATS_TTL_MS = 60_000;
const statsCache = new WeakMap<object, { at: number; version: number; stats: LexemeStats | null }>();

/** The statistics ANALYZE keeps on `items.search` (null before the first ANALYZE). */
async function itemLexemeStats(db: Kysely<Database>): Promise<LexemeStats | null> {
  const cached = statsCache.get(db);
  const version = statisticsVersion(db);
  if (cached && cached.version === version && performance.now() - cached.at < STATS_TTL_MS)
    return cached.stats;
  const { rows } = await sql<{ rows: number; elems: string[] | null; freqs: number[] | null }>`
    select c.reltuples as rows, s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs
    from pg_class c
      left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'items' and s.attname = 'search'
    where c.oid = 'items'::regclass`.execute(db);
  const row = rows[0];
  let stats: LexemeStats | null = null;
  if (row?.elems && row.freqs && row.rows > 0) {
    const elems = row.elems;
    // After the lexemes' shares come the least and the greatest of them, then the share of nulls.
    const least = row.freqs[elems.length] ?? 0;
    stats = {
      rows: row.rows,
      frequencies: new Map(elems.map((e, i) => [e, row.freqs?.[i] ?? 0])),
      unlisted: least / 2,
    };
  }
  statsCache.set(db, { at: performance.now(), version, stats });
  return stats;
}

interface SearchResult {
  items: Record<string, unknown>[];
  documents: Record<string, unknown>[];
  sampled: boolean;
  itemMatches: number;
  documentMatches: number;
}

/**
 * Searches items and documents, best first. Ranking every match of a common word ("child" is in
 * most of half a million items) costs too much, so at most ITEM_CANDIDATES items and
 * DOCUMENT_CANDIDATES documents are ranked: every match of a selective query, the first matches
 * (in table order) of a common one, and `capped` says so. The candidates are found by one of:
 * - `index`: the GIN index, for a query that cannot be common;
 * - `table-order`: for a query that may be common (see search-plan.ts), reading the first
 *   PROBE_ROWS items in table order, far cheaper than GIN's bitmap of every match; if that finds
 *   fewer than PROBE_ENOUGH, the index after all;
 * - `scope`: for a user of a few partnerships and a query that may be common, reading their own
 *   documents' items, rather than every partnership's matches to keep a few.
 * Everything after the plan is one statement: through PGlite each statement has a fixed cost.
 */
export async function searchLibrary(
  db: Kysely<Database>,
  principal: Principal,
  q: string,
  limit = 20,
): Promise<SearchResponse> {
  const text = q.trim();
  if (!text) throw new LanternError('INVALID_INPUT', 'type something to search for');
  if (text.length > 200) throw new LanternError('INVALID_INPUT', 'a search is at most 200 characters');
  const readable = readablePartnerships(principal);
  const blind = confidentialBlind(principal);
  const everything = readable === null;
  const permitted = sql`(${everything} or d.partnership_id = any(${readable ?? []}::uuid[]))
        and not (d.confidential and d.partnership_id = any(${blind}::uuid[]))`;

  const stats = await itemLexemeStats(db);
  const plan = (
    await sql<{ query: string; scope: string[] | null }>`
      select websearch_to_tsquery('english', ${text})::text as query,
        case when ${!everything} then array(
          select d.id from documents d where ${permitted} limit ${SCOPED_DOCUMENTS + 1}) end as scope`.execute(
      db,
    )
  ).rows[0] as { query: string; scope: string[] | null };
  const scope = plan.scope && plan.scope.length <= SCOPED_DOCUMENTS ? plan.scope : null;
  const tree = parseTsQuery(plan.query);
  const common = mayBeCommon(tree, stats);
  const method: SearchMethod = scope && common ? 'scope' : everything && common ? 'table-order' : 'index';

  // Only a user of many partnerships needs each match's document, to check it.
  const itemsFrom =
    everything || scope ? sql`items i` : sql`items i join documents d on d.id = i.document_id`;
  const itemMatch =
    method === 'scope'
      ? // `|| ''` keeps the planner off the index over every partnership's items.
        sql`(i.search || ''::tsvector) @@ query.q and i.document_id = any(${scope}::uuid[])`
      : everything
        ? sql`i.search @@ query.q`
        : scope
          ? sql`i.search @@ query.q and i.document_id = any(${scope}::uuid[])`
          : sql`i.search @@ query.q and ${permitted}`;
  const docScope = everything ? sql`true` : scope ? sql`d.id = any(${scope}::uuid[])` : permitted;
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  // Candidate items carry their tsvector, so ranking reads no row twice. A document's snippet is
  // its first passage that matches (else the first with any of the words), so a 200-page report
  // is never parsed whole; the hit links to that passage.
  const { rows } = await sql<{ result: SearchResult | string }>`
    with query as (select websearch_to_tsquery('english', ${text}) as q),
    any_word as (select ${anyOf(tree)}::tsquery as q),
    probe as materialized (
      select s.id, s.search from (select id, search from items where ${method === 'table-order'} limit ${PROBE_ROWS}) s, query
      where s.search @@ query.q limit ${ITEM_CANDIDATES + 1}
    ),
    indexed as materialized (
      select i.id, i.search from ${itemsFrom}, query
      where (select count(*) from probe) < ${PROBE_ENOUGH} and ${itemMatch}
      limit ${ITEM_CANDIDATES + 1}
    ),
    candidates as (
      select id, search from probe where (select count(*) from probe) >= ${PROBE_ENOUGH}
      union all select id, search from indexed
    ),
    hits as (
      select c.id, ts_rank_cd(c.search, query.q) as rank from candidates c, query
      order by rank desc, c.id
      limit ${limit}
    ),
    item_rows as (
      select h.id, i.kind, i.ref, i.document_id, i.review_id, i.span_start, i.span_end, h.rank,
        r.subject, p.name as partnership, ts_headline('english', i.text, query.q, ${options}) as snippet
      from hits h join items i on i.id = h.id join documents d on d.id = i.document_id
        join partnerships p on p.id = d.partnership_id left join reviews r on r.id = i.review_id, query
    ),
    doc_candidates as materialized (
      select d.id from documents d, query
      where d.search @@ query.q and ${docScope}
      limit ${DOCUMENT_CANDIDATES + 1}
    ),
    doc_hits as (
      select c.id, ts_rank_cd(d.search, query.q) as rank from doc_candidates c join documents d on d.id = c.id, query
      order by rank desc, c.id
      limit ${Math.min(limit, 10)}
    ),
    doc_rows as (
      select h.id, d.kind, d.title, d.file_name, h.rank, p.name as partnership,
        (select min(rd.review_id::text) from review_documents rd where rd.document_id = h.id) as review_id,
        s.span_start, s.span_end, ts_headline('english', coalesce(s.text, ''), s.marks, ${options}) as snippet
      from doc_hits h join documents d on d.id = h.id join partnerships p on p.id = d.partnership_id, query
      left join lateral (
        (select x.span_start, x.span_end, x.text, query.q as marks from document_passages x
         where x.document_id = h.id and (x.search || ''::tsvector) @@ query.q order by x.position limit 1)
        union all
        (select x.span_start, x.span_end, x.text, any_word.q from document_passages x, any_word
         where x.document_id = h.id and (x.search || ''::tsvector) @@ any_word.q order by x.position limit 1)
        union all
        (select x.span_start, x.span_end, x.text, query.q from document_passages x
         where x.document_id = h.id order by x.position limit 1)
        limit 1
      ) s on true
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
  return {
    query: text,
    capped:
      result.sampled || result.itemMatches > ITEM_CANDIDATES || result.documentMatches > DOCUMENT_CANDIDATES,
    method: result.sampled ? 'table-order' : method === 'table-order' ? 'index' : method,
    items: result.items.map((r) => ({
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
    documents: result.documents.map((r) => ({
      kind: 'document',
      id: r.id as string,
      type: r.kind as string,
      ref: null,
      title: (r.title as string | null) ?? (r.file_name as string),
      documentId: r.id as string,
      reviewId: r.review_id as string | null,
      review: null,
      partnership: r.partnership as string,
      span: r.span_start === null ? null : [r.span_start as number, r.span_end as number],
      snippet: r.snippet as string,
      rank: Number(r.rank),
    })),
  };
}
