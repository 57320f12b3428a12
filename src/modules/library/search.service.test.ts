/**
 * Search on a real store, on both engines: each way of finding candidates (the index, the table
 * in order, a user's own documents) gives hits that match, ranked, within the user's partnerships
 * and rights; a selective query gets exactly the best matches; document hits show the passage.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { operator, principalForUser, type Principal } from '../access/access.ts';
import { buildMissingPassages } from '../documents/passage.repository.ts';
import { createUser, grantRole } from '../users/users.service.ts';
import { listReviewPage } from './library.service.ts';
import { MARK_END, MARK_START, searchLibrary, type SearchResponse } from './search.service.ts';

const DOCS_PER_PARTNERSHIP = 40;
const ITEMS_PER_DOC = 100;

/**
 * Two partnerships of 40 documents with 100 items each. Item words have known shares:
 * "supervision" half the items; "county lines" always together, in two items in five; "thresholds"
 * one in ten; "Kestrelford" three items only; "paediatrician" one item in 20 documents each.
 * Each document is some 45 KB: "nursery" is in some 30 passages of every one, "county lines" in one
 * passage of every fourth. A's documents 0-4 are confidential.
 */
async function fill(store: Store): Promise<{ a: string; b: string }> {
  const db = store.db;
  const [a, b] = (
    await sql<{ id: string }>`
      insert into partnerships (slug, name) values ('alder', 'Alder SCP'), ('birch', 'Birch SCP') returning id`.execute(
      db,
    )
  ).rows.map((r) => r.id) as [string, string];
  await sql`
    insert into documents (partnership_id, sha256, file_name, format, byte_size, text, title, kind, confidential, extractor_version, imported_by)
    select p.id, encode(sha256((p.slug || n)::bytea), 'hex'), p.slug || '-' || n || '.txt', 'txt', 1, 
      'Learning review ' || n || E'.\n\n' ||
      repeat('The nursery kept careful records of the child''s attendance and health. ', 600) || E'\n\n' ||
      case when n % 4 = 0 then 'Criminal exploitation through county lines was not recognised by agencies. '
           else 'Agencies did not share information quickly enough. ' end || E'\n\n' ||
      repeat('Managers reviewed each case at regular meetings with the team. ', 20) || E'\n\n' ||
      case when n = 7 then 'The county court heard the application. ' else '' end ||
      repeat('Family members were seen at home by the social worker. ', 20) || E'\n\n' ||
      case when n = 7 then 'Bus lines ran past the house. ' else '' end,
      'Review ' || p.slug || ' ' || n, 'learning-briefing', p.slug = 'alder' and n < 5, 'test', 'test'
    from partnerships p cross join generate_series(0, ${DOCS_PER_PARTNERSHIP - 1}) n
    where p.slug in ('alder', 'birch')`.execute(db);
  await sql`
    insert into items (document_id, position, kind, ref, text, span_start, span_end)
    select d.id, k, 'finding', null,
      concat_ws(' ',
        case when k % 2 = 0 then 'Supervision did not challenge drift.' end,
        case when k % 5 < 2 then 'Criminal exploitation through county lines was missed.' end,
        case when k % 10 = 3 then 'Thresholds for a strategy discussion were unclear.' end,
        case when k = 17 and d.file_name in ('alder-9.txt', 'birch-9.txt', 'birch-30.txt') then 'Kestrelford practice.' end,
        case when k = 43 and d.file_name ~ '-[0-9]*[13579][.]' then 'The paediatrician saw bruising.' end,
        'The family moved ' || k || ' times.'),
      0, 10
    from documents d cross join generate_series(0, ${ITEMS_PER_DOC - 1}) k
    where d.partnership_id in (${a}, ${b})`.execute(db);
  await buildMissingPassages(db);
  return { a, b };
}

