import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { operator } from '../access/access.ts';
import { addEvidence, createAction, listActions } from '../actions/action.service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { countStore } from '../documents/document.repository.ts';
import { importPaths } from '../documents/import.service.ts';
import { exportStore, importStore, parseExport } from './store-export.repository.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/import');
const SAMPLES = join(import.meta.dirname, '../../../samples/documents');

describe(`store export (${testEngine})`, () => {
  let source: Store;
  let target: Store;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestStore(), createTestStore()]);
    await importPaths(
      source.db,
      [
        join(FIXTURES, 'child-r-response.md'),
        join(FIXTURES, 'child-s-briefing.txt'),
        join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt'),
      ],
      { actor: 'test', maxFileBytes: 1e7 },
    );
    const action = (await listActions(source.db, operator('test'))).find((a) => a.measures.length > 0);
    await addEvidence(source.db, operator('test'), String(action?.number), {
      kind: 'audit',
      summary: 'Audit of 20 assessments found household members recorded in 18.',
      occurredOn: '2024-09-30',
    });
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
    // Passages are left out of the export and rebuilt from each document's text and blocks.
    expect(first.tables.document_passages).toBeUndefined();
    const passages = (db: Store['db']) =>
      db
        .selectFrom('document_passages')
        .select(['document_id', 'position', 'span_start', 'span_end', 'text'])
        .orderBy('document_id')
        .orderBy('position')
        .execute();
    const rebuilt = await passages(target.db);
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(rebuilt).toEqual(await passages(source.db));
    expect(first.tables.document_files?.[0]?.bytes).toEqual(expect.any(String));
    expect(first.tables.action_evidence?.[0]).toMatchObject({ occurred_on: '2024-09-30' });
    expect(first.tables.actions?.length).toBeGreaterThan(0);
    // A new action continues its partnership's numbering after the loaded ones.
    const partnership = first.tables.partnerships?.[0] as { id: string; slug: string };
    const added = await createAction(target.db, operator('test'), {
      partnership: partnership.slug,
      text: 'A new one',
    });
    const highest = Math.max(
      0,
      ...(first.tables.actions ?? [])
        .filter((a) => a.partnership_id === partnership.id)
        .map((a) => a.number as number),
    );
    expect(added.number).toBe(highest + 1);
    await target.db.deleteFrom('actions').where('id', '=', added.id).execute();
  });

  it('counts rows already present instead of duplicating them', async () => {
    const data = await exportStore(source.db);
    const summary = await importStore(target.db, data);
    expect(summary.reduce((n, s) => n + s.inserted, 0)).toBe(0);
    expect(summary.find((s) => s.table === 'items')?.present).toBeGreaterThan(0);
  });

  it('loads a version-1 export: action state leaves the items, actions are seeded, evidence moves onto them', async () => {
    const empty = await createTestStore();
    try {
      const current = await exportStore(source.db);
      // A measure of an action (the first fixture has a measure with no action: it cannot hold evidence).
      const measure = { id: current.tables.action_measures?.find((m) => m.item_id)?.item_id };
      const {
        actions: _a,
        action_measures: _m,
        action_themes: _t,
        action_evidence: _e,
        ...rest
      } = current.tables;
      const v1 = {
        ...current,
        version: 1,
        tables: {
          ...rest,
          items: (rest.items ?? []).map((i) => ({
            ...i,
            status: i.kind === 'action' ? 'not-started' : null,
            rag: null,
            due_on: null,
            completed_on: null,
          })),
          evidence: [
            {
              id: '00000000-0000-4000-8000-00000000e001',
              item_id: measure?.id,
              kind: 'training-evaluation',
              summary: '40 practitioners trained',
              occurred_on: null,
              document_id: null,
              recorded_by: 'someone',
              recorded_at: '2024-05-01T10:00:00.000Z',
            },
          ],
        },
      };
      await importStore(empty.db, parseExport(JSON.parse(JSON.stringify(v1))));
      const actions = await listActions(empty.db, operator('test'));
      expect(actions.length).toBe(current.tables.actions?.length);
      const evidence = actions.flatMap((a) => a.evidence);
      expect(evidence).toEqual([
        expect.objectContaining({
          kind: 'training',
          summary: '40 practitioners trained',
          occurredOn: '2024-05-01',
        }),
      ]);
    } finally {
      await empty.close();
    }
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
