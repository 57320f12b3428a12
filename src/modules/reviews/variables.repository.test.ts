/**
 * Case variables and cross-case statements in the store, on PGlite and PostgreSQL: stored at
 * import with their spans, a person's correction kept through later imports, the review columns
 * analyses read kept in line, statement themes counted for the reviews they apply to, rights.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { operator, type Principal } from '../access/access.ts';
import { importPaths } from '../documents/import.service.ts';
import { buildTable } from '../exports/tabular.ts';
import { findOrCreatePartnership } from '../partnerships/partnership.repository.ts';
import { listStatements } from './statements.repository.ts';
import { listReviewVariables, storeMachineVariables } from './variables.repository.ts';
import { reviewVariables, setReviewVariable } from './variables.service.ts';

const FIXTURE = join(
  import.meta.dirname,
  '../../../test/fixtures/case-variables/ashcombe-themes-from-four-reviews.md',
);

describe(`case variables and cross-case statements (${testEngine})`, () => {
  let store: Store;
  let documentId: string;
  let partnershipId: string;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    store = await createTestStore();
    const [outcome] = await importPaths(store.db, [FIXTURE], { actor: 'test', maxFileBytes: 1 << 20 });
    expect(outcome).toMatchObject({ status: 'imported', reviews: 4 });
    documentId = outcome?.documentId as string;
    const reviews = await store.db
      .selectFrom('reviews')
      .select(['id', 'subject', 'partnership_id'])
      .execute();
    for (const r of reviews) ids.set(r.subject, r.id);
    partnershipId = reviews[0]?.partnership_id as string;
  });
  afterAll(async () => store.close());

  const themesOf = async (subject: string) =>
    (
      await store.db
        .selectFrom('review_themes')
        .select('theme')
        .where('review_id', '=', ids.get(subject) as string)
        .execute()
    ).map((t) => t.theme);

  it('stores each variable the case text states, its span quoting the stored text', async () => {
    const vars = await listReviewVariables(store.db, ids.get('Baby M') as string);
    const known = vars.find((v) => v.name === 'known_to_csc');
    expect(known).toMatchObject({ value: 'no', source: 'machine', documentId });
    expect(known?.quote).toBe("The family was not known to children's social care.");
    const review = await store.db
      .selectFrom('reviews')
      .select(['subject', 'cp_plan_status', 'known_to_csc'])
      .where('id', 'in', [...ids.values()])
      .execute();
    expect(
      Object.fromEntries(review.map((r) => [r.subject, [r.cp_plan_status, r.known_to_csc]])),
    ).toMatchObject({
      'Child K': ['current', null],
      'Child P': ['past', null],
      'Baby M': [null, false],
    });
  });

  it('stores statements with counts, and attaches themes to the reviews they apply to', async () => {
    const statements = await listStatements(store.db);
    expect(statements.map((s) => [s.numerator, s.denominator, s.quantifier, s.reviews])).toEqual([
      [3, 4, null, []],
      [null, null, 'each', ['Baby M', 'Child K', 'Child P', 'Child R']],
      [2, null, null, ['Child K', 'Child R']],
    ]);
    expect(statements[0]?.themes).toContain('domestic-abuse');
    // Child P's own text says nothing of information sharing; the statement about each review does.
    expect(await themesOf('Child P')).toContain('information-sharing');
    // "3 of the 4" names none: no review gets the theme from it.
    expect(await themesOf('Child P')).not.toContain('domestic-abuse');
  });

  it("keeps a person's value through later imports; a later document's yes replaces a machine no", async () => {
    const baby = ids.get('Baby M') as string;
    const set = await setReviewVariable(store.db, operator('cli:tester'), {
      ref: baby,
      name: 'known-to-csc',
      value: 'yes',
      reason: 'Referral in 2023 found in the agency chronology',
    });
    expect(set).toMatchObject({ value: 'yes', source: 'person', setBy: 'cli:tester' });
    await storeMachineVariables(
      store.db,
      baby,
      documentId,
      [{ name: 'known_to_csc', value: 'no', span: [0, 5] }],
      'x',
    );
    await storeMachineVariables(
      store.db,
      baby,
      documentId,
      [{ name: 'domestic_abuse', value: 'no', span: [0, 5] }],
      'x',
    );
    await storeMachineVariables(
      store.db,
      baby,
      documentId,
      [{ name: 'domestic_abuse', value: 'yes', span: [6, 9] }],
      'x',
    );
    const { variables } = await reviewVariables(store.db, operator('t'), baby);
    const of = (n: string) => variables.find((v) => v.name === n);
    expect(of('known_to_csc')).toMatchObject({ value: 'yes', source: 'person' });
    expect(of('domestic_abuse')).toMatchObject({ value: 'yes', span: [6, 9] });
    expect(of('disability')).toMatchObject({ value: 'not-stated', source: null });
    const row = await store.db
      .selectFrom('reviews')
      .select('known_to_csc')
      .where('id', '=', baby)
      .executeTakeFirst();
    expect(row?.known_to_csc).toBe(true);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'review.variable.set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ name: 'known_to_csc', value: 'yes', previous: 'no' });
  });

  it("a person's incident sets the review's outcome; not-stated clears it", async () => {
    const k = ids.get('Child K') as string;
    const set = (value: string) =>
      setReviewVariable(store.db, operator('t'), { ref: k, name: 'incident', value, reason: 'checked' });
    await set('death');
    const outcome = async () =>
      (await store.db.selectFrom('reviews').select('outcome').where('id', '=', k).executeTakeFirst())
        ?.outcome;
    expect(await outcome()).toBe('death');
    await set('not-stated');
    expect(await outcome()).toBeNull();
    await expect(set('maybe')).rejects.toThrow(/incident takes one of: death, serious-harm, not-stated/);
  });

  it('lets an editor set a variable, refuses a viewer, and does not find another partnership’s review', async () => {
    const as = (role: 'editor' | 'viewer', partnership: string): Principal => ({
      name: `${role}@ashcombe.example`,
      userId: null,
      everywhere: null,
      roles: new Map([[partnership, role]]),
    });
    const input = { ref: 'Child R', name: 'looked_after', value: 'no', reason: 'lived at home' };
    await expect(setReviewVariable(store.db, as('viewer', partnershipId), input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const other = await findOrCreatePartnership(store.db, 'Harbourside Safeguarding Children Partnership');
    await expect(setReviewVariable(store.db, as('editor', other.id), input)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(setReviewVariable(store.db, as('editor', partnershipId), input)).resolves.toMatchObject({
      value: 'no',
      source: 'person',
    });
  });

  it('exports the variables as columns of the reviews table, and the statements table', async () => {
    const t = await buildTable(store.db, 'reviews');
    const col = (name: string) => t.variables.findIndex((v) => v.name === name);
    const row = t.rows.find((r) => r[1] === 'Child P');
    expect(row?.[col('looked_after')]).toBe(1);
    expect(row?.[col('incident_type')]).toBe('suicide');
    expect(row?.[col('disability')]).toBeNull();
    const s = await buildTable(store.db, 'statements');
    expect(s.rows).toHaveLength(3);
  });
});
