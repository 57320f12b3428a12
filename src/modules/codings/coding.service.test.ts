import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { defaultCodebook } from '../../classify/codebook/codebook.ts';
import type { StoredEvidence } from '../../classify/combine.ts';
import { loadCodebook, primaryCodebook, saveCodebook } from '../codebooks/codebook.repository.ts';
import { importPaths } from '../documents/import.service.ts';
import { listCodings } from './coding.repository.ts';
import {
  addHumanCoding,
  coderAgreement,
  decideMachineCoding,
  prepareStoreCoder,
  recodeDocuments,
  trainStoreModel,
} from './coding.service.ts';

const SEEDS = join(import.meta.dirname, '../../../../shared/corpus/seeds');
const SAMPLES = join(import.meta.dirname, '../../../samples/documents');
const options = { actor: 'test', maxFileBytes: 10 * 1024 * 1024 };

describe(`coding in the store (${testEngine})`, () => {
  let store: Store;
  let documentId: string;
  beforeAll(async () => {
    store = await createTestStore();
    const [outcome] = await importPaths(
      store.db,
      [join(SEEDS, 'cumbria-child-be-board-response-2019.txt')],
      options,
    );
    documentId = outcome?.documentId as string;
  });
  afterAll(async () => store.close());

  it('codes each document at import, every piece of evidence inside its document and item', async () => {
    const doc = await store.db
      .selectFrom('documents')
      .select(['text', 'coded_with'])
      .where('id', '=', documentId)
      .executeTakeFirstOrThrow();
    expect(doc.coded_with).toBe('lantern-rules/1.1.0+lantern@1');
    const codings = await listCodings(store.db, [documentId]);
    const documentLevel = codings.filter((c) => c.itemId === null).map((c) => c.codeKey);
    expect(documentLevel).toEqual(
      expect.arrayContaining(['domestic-abuse', 'information-sharing', 'voice-of-the-child']),
    );
    const items = await store.db
      .selectFrom('items')
      .select(['id', 'span_start', 'span_end'])
      .where('document_id', '=', documentId)
      .execute();
    const spanOf = new Map(items.map((i) => [i.id, [i.span_start, i.span_end]]));
    expect(codings.filter((c) => c.itemId !== null).length).toBeGreaterThan(10);
    for (const c of codings) {
      expect(c.evidence.length, c.codeKey).toBeGreaterThan(0);
      for (const e of c.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(doc.text.length);
        expect(e.end).toBeGreaterThan(e.start);
        if (c.itemId) {
          const [s, end] = spanOf.get(c.itemId) as [number, number];
          expect(e.start >= s && e.end <= end, `${c.codeKey} evidence outside its item`).toBe(true);
        }
      }
    }
  });

  it('records decisions apart from the machine, and refuses a span outside the document', async () => {
    const [first] = (await listCodings(store.db, [documentId])).filter(
      (c) => c.source === 'machine' && c.itemId,
    );
    await decideMachineCoding(store.db, {
      coding: first?.id.slice(0, 8) as string,
      decision: 'rejected',
      coder: 'reviewer-1',
    });
    const after = await listCodings(store.db, [documentId]);
    expect(after.find((c) => c.id === first?.id)).toBeDefined(); // the machine's coding stays
    expect(after.find((c) => c.source === 'human')).toMatchObject({
      decision: 'rejected',
      coder: 'reviewer-1',
      machineCodingId: first?.id,
    });
    await expect(
      addHumanCoding(store.db, {
        documentId,
        itemId: null,
        code: 'neglect',
        coder: 'reviewer-1',
        span: [10, 10_000_000],
      }),
    ).rejects.toThrow(/outside the document/);
    await expect(
      addHumanCoding(store.db, {
        documentId,
        itemId: null,
        code: 'no-such-code',
        coder: 'reviewer-1',
        span: null,
      }),
    ).rejects.toThrow(/no code "no-such-code"/);
    const audit = await store.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'reviewer-1')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['coding.reject']);
  });

  it('never relabels a decision when the codebook changes', async () => {
    const before = await primaryCodebook(store.db);
    const item = await store.db
      .selectFrom('items')
      .select('id')
      .where('document_id', '=', documentId)
      .limit(1)
      .executeTakeFirstOrThrow();
    await addHumanCoding(store.db, {
      documentId,
      itemId: item.id,
      code: 'neglect',
      coder: 'reviewer-2',
      span: null,
    });
    const shipped = defaultCodebook();
    const changed = {
      ...shipped,
      codes: shipped.codes.map((c) => (c.key === 'neglect' ? { ...c, label: 'Neglect (renamed)' } : c)),
    };
    expect((await saveCodebook(store.db, shipped)).created).toBe(false);
    const saved = await saveCodebook(store.db, changed, 'renamed neglect');
    expect(saved).toMatchObject({ created: true, version: before.version + 1 });
    const coder = await prepareStoreCoder(store.db);
    expect(coder.codebook.version).toBe(saved.version); // the user's version, not the shipped one
    await recodeDocuments(store.db, coder, [documentId]);
    const codings = await listCodings(store.db, [documentId]);
    const human = codings.find((c) => c.source === 'human' && c.coder === 'reviewer-2');
    expect(human).toMatchObject({ codeLabel: 'Neglect', codebookVersion: before.version });
    expect(
      codings.filter((c) => c.source === 'machine').every((c) => c.codebookVersion === saved.version),
    ).toBe(true);
    expect(
      (await loadCodebook(store.db, 'lantern', before.version)).book.codes.find((c) => c.key === 'neglect')
        ?.label,
    ).toBe('Neglect');
  });

  it('measures agreement between people and with the machine on the units each judged', async () => {
    const items = await store.db
      .selectFrom('items')
      .select('id')
      .where('document_id', '=', documentId)
      .orderBy('position')
      .limit(4)
      .execute();
    const add = (coder: string, i: number, code: string) =>
      addHumanCoding(store.db, { documentId, itemId: items[i]?.id as string, code, coder, span: null });
    // Four items; "a" and "b" agree on neglect for items 0 and 1, differ on item 2, and both leave item 3 without it.
    for (const [coder, i, code] of [
      ['a', 0, 'neglect'],
      ['a', 1, 'neglect'],
      ['a', 2, 'neglect'],
      ['a', 3, 'education'],
      ['b', 0, 'neglect'],
      ['b', 1, 'neglect'],
      ['b', 2, 'education'],
      ['b', 3, 'education'],
    ] as const)
      await add(coder, i, code);
    const report = await coderAgreement(store.db, ['a', 'b']);
    expect(report.units).toBe(4);
    const neglect = report.codes.find((c) => c.code === 'neglect');
    // neglect: both 2, a only 1, neither 1 -> po 0.75, pe 0.75*0.5 + 0.25*0.5 = 0.5, kappa 0.5
    expect(neglect).toMatchObject({ applied: [3, 2], percent: 0.75, kappa: 0.5 });
    const withMachine = await coderAgreement(store.db, ['a', 'machine']);
    expect(withMachine.units).toBe(4);
    await expect(coderAgreement(store.db, ['a', 'nobody'])).rejects.toThrow(/no codings by "nobody"/);
  });
});

