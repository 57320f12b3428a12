/**
 * Full-text search over items and documents as a signed-in user sees them: PostgreSQL text search
 * (`websearch_to_tsquery`, so "quoted phrases", OR and -exclusions work), ranked with `ts_rank_cd`,
 * with the matching words marked in snippets. Only the user's partnerships are searched, and
 * confidential documents only where they are an editor or admin. See docs/design/web.md#search.
 */
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { statisticsVersion } from '../../db/statistics.ts';
import { LanternError } from '../../shared/errors.ts';
import { mayReadDocumentSql, readablePartnerships, type Principal } from '../access/access.ts';
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

/** How the candidates were found (see searchLibrary); for benchmarks and tests. */
export type SearchMethod = 'index' | 'table-order' | 'scope';
export type PassageMethod = 'index' | 'first-passages';

export interface SearchResponse {
  query: string;
  /** More matched than were ranked: the best of the first matches are shown. */
  capped: boolean;
  methods: { items: SearchMethod; passages: PassageMethod };
  items: SearchHit[];
  documents: SearchHit[];
}

/** Matches ranked per search: every match of a selective query, the first ones of a common one. */
export const ITEM_CANDIDATES = 200;
export const DOCUMENT_CANDIDATES = 120;
/** For a query common in passages, each candidate's first passages are read: fewer candidates. */
const DOCUMENT_CANDIDATES_COMMON = 60;
/**
 * Rows of `items` read in table order for a query that may be common: PROBE_ENOUGH matches among
 * them (one in 200) means thousands of matches in all, and those first matches are ranked.
 */
const PROBE_ROWS = 5_000;
const PROBE_ENOUGH = 25;
/** The first PROBE_HEAD rows must hold PROBE_HEAD_ENOUGH matches, or the rest is not read. */
const PROBE_HEAD = 2_000;
const PROBE_HEAD_ENOUGH = 10;
/** Passages ranked per search, at most; for a common query, so many of each document's first ones. */
const PASSAGE_CANDIDATES = 600;
const PASSAGES_READ = 40;
const PASSAGES_RANKED = 3;
/** Up to this many documents, a user's search runs over their documents by id. */
const SCOPED_DOCUMENTS = 3000;

/**
 * Lexeme statistics are cached per store until Lantern analyzes it again, and for at most this
 * long (a server's autovacuum analyzes without telling us). Reading them costs ~10 ms on PGlite.
 */
const STATS_TTL_MS = 60_000;

interface SearchStatistics {
  items: LexemeStats | null;
  passages: LexemeStats | null;
}
const statsCache = new WeakMap<object, { at: number; version: number; stats: SearchStatistics }>();

/** The statistics ANALYZE keeps on the `search` columns of items and passages (null before any). */
async function searchStatistics(db: Kysely<Database>): Promise<SearchStatistics> {
  const cached = statsCache.get(db);
  const version = statisticsVersion(db);
  if (cached && cached.version === version && performance.now() - cached.at < STATS_TTL_MS)
    return cached.stats;
  const { rows } = await sql<{ table: string; rows: number; elems: string[] | null; freqs: number[] | null }>`
    select c.relname as table, c.reltuples as rows, s.most_common_elems::text::text[] as elems,
      s.most_common_elem_freqs as freqs
    from pg_class c
      left join pg_stats s on s.schemaname = current_schema() and s.tablename = c.relname and s.attname = 'search'
    where c.oid in ('items'::regclass, 'document_passages'::regclass)`.execute(db);
  const of = (table: string): LexemeStats | null => {
    const row = rows.find((r) => r.table === table);
    if (!row?.elems || !row.freqs || row.rows <= 0) return null;
    const { elems, freqs } = row;
    // After the lexemes' shares come the least and the greatest of them, then the share of nulls.
    return {
      rows: row.rows,
      frequencies: new Map(elems.map((e, i) => [e, freqs[i] ?? 0])),
      unlisted: (freqs[elems.length] ?? 0) / 2,
    };
  };
  const stats = { items: of('items'), passages: of('document_passages') };
  statsCache.set(db, { at: performance.now(), version, stats });
  return stats;
}

interface SearchResult {
  items: Record<string, unknown>[];
  documents: Record<string, unknown>[];
  sampled: boolean;
  itemMatches: number;
  documentMatches: number;
  passageMatches: number;
}

