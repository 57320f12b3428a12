import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { subjectKey } from '../../ingest/extract/subjects.ts';
import type { ExtractedReview } from '../../shared/extraction-report.ts';
import { findOrCreatePartnership } from '../partnerships/partnership.repository.ts';
import { getReviewDetail, upsertReview } from './review.repository.ts';
import { buildChains, resolveReview } from './review.service.ts';

function buildReview(overrides: Partial<ExtractedReview> = {}): ExtractedReview {
  return {
    subject: 'Child M',
    review_type: null,
    child: { age_text: null, age_years: null, sex: null, outcome: null },
    agencies: [],
    ...overrides,
  };
}

describe(`reviews (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => store.close());

  it('fills gaps from a later document but never overwrites a stored value', async () => {
    const p = await findOrCreatePartnership(store.db, 'Fenwick Safeguarding Children Partnership');
    const first = await upsertReview(
      store.db,
      p.id,
      subjectKey('Child M'),
      buildReview({ child: { age_text: '9 months', age_years: 0.75, sex: null, outcome: 'serious-harm' } }),
    );
    const second = await upsertReview(
      store.db,
      p.id,
      subjectKey('child m'),
      buildReview({
        review_type: 'child-safeguarding-practice-review',
        child: { age_text: '2 years', age_years: 2, sex: 'female', outcome: 'death' },
      }),
    );
    expect(second).toBe(first);
    expect(await getReviewDetail(store.db, first)).toMatchObject({
      reviewType: 'child-safeguarding-practice-review',
      childAgeText: '9 months',
      childAgeYears: 0.75,
      childSex: 'female',
      outcome: 'serious-harm',
    });
  });

  it('keeps reviews of the same name in different partnerships apart', async () => {
    const a = await findOrCreatePartnership(store.db, 'Fenwick LSCB');
    const b = await findOrCreatePartnership(store.db, 'Marlow Safeguarding Children Partnership');
    expect(a.slug).toBe('fenwick-local-safeguarding-children-board');
    await upsertReview(store.db, a.id, 'child m', buildReview());
    await upsertReview(store.db, b.id, 'child m', buildReview());
    await expect(resolveReview(store.db, 'CHILD M')).rejects.toMatchObject({ code: 'AMBIGUOUS' });
    await expect(resolveReview(store.db, 'Child Z')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds a review by the first characters of its id', async () => {
    const p = await findOrCreatePartnership(store.db, 'Marlow Safeguarding Children Partnership');
    const id = await upsertReview(store.db, p.id, 'baby n', buildReview({ subject: 'Baby N' }));
    expect(await resolveReview(store.db, id.slice(0, 8))).toBe(id);
    expect(await resolveReview(store.db, 'baby  N')).toBe(id);
  });
});

describe('buildChains', () => {
  const item = (id: string, kind: string) => ({
    id,
    documentId: 'd',
    kind,
    ref: null,
    text: id,
    span: [0, 1] as [number, number],
    owner: null,
    deadline: null,
  });

  it('nests the stated links from finding to measure and keeps unlinked items as roots', () => {
    const items = [
      item('f', 'finding'),
      item('r', 'recommendation'),
      item('a', 'action'),
      item('m', 'measure'),
      item('t', 'theme'),
    ];
    const chains = buildChains(items, [
      { from: 'f', to: 'r' },
      { from: 'r', to: 'a' },
      { from: 'a', to: 'm' },
    ]);
    expect(chains.map((c) => c.item.id)).toEqual(['f', 't']);
    expect(chains[0]?.next[0]?.next[0]?.next[0]?.item.id).toBe('m');
  });

  it('stops at a cycle instead of looping', () => {
    const chains = buildChains(
      [item('a', 'action'), item('b', 'action')],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
    );
    expect(chains).toEqual([]);
  });
});
