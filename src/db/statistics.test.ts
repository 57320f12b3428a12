import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import type { Store } from './connect.ts';
import { refreshStatistics, statisticsVersion } from './statistics.ts';

describe(`refreshStatistics (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => store.close());

  const lexemes = async () =>
    (
      await sql<{ n: string }>`
        select count(*) as n from pg_stats where tablename = 'items' and attname = 'search' and most_common_elems is not null`.execute(
        store.db,
      )
    ).rows[0]?.n;

  it('analyzes a table that has grown, so the planner (and search) know its words, and only then', async () => {
    // On a server, autovacuum must not analyze behind the test's back.
    await sql`alter table items set (autovacuum_enabled = false)`.execute(store.db);
    await sql`insert into partnerships (slug, name) values ('stats', 'Stats SCP')`.execute(store.db);
    await sql`
      insert into documents (partnership_id, sha256, file_name, format, byte_size, text, kind, extractor_version, imported_by)
      select id, repeat('d', 64), 'stats.txt', 'txt', 1, 'text', 'other', 'test', 'test' from partnerships where slug = 'stats'`.execute(
      store.db,
    );
    await sql`
      insert into items (document_id, position, kind, text, span_start, span_end)
      select d.id, g, 'finding', 'Supervision did not challenge drift in case ' || g, 0, 1
      from documents d cross join generate_series(1, 5000) g where d.file_name = 'stats.txt'`.execute(
      store.db,
    );
    const version = statisticsVersion(store.db);
    expect(await refreshStatistics(store.db)).toContain('items');
    expect(statisticsVersion(store.db)).toBe(version + 1);
    expect(Number(await lexemes())).toBe(1);

    // Nothing grew: nothing is analyzed, and caches keep what they have.
    expect(await refreshStatistics(store.db)).toEqual([]);
    expect(statisticsVersion(store.db)).toBe(version + 1);

    // A few more rows are not enough; a tenth more is.
    await sql`
      insert into items (document_id, position, kind, text, span_start, span_end)
      select d.id, g, 'finding', 'x', 0, 1 from documents d cross join generate_series(5001, 5010) g
      where d.file_name = 'stats.txt'`.execute(store.db);
    expect(await refreshStatistics(store.db)).not.toContain('items');
    await sql`
      insert into items (document_id, position, kind, text, span_start, span_end)
      select d.id, g, 'finding', 'Thresholds were unclear ' || g, 0, 1 from documents d cross join generate_series(5011, 6000) g
      where d.file_name = 'stats.txt'`.execute(store.db);
    expect(await refreshStatistics(store.db)).toContain('items');
  });
});
