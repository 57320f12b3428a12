import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { createPartnership } from '../partnerships/partnership.service.ts';
import { countStore } from './document.repository.ts';
import { importPaths } from './import.service.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/import');
const SEEDS = join(import.meta.dirname, '../../../../shared/corpus/seeds');
const options = { actor: 'test', maxFileBytes: 10 * 1024 * 1024 };

describe(`importPaths (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => store.close());

  it('stores each document with its reviews and items, every span pointing at its text', async () => {
    const outcomes = await importPaths(store.db, [join(FIXTURES, 'child-r-response.md')], options);
    expect(outcomes).toMatchObject([{ status: 'imported', reviews: 1 }]);
    const doc = await store.db
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', outcomes[0]?.documentId ?? '')
      .executeTakeFirstOrThrow();
    expect(doc).toMatchObject({
      format: 'md',
      publisher: 'Harbourside Safeguarding Children Partnership',
      published: '2024-03',
    });
    const items = await store.db
      .selectFrom('items')
      .selectAll()
      .where('document_id', '=', doc.id)
      .orderBy('position')
      .execute();
    expect(items.map((i) => [i.kind, i.ref])).toEqual([
      ['finding', 'R1'],
      ['recommendation', 'R1'],
      ['measure', null],
    ]);
    for (const item of items) expect(doc.text.slice(item.span_start, item.span_end)).toBe(item.text);
    const review = await store.db.selectFrom('reviews').selectAll().executeTakeFirstOrThrow();
    expect(review.subject).toBe('Child R');
    expect(items.every((i) => i.review_id === review.id)).toBe(true);
    const bytes = await store.db
      .selectFrom('document_files')
      .select('bytes')
      .where('document_id', '=', doc.id)
      .executeTakeFirstOrThrow();
    expect(bytes.bytes.length).toBe(doc.byte_size);
    // Its passages, for search: each a span of the text, together holding every block.
    const passages = await store.db
      .selectFrom('document_passages')
      .selectAll()
      .where('document_id', '=', doc.id)
      .orderBy('position')
      .execute();
    expect(passages.length).toBeGreaterThan(0);
    for (const p of passages) expect(doc.text.slice(p.span_start, p.span_end)).toBe(p.text);
    const blocks = doc.blocks as unknown as { start: number; end: number }[];
    for (const b of blocks.filter((x) => x.end > x.start))
      expect(passages.filter((p) => p.span_start <= b.start && b.end <= p.span_end)).toHaveLength(1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await countStore(store.db);
    const outcomes = await importPaths(store.db, [join(FIXTURES, 'child-r-response.md')], options);
    expect(outcomes.map((o) => o.status)).toEqual(['unchanged']);
    expect(await countStore(store.db)).toEqual(before);
  });

  it('reports a bad file and a missing path by name and still imports the others', async () => {
    const missing = join(FIXTURES, 'no-such-review.pdf');
    const outcomes = await importPaths(store.db, [FIXTURES, missing], options);
    const byName = Object.fromEntries(outcomes.map((o) => [o.name.split('/').pop(), o]));
    expect(byName['no-such-review.pdf']).toMatchObject({
      status: 'failed',
      reason: 'no such file or folder',
    });
    expect(byName['junk.pdf']).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/not a PDF/),
    });
    expect(byName['child-s-briefing.txt']).toMatchObject({ status: 'imported' });
    expect(byName['child-r-response.md']).toMatchObject({ status: 'unchanged' });
  });

  it('files documents under the publisher, or the partnership given', async () => {
    const rows = await store.db.selectFrom('partnerships').select(['slug', 'name']).orderBy('slug').execute();
    expect(rows).toEqual([
      {
        slug: 'harbourside-safeguarding-children-partnership',
        name: 'Harbourside Safeguarding Children Partnership',
      },
    ]);
  });

  it('refuses a --partnership that does not exist instead of making one', async () => {
    const before = await countStore(store.db);
    await expect(
      importPaths(store.db, [join(FIXTURES, 'child-s-briefing.txt')], { ...options, partnership: 'bravo' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/partnerships add/) });
    expect(await countStore(store.db)).toEqual(before);
  });

  it('de-duplicates within a partnership only: a copy in another partnership is imported there', async () => {
    const file = join(FIXTURES, 'child-r-response.md');
    const [first] = await importPaths(store.db, [file], options);
    await createPartnership(store.db, 'test', 'Bravo Safeguarding Partnership');
    // Found by a part of its name, as every command finds a partnership.
    const [copy] = await importPaths(store.db, [file], { ...options, partnership: 'bravo' });
    expect(copy).toMatchObject({ status: 'imported' });
    expect(copy?.documentId).not.toBe(first?.documentId);
    const owners = await store.db
      .selectFrom('documents as d')
      .innerJoin('partnerships as p', 'p.id', 'd.partnership_id')
      .select(['d.id', 'p.name'])
      .where('d.id', 'in', [first?.documentId as string, copy?.documentId as string])
      .orderBy('p.name')
      .execute();
    expect(owners.map((o) => o.name)).toEqual([
      'Bravo Safeguarding Partnership',
      'Harbourside Safeguarding Children Partnership',
    ]);
    // Again into either partnership: unchanged, answered with that partnership's own document.
    expect(await importPaths(store.db, [file], { ...options, partnership: 'bravo' })).toMatchObject([
      { status: 'unchanged', documentId: copy?.documentId },
    ]);
    expect(await importPaths(store.db, [file], options)).toMatchObject([
      { status: 'unchanged', documentId: first?.documentId },
    ]);
  });

  it('keeps a document out entirely when storing any part of it fails', async () => {
    // A real failure inside the transaction: the database refuses one item of the document.
    await sql`create function refuse_item() returns trigger language plpgsql as $$
      begin if new.text like '%refused item%' then raise exception 'refused by test trigger'; end if; return new; end $$`.execute(
      store.db,
    );
    await sql`create trigger refuse_item before insert on items for each row execute function refuse_item()`.execute(
      store.db,
    );
    const before = await countStore(store.db);
    const dir = join(import.meta.dirname, '../../../test/fixtures/refused');
    const outcomes = await importPaths(store.db, [dir], options);
    expect(outcomes).toMatchObject([
      { status: 'failed', reason: expect.stringMatching(/refused by test trigger/) },
    ]);
    expect(await countStore(store.db)).toEqual(before);
    await sql`drop trigger refuse_item on items`.execute(store.db);
    expect(await importPaths(store.db, [dir], options)).toMatchObject([{ status: 'imported' }]);
  });

  it.runIf(existsSync(SEEDS))('leaves identical counts after importing the seed corpus twice', async () => {
    const first = await importPaths(store.db, [SEEDS], options);
    expect(first.every((o) => o.status === 'imported')).toBe(true);
    const after = await countStore(store.db);
    const second = await importPaths(store.db, [SEEDS], options);
    expect(second.every((o) => o.status === 'unchanged')).toBe(true);
    expect(await countStore(store.db)).toEqual(after);
  });

  it('says so in the outcome when a document gives no item and names no review', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-empty-'));
    const file = join(dir, 'kestrelford-meeting-notice.txt');
    writeFileSync(
      file,
      'Kestrelford Safeguarding Children Partnership\n\nThe next meeting is on Tuesday in the town hall.\n',
    );
    const [outcome] = await importPaths(store.db, [file], options);
    expect(outcome).toMatchObject({ status: 'imported', items: 0, reviews: 0 });
    expect(outcome?.warnings?.join('\n')).toMatch(/nothing extracted.*\n.*no review found/s);
  });
});