/** Whether every hit's stored text matches the query (checked by PostgreSQL itself). */
async function allMatch(store: Store, q: string, r: SearchResponse): Promise<boolean> {
  const ids = r.items.map((h) => h.id);
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from items where id = any(${ids}::uuid[]) and search @@ websearch_to_tsquery('english', ${q})`.execute(
    store.db,
  );
  return Number(rows[0]?.n) === ids.length;
}

const ranked = (r: SearchResponse) =>
  r.items.every((h, i) => i === 0 || (r.items[i - 1] as { rank: number }).rank >= h.rank);

describe(`searchLibrary (${testEngine})`, () => {
  let store: Store;
  let a: string;
  const admin = operator('test');
  let editorA: Principal;
  let viewerA: Principal;
  let beforeStatistics: Record<string, SearchResponse>;

  beforeAll(async () => {
    store = await createTestStore();
    ({ a } = await fill(store));
    const user = async (email: string, role: string) => {
      const id = await createUser(store.db, { email, password: 'a long test password', actor: 'test' });
      await grantRole(store.db, { email, partnership: 'alder', role, actor: 'test' });
      return principalForUser(store.db, id);
    };
    editorA = await user('editor@alder.example', 'editor');
    viewerA = await user('viewer@alder.example', 'viewer');
    beforeStatistics = {};
    for (const q of ['supervision', '"county lines"', 'Kestrelford'])
      beforeStatistics[q] = await searchLibrary(store.db, admin, q);
    expect(await refreshStatistics(store.db)).toEqual(expect.arrayContaining(['items', 'document_passages']));
  }, 120_000);
  afterAll(async () => store.close());

  it('refuses an empty search, a long one and a limit out of range', async () => {
    await expect(searchLibrary(store.db, admin, '  ')).rejects.toThrow('type something to search for');
    await expect(searchLibrary(store.db, admin, 'x'.repeat(201))).rejects.toThrow('at most 200 characters');
    await expect(searchLibrary(store.db, admin, 'child', 0)).rejects.toThrow('1 to 100 hits');
  });

  it('finds matching items before the store has statistics, as after', async () => {
    for (const [q, r] of Object.entries(beforeStatistics)) {
      expect(r.items.length, q).toBeGreaterThan(0);
      expect(await allMatch(store, q, r), q).toBe(true);
      expect(ranked(r), q).toBe(true);
    }
  });

  it('reads a common word in table order, ranks what it found and says the results are capped', async () => {
    for (const q of ['supervision', 'supervision drift']) {
      const r = await searchLibrary(store.db, admin, q);
      expect(r.methods.items, q).toBe('table-order');
      expect(r.capped, q).toBe(true);
      expect(r.items).toHaveLength(20);
      expect(await allMatch(store, q, r), q).toBe(true);
      expect(ranked(r), q).toBe(true);
    }
  });

  it('takes words that always come together for common, though each alone would not say so', async () => {
    // The planner multiplies shares (0.4 x 0.4 = 16%); in fact 40% of items have both words.
    const r = await searchLibrary(store.db, admin, 'county lines exploitation');
    expect(r.methods.items).toBe('table-order');
    expect(await allMatch(store, 'county lines exploitation', r)).toBe(true);
  });

  it('ranks every match of a selective query, exactly as a full ranking would', async () => {
    for (const q of [
      'Kestrelford',
      'kestrelford practice',
      'paediatrician -supervision',
      'paediatrician OR kestrelford',
    ]) {
      const r = await searchLibrary(store.db, admin, q);
      expect(r.methods.items, q).toBe('index');
      const { rows } = await sql<{ id: string }>`
        select id from items, websearch_to_tsquery('english', ${q}) query
        where search @@ query order by ts_rank_cd(search, query) desc, id limit 20`.execute(store.db);
      expect(
        r.items.map((h) => h.id),
        q,
      ).toEqual(rows.map((x) => x.id));
    }
    const rare = await searchLibrary(store.db, admin, 'Kestrelford');
    expect(rare.items).toHaveLength(3);
    expect(rare.capped).toBe(false);
    expect(rare.items[0]?.snippet).toContain(`${MARK_START}Kestrelford${MARK_END}`);
  });

  it("searches a one-partnership user's own documents, whichever way the candidates are found", async () => {
    const inAlder = await sql<{ id: string }>`select id from documents where partnership_id = ${a}`.execute(
      store.db,
    );
    const alder = new Set(inAlder.rows.map((r) => r.id));
    const common = await searchLibrary(store.db, editorA, 'supervision');
    expect(common.methods.items).toBe('scope');
    const rare = await searchLibrary(store.db, editorA, 'Kestrelford');
    expect(rare.methods.items).toBe('index');
    expect(rare.items).toHaveLength(1);
    for (const r of [common, rare]) {
      expect(r.items.length).toBeGreaterThan(0);
      expect(r.items.every((h) => alder.has(h.documentId) && h.partnership === 'Alder SCP')).toBe(true);
      expect(r.documents.every((h) => alder.has(h.documentId))).toBe(true);
    }
    expect(await allMatch(store, 'supervision', common)).toBe(true);
  });

  it("never shows a viewer the confidential documents' items or passages", async () => {
    const secret = await sql<{ id: string }>`select id from documents where confidential`.execute(store.db);
    const hidden = new Set(secret.rows.map((r) => r.id));
    expect(hidden.size).toBe(5);
    for (const q of ['supervision', 'county lines', 'learning review 3', 'Kestrelford']) {
      const r = await searchLibrary(store.db, viewerA, q, 100);
      expect(
        [...r.items, ...r.documents].some((h) => hidden.has(h.documentId)),
        q,
      ).toBe(false);
    }
    // An editor of the same partnership sees them.
    const editor = await searchLibrary(store.db, editorA, 'learning review 3', 100);
    expect(editor.documents.some((h) => hidden.has(h.documentId))).toBe(true);
  });

  it('ranks documents by their best passage: exactly, for words in few passages', async () => {
    const r = await searchLibrary(store.db, admin, '"county lines" OR paediatrician');
    expect(r.methods.passages).toBe('index');
    const { rows } = await sql<{ id: string }>`
      select document_id as id from document_passages, websearch_to_tsquery('english', '"county lines" OR paediatrician') q
      where search @@ q group by document_id order by max(ts_rank_cd(search, q)) desc, document_id limit 10`.execute(
      store.db,
    );
    expect(r.documents.map((h) => h.id)).toEqual(rows.map((x) => x.id));
  });

  it('ranks documents by the first matching passages, for words in very many passages', async () => {
    const r = await searchLibrary(store.db, admin, 'nursery attendance');
    expect(r.methods.passages).toBe('first-passages');
    expect(r.documents).toHaveLength(10);
    expect(
      r.documents.every((h, i) => i === 0 || (r.documents[i - 1] as { rank: number }).rank >= h.rank),
    ).toBe(true);
    for (const hit of r.documents) {
      const [start, end] = hit.span as [number, number];
      const { rows } = await sql<{ ok: boolean }>`
        select to_tsvector('english', substr(text, ${start + 1}, ${end - start})) @@ websearch_to_tsquery('english', 'nursery attendance') as ok
        from documents where id = ${hit.documentId}`.execute(store.db);
      expect(rows[0]?.ok).toBe(true);
    }
  });

  it('shows each document hit at its best passage, with its span in the text', async () => {
    const r = await searchLibrary(store.db, admin, '"county lines"');
    expect(r.documents.length).toBeGreaterThan(0);
    for (const hit of r.documents) {
      const { rows } = await sql<{ ok: boolean; text: string }>`
        select to_tsvector('english', substr(text, ${(hit.span as [number, number])[0] + 1},
          ${(hit.span as [number, number])[1] - (hit.span as [number, number])[0]})) @@ websearch_to_tsquery('english', '"county lines"') as ok, text
        from documents where id = ${hit.documentId}`.execute(store.db);
      expect(rows[0]?.ok, hit.title).toBe(true);
      expect(hit.snippet).toMatch(
        new RegExp(`${MARK_START}county${MARK_END} ${MARK_START}lines${MARK_END}`, 'i'),
      );
    }
  });

  it('shows a passage with one of the words when no single passage holds them all', async () => {
    // Document 7 of each partnership has "county" and "lines" only in different passages.
    const r = await searchLibrary(store.db, admin, 'county court bus');
    const seven = r.documents.filter((h) => /-7\.txt$|Review \w+ 7$/.test(h.title));
    expect(seven.length).toBe(2);
    for (const hit of seven) {
      expect(hit.span).not.toBeNull();
      expect(hit.snippet).toMatch(new RegExp(`${MARK_START}(county|court|bus)${MARK_END}`, 'i'));
    }
  });

  it('lists the reviews whose documents match, and never by words only a confidential document holds', async () => {
    // A review known from a public briefing (Alder 5) and a confidential draft (Alder 3).
    const { id: review } = await store.db
      .insertInto('reviews')
      .values({ partnership_id: a, subject: 'Child T', subject_key: 'child t' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      insert into review_documents (review_id, document_id)
      select ${review}, id from documents where file_name in ('alder-3.txt', 'alder-5.txt')`.execute(
      store.db,
    );
    const listed = async (who: Principal, q: string) =>
      (await listReviewPage(store.db, who, { q })).reviews.map((r) => r.subject);
    expect(await listed(viewerA, '"learning review 5"')).toEqual(['Child T']);
    expect(await listed(viewerA, '"learning review 3"')).toEqual([]);
    expect(await listed(editorA, '"learning review 3"')).toEqual(['Child T']);
  });
});