/**
 * Searches items and documents, best first. Ranking every match of a common word ("child" is in
 * most of half a million items) costs too much, so at most ITEM_CANDIDATES items and
 * DOCUMENT_CANDIDATES documents are ranked: every match of a selective query, the first matches
 * of a common one, and `capped` says so.
 *
 * Items are found by one of (`methods.items`):
 * - `index`: the GIN index, for a query that cannot be common;
 * - `table-order`: for a query that may be common (see search-plan.ts), reading the first
 *   PROBE_ROWS items in table order, far cheaper than GIN's bitmap of every match; if that finds
 *   fewer than PROBE_ENOUGH (or the first PROBE_HEAD rows fewer than PROBE_HEAD_ENOUGH), the
 *   index after all;
 * - `scope`: for a user of a few partnerships and a query that may be common, reading their own
 *   documents' items, rather than every partnership's matches to keep a few.
 *
 * Documents match as wholes (the GIN index over documents) and are ranked by their best passage:
 * ranking a passage costs the same however long its report, where ranking a whole 100-page report
 * costs ~0.3 ms. The passages are (`methods.passages`) every matching passage of the candidate
 * documents (`index`), or, when the query may be common in passages, the first PASSAGES_RANKED
 * matching ones among each document's first PASSAGES_READ (`first-passages`). The hit shows and
 * links to its best passage (else its first with any of the words).
 *
 * Everything after the plan is one statement, prepared once per connection (planning it costs more
 * than running most searches): through PGlite each statement has a fixed cost.
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
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new LanternError('INVALID_INPUT', 'a search shows 1 to 100 hits');
  const everything = readablePartnerships(principal) === null;
  const permitted = mayReadDocumentSql(principal);

  const stats = await searchStatistics(db);
  const plan = (
    await sql<{ query: string; scope: string[] | null }>`${sql.raw(PREPARED)}
      select websearch_to_tsquery('english', ${text})::text as query,
        case when ${sql.lit(!everything)} then array(
          select d.id from documents d where ${permitted} limit ${sql.lit(SCOPED_DOCUMENTS + 1)}) end as scope`.execute(
      db,
    )
  ).rows[0] as { query: string; scope: string[] | null };
  const scope = plan.scope && plan.scope.length <= SCOPED_DOCUMENTS ? plan.scope : null;
  const tree = parseTsQuery(plan.query);
  const common = mayBeCommon(tree, stats.items);
  const method: SearchMethod = scope && common ? 'scope' : everything && common ? 'table-order' : 'index';
  const firstPassages = mayBeCommon(tree, stats.passages);

  // Only a user of many partnerships needs each match's document, to check it.
  const itemsFrom =
    everything || scope ? sql`items i` : sql`items i join documents d on d.id = i.document_id`;
  const itemMatch =
    method === 'scope'
      ? // The function, not the operator @@: the planner cannot take it to the index over every partnership.
        sql`ts_match_vq(i.search, query.q) and i.document_id = any(${scope}::uuid[])`
      : everything
        ? sql`i.search @@ query.q`
        : scope
          ? sql`i.search @@ query.q and i.document_id = any(${scope}::uuid[])`
          : sql`i.search @@ query.q and ${permitted}`;
  const docScope = everything ? sql`true` : scope ? sql`d.id = any(${scope}::uuid[])` : permitted;
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  // Candidates carry their tsvector, so ranking reads no row twice.
  const { rows } = await sql<{ result: SearchResult | string }>`${sql.raw(PREPARED)}
    with query as (select websearch_to_tsquery('english', ${text}) as q),
    any_word as (select ${anyOf(tree)}::tsquery as q),
    probe_head as materialized (
      select s.id, s.search from (select id, search from items where ${sql.lit(method === 'table-order')} limit ${sql.lit(PROBE_HEAD)}) s, query
      where s.search @@ query.q limit ${sql.lit(ITEM_CANDIDATES + 1)}
    ),
    probe_tail as materialized (
      select s.id, s.search
      from (select id, search from items where ${sql.lit(method === 'table-order')}
            offset ${sql.lit(PROBE_HEAD)} limit ${sql.lit(PROBE_ROWS - PROBE_HEAD)}) s, query
      where (select count(*) from probe_head) between ${sql.lit(PROBE_HEAD_ENOUGH)} and ${sql.lit(ITEM_CANDIDATES)}
        and s.search @@ query.q
      limit (select ${sql.lit(ITEM_CANDIDATES + 1)} - count(*) from probe_head)
    ),
    probe as (select * from probe_head union all select * from probe_tail),
    indexed as materialized (
      select i.id, i.search from ${itemsFrom}, query
      where (select count(*) from probe) < ${sql.lit(PROBE_ENOUGH)} and ${itemMatch}
      limit ${sql.lit(ITEM_CANDIDATES + 1)}
    ),
    candidates as (
      select id, search from probe where (select count(*) from probe) >= ${sql.lit(PROBE_ENOUGH)}
      union all select id, search from indexed
    ),
    hits as (
      select c.id, ts_rank_cd(c.search, query.q) as rank from candidates c, query
      order by rank desc, c.id
      limit ${sql.lit(limit)}
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
      limit ${sql.lit((firstPassages ? DOCUMENT_CANDIDATES_COMMON : DOCUMENT_CANDIDATES) + 1)}
    ),
    doc_passages as materialized (
      select x.document_id, x.id, x.position, x.search from document_passages x, query
      where ${sql.lit(!firstPassages)} and x.search @@ query.q and x.document_id = any(array(select id from doc_candidates))
      limit ${sql.lit(PASSAGE_CANDIDATES + 1)}
    ),
    doc_first_passages as materialized (
      select c.id as document_id, x.id, x.position, x.search
      from doc_candidates c cross join lateral (
        select y.id, y.position, y.search
        from (select id, position, search from document_passages where document_id = c.id order by position limit ${sql.lit(PASSAGES_READ)}) y, query
        where y.search @@ query.q limit ${sql.lit(PASSAGES_RANKED)}) x
      where ${sql.lit(firstPassages)}
    ),
    best_passages as (
      select distinct on (p.document_id) p.document_id, p.id, ts_rank_cd(p.search, query.q) as rank
      from (select * from doc_passages union all select * from doc_first_passages) p, query
      order by p.document_id, rank desc, p.position
    ),
    doc_hits as (
      select c.id, coalesce(b.rank, 0) as rank, b.id as passage_id
      from doc_candidates c left join best_passages b on b.document_id = c.id
      order by rank desc, c.id
      limit ${sql.lit(Math.min(limit, 10))}
    ),
    doc_rows as (
      select h.id, d.kind, d.title, d.file_name, h.rank, p.name as partnership,
        (select min(rd.review_id::text) from review_documents rd where rd.document_id = h.id) as review_id,
        s.span_start, s.span_end, ts_headline('english', coalesce(s.text, ''), s.marks, ${options}) as snippet
      from doc_hits h join documents d on d.id = h.id join partnerships p on p.id = d.partnership_id, query
      left join lateral (
        (select x.span_start, x.span_end, x.text, query.q as marks from document_passages x where x.id = h.passage_id)
        union all
        (select x.span_start, x.span_end, x.text, any_word.q from document_passages x, any_word
         where x.document_id = h.id and ts_match_vq(x.search, any_word.q) order by x.position limit 1)
        union all
        (select x.span_start, x.span_end, x.text, query.q from document_passages x
         where x.document_id = h.id order by x.position limit 1)
        limit 1
      ) s on true
    )
    select json_build_object(
      'items', (select coalesce(json_agg(x order by x.rank desc, x.id), '[]') from item_rows x),
      'documents', (select coalesce(json_agg(x order by x.rank desc, x.id), '[]') from doc_rows x),
      'sampled', (select count(*) >= ${sql.lit(PROBE_ENOUGH)} from probe),
      'itemMatches', (select count(*) from candidates),
      'documentMatches', (select count(*) from doc_candidates),
      'passageMatches', (select count(*) from doc_passages)
    ) as result`.execute(db);
  const raw = rows[0]?.result;
  const result = (typeof raw === 'string' ? JSON.parse(raw) : raw) as SearchResult;
  return {
    query: text,
    capped:
      result.sampled ||
      result.itemMatches > ITEM_CANDIDATES ||
      result.passageMatches > PASSAGE_CANDIDATES ||
      result.documentMatches > (firstPassages ? DOCUMENT_CANDIDATES_COMMON : DOCUMENT_CANDIDATES),
    methods: {
      items: result.sampled ? 'table-order' : method === 'table-order' ? 'index' : method,
      passages: firstPassages ? 'first-passages' : 'index',
    },
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