describe(`case-level coding in a document about several reviews (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
    await importPaths(store.db, [join(SEEDS, 'cambridgeshire-scr-themes-board-report.txt')], options);
  });
  afterAll(async () => store.close());

  it("gives each review the codes of the text under its own heading, not its neighbours'", async () => {
    const themes = async (subject: string) =>
      (
        await store.db
          .selectFrom('review_themes as t')
          .innerJoin('reviews as r', 'r.id', 't.review_id')
          .select('t.theme')
          .where('r.subject', '=', subject)
          .execute()
      ).map((t) => t.theme);
    const babyA = await themes('Baby A');
    const childG = await themes('Child G');
    expect(babyA).toEqual(expect.arrayContaining(['physical-abuse', 'infants-and-pre-birth']));
    expect(babyA).not.toContain('suicide-and-self-harm');
    expect(childG).toEqual(expect.arrayContaining(['suicide-and-self-harm', 'adolescents']));
    expect(childG).not.toContain('physical-abuse');
    const caseCodings = await store.db
      .selectFrom('machine_codings')
      .select('review_id')
      .where('review_id', 'is not', null)
      .execute();
    expect(caseCodings.length).toBeGreaterThan(0);
  });
});

describe(`the statistical component in the store (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
    await importPaths(store.db, [SAMPLES, SEEDS], options);
  });
  afterAll(async () => store.close());

  it('trains from decisions, stamps its version, and proposes codes the rules did not', async () => {
    await expect(trainStoreModel(store.db, 'test')).rejects.toThrow(/nothing to learn from yet/);
    // A reviewer codes every item, filing everything about training under workforce (this
    // partnership's own convention, which the vocabulary does not know).
    const items = await store.db
      .selectFrom('items')
      .select(['id', 'document_id', 'text'])
      .orderBy('id')
      .execute();
    const marked = items.filter((i) => /\btraining\b/i.test(i.text));
    expect(marked.length).toBeGreaterThanOrEqual(5);
    for (const item of items) {
      const code = marked.includes(item) ? 'workforce-and-capacity' : 'voice-of-the-child';
      await addHumanCoding(store.db, {
        documentId: item.document_id,
        itemId: item.id,
        code,
        coder: 'trainer',
        span: null,
      });
    }
    const result = await trainStoreModel(store.db, 'test');
    expect(result.version).toBe(1);
    expect(result.codes.map((c) => c.key)).toContain('workforce-and-capacity');
    const coder = await prepareStoreCoder(store.db);
    expect(coder.version).toMatch(/\+model@1$/);
    await recodeDocuments(store.db, coder);
    const rows = await store.db
      .selectFrom('machine_codings')
      .select(['component', 'model_id', 'coder_version', 'evidence'])
      .execute();
    const byModel = rows.filter((r) => r.component !== 'rules');
    expect(rows.filter((r) => r.component === 'model').length).toBeGreaterThan(0);
    for (const r of byModel) {
      expect(r.model_id).not.toBeNull();
      expect(r.coder_version).toMatch(/\+model@1$/);
      expect((r.evidence as StoredEvidence[]).some((e) => e.source === 'model')).toBe(true);
    }
    expect(rows.filter((r) => r.component === 'rules').every((r) => r.model_id === null)).toBe(true);
  });
});
