import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import type { Store } from './connect.ts';
import { migrateTo, migrateToLatest, migrationStatus } from './migrate.ts';
import { migrations } from './migrations/index.ts';

describe(`migrations (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => store.close());

  /** A partnership and a document written as an older schema had them (before a migration under test). */
  const legacyDocument = async (slug: string, sha: string, text: string, kind: string) => {
    const db = store.db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { id: partnership } = await db
      .insertInto('partnerships')
      .values({ slug, name: `${slug} SCP` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: doc } = await db
      .insertInto('documents')
      .values({
        partnership_id: partnership,
        sha256: sha.repeat(64),
        file_name: `${slug}.txt`,
        format: 'txt',
        byte_size: text.length,
        text,
        blocks: '[]',
        kind,
        extractor_version: 't',
        imported_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { partnership: partnership as string, doc: doc as string };
  };

  it('reports every migration as applied', async () => {
    const states = await migrationStatus(store.db);
    expect(states.map((s) => s.name)).toEqual(Object.keys(migrations).sort());
    expect(states.every((s) => s.executedAt instanceof Date)).toBe(true);
  });

  it('does nothing when run again', async () => {
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('refuses rows that break the domain rules', async () => {
    const { id: partnership } = await store.db
      .insertInto('partnerships')
      .values({ slug: 'p', name: 'P' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const doc = {
      partnership_id: partnership,
      sha256: 'a'.repeat(64),
      file_name: 'x.txt',
      source_path: null,
      format: 'txt',
      byte_size: 1,
      text: 'x',
      blocks: '[]',
      title: null,
      publisher: null,
      published: null,
      kind: 'other',
      extractor_version: 't',
      imported_by: 'test',
    };
    await expect(
      store.db
        .insertInto('documents')
        .values({ ...doc, format: 'xls' })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      store.db
        .insertInto('documents')
        .values({ ...doc, published: 'June 2019' })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    const { id } = await store.db
      .insertInto('documents')
      .values({ ...doc, published: '2019-06' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = {
      document_id: id,
      position: 0,
      kind: 'finding',
      ref: null,
      text: 't',
      span_start: 5,
      span_end: 9,
      owner: null,
      deadline: null,
    };
    await expect(
      store.db
        .insertInto('items')
        .values({ ...item, span_end: 2 })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      store.db
        .insertInto('items')
        .values({ ...item, kind: 'opinion' })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      store.db
        .insertInto('documents')
        .values({ ...doc })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/);
  });

  it('searches items with PostgreSQL full-text search', async () => {
    const { id: doc } = await store.db.selectFrom('documents').select('id').executeTakeFirstOrThrow();
    await store.db
      .insertInto('items')
      .values({
        document_id: doc,
        position: 1,
        kind: 'lesson',
        ref: null,
        text: 'Domestic abuse was not explored with the mother',
        span_start: 0,
        span_end: 1,
        owner: null,
        deadline: null,
      })
      .execute();
    const rows = await sql<{
      text: string;
    }>`select text from items where search @@ websearch_to_tsquery('english', 'explore "domestic abuse"')`.execute(
      store.db,
    );
    expect(rows.rows.map((r) => r.text)).toEqual(['Domestic abuse was not explored with the mother']);
  });

  it('tracks the actions of a store imported before the tracker, with their links, owners and state', async () => {
    await migrateTo(store.db, '2026-11-22-0008-case-codings');
    const db = store.db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { partnership, doc } = await legacyDocument('legacy', 'b', 'old', 'board-response');
    const item = (position: number, kind: string, text: string, more: Record<string, unknown> = {}) =>
      db
        .insertInto('items')
        .values({ document_id: doc, position, kind, text, span_start: 0, span_end: 1, ...more })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r: { id: string }) => r.id);
    const rec = await item(0, 'recommendation', 'The partnership should audit plans');
    const act = await item(1, 'action', 'Audit 20 plans', {
      owner: 'The QA Subgroup',
      deadline: '2025-02',
      status: 'in-progress',
    });
    const measure = await item(2, 'measure', 'The audit shows plans shared');
    await db
      .insertInto('item_links')
      .values([
        { from_item_id: rec, to_item_id: act, origin: 'document' },
        { from_item_id: act, to_item_id: measure, origin: 'document' },
      ])
      .execute();
    await migrateToLatest(store.db);
    const actions = await store.db.selectFrom('actions').selectAll().where('item_id', '=', act).execute();
    expect(actions).toEqual([
      expect.objectContaining({
        partnership_id: partnership,
        recommendation_id: rec,
        owner: 'QA Subgroup',
        deadline: '2025-02',
        due_on: '2025-02-28',
        status: 'in-progress',
        version: 1,
      }),
    ]);
    const measures = await store.db.selectFrom('action_measures').select(['item_id', 'text']).execute();
    expect(measures).toEqual([{ item_id: measure, text: 'The audit shows plans shared' }]);
  });

  it('cuts the documents of a store made before passages into passages that cover their text', async () => {
    await migrateTo(store.db, '2026-11-22-0010-sessions');
    const paragraph = (n: number) =>
      `Paragraph ${n}: the health visitor did not ask about the father's role in caring for the baby. `.repeat(
        1 + (n % 3),
      );
    const long = 'The school did not escalate its concerns about attendance and neglect. '.repeat(60);
    const text = `Learning briefing\n\n${[1, 2, 3, 4, 5].map(paragraph).join('\n\n')}\n\n${long}\n\nEnd.`;
    const { doc } = await legacyDocument('before-passages', 'c', text, 'learning-briefing');
    await migrateToLatest(store.db);

    const passages = await store.db
      .selectFrom('document_passages')
      .select(['position', 'span_start', 'span_end', 'text'])
      .where('document_id', '=', doc)
      .orderBy('position')
      .execute();
    expect(passages.map((p) => p.position)).toEqual(passages.map((_, i) => i));
    for (const p of passages) {
      expect(text.slice(p.span_start, p.span_end)).toBe(p.text);
      expect(p.span_end - p.span_start).toBeLessThanOrEqual(1500);
    }
    // Together the passages hold every word of the text, in order.
    expect(
      passages
        .map((p) => p.text)
        .join(' ')
        .split(/\s+/),
    ).toEqual(text.split(/\s+/));
    const hits = await sql<{ position: number }>`
      select position from document_passages
      where document_id = ${doc} and search @@ websearch_to_tsquery('english', '"escalate its concerns"')
      order by position`.execute(store.db);
    expect(hits.rows.length).toBeGreaterThanOrEqual(2);

    await store.db.deleteFrom('documents').where('id', '=', doc).execute();
    const left = await store.db
      .selectFrom('document_passages')
      .select('id')
      .where('document_id', '=', doc)
      .execute();
    expect(left).toEqual([]);
  });
});
