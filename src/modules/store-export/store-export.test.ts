import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { countStore } from '../documents/document.repository.ts';
import { importPaths } from '../documents/import.service.ts';
import { exportStore, importStore, parseExport } from './store-export.repository.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/import');

describe(`store export (${testEngine})`, () => {
  let source: Store;
  let target: Store;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestStore(), createTestStore()]);
    await importPaths(
      source.db,
      [join(FIXTURES, 'child-r-response.md'), join(FIXTURES, 'child-s-briefing.txt')],
      { actor: 'test', maxFileBytes: 1e7 },
    );
    await source.db
      .insertInto('evidence')
      .values({
        item_id: (
          await source.db
            .selectFrom('items')
            .select('id')
            .where('kind', '=', 'measure')
            .executeTakeFirstOrThrow()
        ).id,
        kind: 'audit',
        summary: 'Audit of 20 assessments found household members recorded in 18.',
        occurred_on: '2024-09-30',
        recorded_by: 'test',
      })
      .execute();
    await recordAudit(source.db, {
      actor: 'test',
      action: 'test.event',
      entityType: 'store',
      detail: { n: 1 },
    });
  });
  afterAll(async () => Promise.all([source.close(), target.close()]));

  it('round-trips the whole store: export, load into an empty store, export again', async () => {
    const first = await exportStore(source.db, new Date(0));
    // Through JSON text, as the CLI does.
    const loaded = parseExport(JSON.parse(JSON.stringify(first)));
    const summary = await importStore(target.db, loaded);
    expect(summary.every((s) => s.present === 0)).toBe(true);
    const second = await exportStore(target.db, new Date(0));
    expect(second).toEqual(first);
    expect(await countStore(target.db)).toEqual(await countStore(source.db));
    expect(first.tables.document_files?.[0]?.bytes).toEqual(expect.any(String));
    expect(first.tables.evidence?.[0]).toMatchObject({ occurred_on: '2024-09-30' });
  });

  it('counts rows already present instead of duplicating them', async () => {
    const data = await exportStore(source.db);
    const summary = await importStore(target.db, data);
    expect(summary.reduce((n, s) => n + s.inserted, 0)).toBe(0);
    expect(summary.find((s) => s.table === 'items')?.present).toBeGreaterThan(0);
  });

  it('refuses a file that is not a Lantern export, before writing anything', () => {
    expect(() => parseExport({ hello: 'world' })).toThrow(/Not a valid Lantern export/);
    expect(() => parseExport({ format: 'lantern-store', version: 99, exportedAt: '', tables: {} })).toThrow(
      /version 99/,
    );
    expect(() =>
      parseExport({ format: 'lantern-store', version: 1, exportedAt: '', tables: { pg_authid: [] } }),
    ).toThrow(/unknown table/);
  });

  it('loads all of an export or none of it', async () => {
    const empty = await createTestStore();
    try {
      const data = await exportStore(source.db);
      const broken = structuredClone(data);
      broken.tables.items = [
        ...(broken.tables.items ?? []),
        { ...(broken.tables.items?.[0] ?? {}), id: '00000000-0000-0000-0000-000000000001', kind: 'opinion' },
      ];
      await expect(importStore(empty.db, broken)).rejects.toThrow(
        /could not load table items: .*check constraint.*nothing was loaded/,
      );
      expect(await countStore(empty.db)).toEqual({
        partnerships: 0,
        documents: 0,
        reviews: 0,
        items: 0,
        itemLinks: 0,
      });
    } finally {
      await empty.close();
    }
  });
});
