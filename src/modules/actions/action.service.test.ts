import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { isLanternError } from '../../shared/errors.ts';
import { operator, principalForUser, type Principal } from '../access/access.ts';
import { importPaths } from '../documents/import.service.ts';
import {
  actionHistory,
  actionSummary,
  addEvidence,
  createAction,
  getAction,
  listActions,
  ownerDigest,
  progressByReview,
  themeCoverage,
  updateAction,
  type ActionView,
} from './action.service.ts';

const SEEDS = join(import.meta.dirname, '../../../../shared/corpus/seeds');
const SAMPLES = join(import.meta.dirname, '../../../samples/documents');
const admin = operator('cli:test');
const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** An action as a person names it: numbers count within a partnership. */
const refOf = (a: { partnership: string; number: number }) => `${a.partnership}#${a.number}`;

describe(`action tracker (${testEngine})`, () => {
  let store: Store;
  let cumbria: ActionView[];
  let documentText: string;
  let cumbriaPartnership: string;

  beforeAll(async () => {
    store = await createTestStore();
    const outcomes = await importPaths(
      store.db,
      [
        join(SEEDS, 'cumbria-child-be-board-response-2019.txt'),
        join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt'),
      ],
      { actor: 'cli:importer', maxFileBytes: 1e7 },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported']);
    const doc = await store.db
      .selectFrom('documents')
      .select(['text', 'partnership_id'])
      .where('file_name', '=', 'cumbria-child-be-board-response-2019.txt')
      .executeTakeFirstOrThrow();
    documentText = doc.text;
    cumbriaPartnership = doc.partnership_id;
    cumbria = (await listActions(store.db, admin, { today: '2026-11-22' })).filter(
      (a) => a.partnershipId === cumbriaPartnership,
    );
  });
  afterAll(async () => store.close());

  const find = (start: string) => {
    const found = cumbria.find((a) => a.text.startsWith(start));
    if (!found) throw new Error(`no action starting "${start}"`);
    return found;
  };

  it('tracks every action the board response states, from its source span', async () => {
    const items = await store.db
      .selectFrom('items as i')
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .select('i.id')
      .where('d.partnership_id', '=', cumbriaPartnership)
      .where('i.kind', '=', 'action')
      .execute();
    expect(items.length).toBeGreaterThan(15);
    expect(new Set(cumbria.map((a) => a.source?.itemId))).toEqual(new Set(items.map((i) => i.id)));
    for (const a of cumbria) {
      const span = a.source?.span as [number, number];
      expect(normalise(documentText.slice(span[0], span[1]))).toContain(a.text.slice(0, 40));
      expect(a.review).toBe('Child BE');
      expect(a.version).toBe(1);
    }
  });

  it('links actions to the recommendation they answer and the measures that follow them', () => {
    const audit = find('LSCB to conduct a Child in Need Multi-agency audit');
    expect(audit.recommendation).toMatchObject({ kind: 'recommendation', ref: 'BE1' });
    expect(audit.recommendation?.text).toMatch(/^The LSCB should seek assurance regarding processes/);
    expect(audit.measures.map((m) => m.text)).toEqual([
      expect.stringMatching(/^The use of DARAC and Domestic Abuse, Stalking and Honour Based Violence/),
    ]);
    expect(audit.measures[0]?.source?.kind).toBe('measure');
    const genograms = find('Specific question to be added to Quality Assurance Group');
    expect(genograms.recommendation?.ref).toBe('BE2');
    expect(genograms.measures[0]?.text).toMatch(
      /^The Multi-agency audits will show that cases include a good assessment/,
    );
    const forums = find('Practitioner Forums to use this SCR');
    expect(forums.recommendation?.ref).toBe('BE3');
    expect(forums.measures[0]?.text).toMatch(
      /^Practitioner survey will demonstrate an increase in effective supervision/,
    );
  });

  it('keeps the owners and subgroups the document states', () => {
    expect(find('LSCB to conduct a Child in Need').owner).toBe('LSCB');
    expect(find('The LSCB has agreed to embed').owner).toBe('LSCB');
    expect(find('Practitioner Forums to use').owner).toBe('Practitioner Forums');
    const training = find('Training materials will be reviewed');
    expect(training).toMatchObject({ owner: 'Learning & Improvement Subgroup', ownerKind: 'subgroup' });
    expect(training.measures[0]?.text).toMatch(/^Practitioners should use the lessons from this review/);
    expect(find('Policies and procedures (P&P) will be reviewed').owner).toBe(
      'Policy and Procedures group Subgroup',
    );
    const website = find('The website will be updated');
    expect(website.owner).toBe('Communications and Engagement Subgroup');
    expect(website.measures[0]?.text).toMatch(/^The LSCB conducts regular surveys of staff/);
    // The table leaves this row's subgroup empty: the owner is not stated, not guessed.
    expect(find('A specific newsletter will be published').owner).toBeNull();
  });

  it('starts what the document reports as done as completed, the rest as planned, and says why', async () => {
    const done = find('A great deal of single agency learning has been brought forward');
    expect(done.status).toBe('completed');
    expect(find('LSCB and partner agencies have improved focus').status).toBe('completed');
    expect(find('The LSCB has agreed to embed').status).toBe('planned');
    expect(find('LSCB to conduct a Child in Need').status).toBe('planned');
    const [created] = await actionHistory(store.db, admin, refOf(done));
    expect(created).toMatchObject({ actor: 'cli:importer', action: 'action.create' });
    expect(created?.reason).toMatch(/reports it as already done/);
  });

  it('derives overdue from the deadline: due on the day, overdue from the next day', async () => {
    const action = await createAction(store.db, admin, {
      review: 'Child BE',
      text: 'Re-audit Child in Need plans for invitations and shared minutes',
      owner: 'Performance Management and Quality Assurance Group',
      deadline: 'March 2027',
      measures: ['The re-audit finds plans shared with every agency invited'],
      today: '2026-11-22',
    });
    expect(action).toMatchObject({
      deadline: '2027-03',
      dueOn: '2027-03-31',
      status: 'planned',
      ownerKind: 'subgroup',
    });
    const on = async (today: string) => getAction(store.db, admin, refOf(action), today);
    expect(await on('2027-03-30')).toMatchObject({ overdue: false, daysLeft: 1, ragShown: 'amber' });
    expect(await on('2027-03-31')).toMatchObject({ overdue: false, daysLeft: 0, ragShown: 'amber' });
    expect(await on('2027-04-01')).toMatchObject({
      overdue: true,
      daysLate: 1,
      ragShown: 'red',
      ragSource: 'derived',
    });
    expect(await on('2026-11-22')).toMatchObject({ overdue: false, ragShown: 'green' });
    const late = await listActions(store.db, admin, { overdue: true, today: '2027-04-01' });
    expect(late.map((a) => a.id)).toContain(action.id);
    expect(
      (await listActions(store.db, admin, { overdue: true, today: '2027-03-31' })).map((a) => a.id),
    ).not.toContain(action.id);
    const soon = await listActions(store.db, admin, { dueWithin: 30, today: '2027-03-01' });
    expect(soon.map((a) => a.id)).toContain(action.id);
    // Completed on time, it is never overdue afterwards.
    await updateAction(store.db, admin, refOf(action), {
      expectedVersion: action.version,
      status: 'completed',
      reason: 'Re-audit reported to the PMQA group',
      today: '2027-03-20',
    });
    expect(await on('2027-06-01')).toMatchObject({
      overdue: false,
      completedOn: '2027-03-20',
      ragShown: 'green',
    });
  });

  it('never loses one of two concurrent updates: the stale one gets a conflict and saves nothing', async () => {
    const action = await createAction(store.db, admin, {
      review: 'Child BE',
      text: 'Publish a seven-minute briefing',
      today: '2026-11-22',
    });
    const results = await Promise.allSettled([
      updateAction(store.db, operator('cli:alice'), refOf(action), {
        expectedVersion: 1,
        owner: 'Communications and Engagement Subgroup',
        reason: 'The subgroup owns briefings',
      }),
      updateAction(store.db, operator('cli:bob'), refOf(action), {
        expectedVersion: 1,
        status: 'in-progress',
        reason: 'Drafting has started',
      }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const error = rejected[0]?.reason as Error;
    expect(isLanternError(error, 'CONFLICT')).toBe(true);
    expect(error.message).toMatch(
      /was changed by cli:(alice|bob) .* after you read it .*version 2.*Nothing was saved/,
    );
    const now = await getAction(store.db, admin, refOf(action));
    expect(now.version).toBe(2);
    // Exactly the winner's change is there, and the loser can apply theirs on the new version.
    const ownerChanged = now.owner === 'Communications and Engagement Subgroup';
    expect(ownerChanged).toBe(now.status === 'planned');
    const retry = ownerChanged
      ? { status: 'in-progress', reason: 'Drafting has started' }
      : { owner: 'Communications and Engagement Subgroup', reason: 'The subgroup owns briefings' };
    const after = await updateAction(store.db, admin, refOf(action), {
      expectedVersion: 2,
      ...retry,
    });
    expect(after).toMatchObject({
      version: 3,
      status: 'in-progress',
      owner: 'Communications and Engagement Subgroup',
    });
    const history = await actionHistory(store.db, admin, refOf(action));
    expect(history.map((h) => h.action)).toEqual(['action.create', 'action.update', 'action.update']);
  });

  it('records who changed what, from what to what, and why', async () => {
    const action = find('LSCB to seek assurance from partners');
    await expect(
      updateAction(store.db, admin, refOf(action), {
        expectedVersion: action.version,
        status: 'in-progress',
        reason: '',
      }),
    ).rejects.toThrow(/say why/);
    await expect(
      updateAction(store.db, admin, refOf(action), {
        expectedVersion: action.version,
        status: 'evidenced',
        reason: 'Audit done',
      }),
    ).rejects.toThrow(/no evidence of impact yet/);
    await expect(
      updateAction(store.db, admin, refOf(action), {
        expectedVersion: action.version,
        deadline: 'soonish',
        reason: 'Agreed at board',
      }),
    ).rejects.toThrow(/not a deadline Lantern can read/);
    const updated = await updateAction(store.db, operator('cli:carol'), refOf(action), {
      expectedVersion: action.version,
      status: 'in-progress',
      deadline: '30/06/2027',
      rag: 'amber',
      reason: 'Agreed at the October board',
    });
    expect(updated).toMatchObject({
      status: 'in-progress',
      deadline: '2027-06-30',
      rag: 'amber',
      ragSource: 'set',
    });
    const evidence = await addEvidence(store.db, operator('cli:dave'), refOf(action), {
      kind: 'audit',
      summary: 'Multi-agency audit of 24 cases: historic context considered in 19 (79%)',
      occurredOn: '2027-05-14',
      measure: '1',
      reference: 'PMQA audit report May 2027',
      today: '2027-05-20',
    });
    expect(evidence).toMatchObject({ kind: 'audit', occurredOn: '2027-05-14', recordedBy: 'cli:dave' });
    const evidenced = await updateAction(store.db, operator('cli:carol'), refOf(action), {
      expectedVersion: updated.version,
      status: 'evidenced',
      reason: 'The audit shows the change in practice',
      today: '2027-05-20',
    });
    expect(evidenced).toMatchObject({ status: 'evidenced', completedOn: '2027-05-20' });
    expect(evidenced.evidence).toHaveLength(1);
    expect(evidenced.evidence[0]?.measureId).toBe(evidenced.measures[0]?.id);
    const history = await actionHistory(store.db, admin, refOf(action));
    expect(history.map((h) => [h.actor, h.action])).toEqual([
      ['cli:importer', 'action.create'],
      ['cli:carol', 'action.update'],
      ['cli:dave', 'action.evidence'],
      ['cli:carol', 'action.update'],
    ]);
    expect(history[1]?.reason).toBe('Agreed at the October board');
    expect(history[1]?.changes).toEqual({
      status: { from: 'planned', to: 'in-progress' },
      deadline: { from: null, to: '2027-06-30' },
      rag: { from: null, to: 'amber' },
    });
    expect(history[3]?.changes).toMatchObject({ status: { from: 'in-progress', to: 'evidenced' } });
  });

  describe('rights', () => {
    let viewer: Principal;
    let editor: Principal;
    let outsider: Principal;
    beforeAll(async () => {
      const other = await store.db
        .selectFrom('partnerships')
        .select('id')
        .where('id', '<>', cumbriaPartnership)
        .executeTakeFirstOrThrow();
      const user = async (email: string, partnership: string, role: string) => {
        const { id } = await store.db
          .insertInto('users')
          .values({ email, display_name: email })
          .returning('id')
          .executeTakeFirstOrThrow();
        await store.db
          .insertInto('memberships')
          .values({ user_id: id, partnership_id: partnership, role })
          .execute();
        return principalForUser(store.db, id);
      };
      viewer = await user('viewer@cumbria.example', cumbriaPartnership, 'viewer');
      editor = await user('editor@cumbria.example', cumbriaPartnership, 'editor');
      outsider = await user('editor@kestrelford.example', other.id, 'editor');
    });

    it('lets a viewer read actions but never change one', async () => {
      const action = find('LSCB will publish a newsletter following the publication');
      const seen = await getAction(store.db, viewer, refOf(action));
      expect(seen.text).toBe(action.text);
      // Each attempt starts only when the one before has been answered.
      const attempts = [
        () =>
          updateAction(store.db, viewer, refOf(action), {
            expectedVersion: seen.version,
            status: 'completed',
            reason: 'Newsletter out',
          }),
        () =>
          addEvidence(store.db, viewer, refOf(action), {
            kind: 'note',
            summary: 'Sent to 400 practitioners',
          }),
        () => createAction(store.db, viewer, { review: 'Child BE', text: 'Something new' }),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isLanternError(error, 'FORBIDDEN')).toBe(true);
        expect((error as Error).message).toMatch(/viewer@cumbria.example may read but not change/);
      }
      const after = await getAction(store.db, admin, refOf(action));
      expect(after).toMatchObject({ version: seen.version, status: seen.status });
      expect(after.evidence).toHaveLength(0);
      expect((await actionHistory(store.db, admin, refOf(action))).map((h) => h.action)).toEqual([
        'action.create',
      ]);
    });

    it("lets an editor change their partnership's actions and hides other partnerships' actions", async () => {
      const action = find('LSCB will publish a newsletter following the publication');
      const changed = await updateAction(store.db, editor, refOf(action), {
        expectedVersion: action.version,
        status: 'completed',
        reason: 'Newsletter published in July',
        completedOn: '2019-07-15',
        today: '2019-08-01',
      });
      expect(changed).toMatchObject({
        status: 'completed',
        completedOn: '2019-07-15',
        updatedBy: 'editor@cumbria.example',
      });
      const error = await getAction(store.db, outsider, refOf(action)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isLanternError(error, 'NOT_FOUND')).toBe(true);
      const theirs = await listActions(store.db, outsider);
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.every((a) => a.partnershipId !== cumbriaPartnership)).toBe(true);
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['user_id', 'partnership_id'])
        .where('entity_id', '=', action.id)
        .where('action', '=', 'action.update')
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ user_id: editor.userId, partnership_id: cumbriaPartnership });
    });
  });

  it('groups open actions by owner: overdue, due soon and without a deadline', async () => {
    const today = '2026-11-22';
    const made = await createAction(store.db, admin, {
      review: 'Child BE',
      text: 'Refresh the escalation policy briefing',
      owner: 'Policy and Procedures group Subgroup',
      deadline: '2026-12-01',
      today,
    });
    const digest = await ownerDigest(store.db, admin, { dueWithin: 30, today });
    const policy = digest.find((d) => d.owner === 'Policy and Procedures group Subgroup');
    expect(policy?.dueSoon.map((a) => a.number)).toEqual([made.number]);
    expect(policy?.noDeadline.length).toBeGreaterThan(0);
    const all = await listActions(store.db, admin, { statuses: ['planned', 'in-progress'], today });
    expect(digest.reduce((n, d) => n + d.open, 0)).toBe(all.length);
    expect(digest.flatMap((d) => d.overdue).every((a) => a.overdue)).toBe(true);
    // The dashboard's counts, made in SQL, agree with the lists.
    const summary = await actionSummary(store.db, admin, { today, limit: 3 });
    expect(summary.open).toBe(all.length);
    expect(summary.overdue).toBe(all.filter((a) => a.overdue).length);
    expect(summary.mostOverdue.map((a) => a.dueOn)).toEqual(
      all
        .filter((a) => a.overdue)
        .map((a) => a.dueOn)
        .sort()
        .slice(0, 3),
    );
    const kestrelford = digest.find((d) => d.owner === 'Kestrelford Police');
    expect(kestrelford?.overdue.map((a) => a.deadline)).toEqual(['2024-03']);
  });

  it('reports progress per review, every action counted once', async () => {
    const progress = await progressByReview(store.db, admin, { today: '2026-11-22' });
    const be = progress.find((p) => p.review === 'Child BE');
    const actions = await listActions(store.db, admin, { review: 'Child BE' });
    expect(be?.total).toBe(actions.length);
    expect(Object.values(be?.byStatus ?? {}).reduce((a, b) => a + b, 0)).toBe(actions.length);
    expect(be?.byStatus.evidenced).toBe(1);
    expect(be?.withEvidence).toBe(1);
    expect(be?.withMeasures).toBe(actions.filter((a) => a.measures.length > 0).length);
  });

  it('shows which recurring themes have actions, and which have none with evidence of impact', async () => {
    const coverage = await themeCoverage(store.db, admin, { minReviews: 2 });
    expect(coverage.length).toBeGreaterThan(0);
    for (const c of coverage) {
      expect(c.reviews).toBeGreaterThanOrEqual(2);
      expect(c.finding).toBe(
        c.actions === 0 ? 'no actions' : c.evidenced === 0 ? 'no evidence of impact' : 'evidence of impact',
      );
    }
    const da = coverage.find((c) => c.theme === 'domestic-abuse');
    expect(da?.actions).toBeGreaterThan(0);
    // A theme no action addresses: a hand-made action with that theme moves it on, and evidence after it.
    const gap =
      coverage.find((c) => c.finding === 'no actions') ??
      coverage.find((c) => c.finding === 'no evidence of impact');
    if (!gap) throw new Error('expected a recurring theme without evidence of impact');
    const made = await createAction(store.db, admin, {
      review: 'Child H',
      text: `Multi-agency workshop on ${gap.theme}`,
      themes: [gap.theme],
    });
    const next = (await themeCoverage(store.db, admin, { minReviews: 2 })).find((c) => c.theme === gap.theme);
    expect(next).toMatchObject({ actions: gap.actions + 1, finding: 'no evidence of impact' });
    await addEvidence(store.db, admin, refOf(made), {
      kind: 'training',
      summary: '35 attended; 90% rated it useful',
    });
    const last = (await themeCoverage(store.db, admin, { minReviews: 2 })).find((c) => c.theme === gap.theme);
    expect(last?.finding).toBe('evidence of impact');
  });

  it('numbers actions within each partnership: a bare number shared by two asks whose, a qualified one finds it', async () => {
    const all = await listActions(store.db, admin);
    for (const p of new Set(all.map((a) => a.partnershipId))) {
      const numbers = all.filter((a) => a.partnershipId === p).map((a) => a.number);
      expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
    }
    await expect(getAction(store.db, admin, '1')).rejects.toMatchObject({
      code: 'AMBIGUOUS',
      message: expect.stringMatching(/"cumbria#1"/),
    });
    const kestrelford = await getAction(store.db, admin, 'kestrelford#1');
    expect(kestrelford).toMatchObject({ number: 1, partnership: expect.stringMatching(/^Kestrelford/) });
    expect(await getAction(store.db, admin, kestrelford.id.slice(0, 8))).toMatchObject({
      id: kestrelford.id,
    });
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const action = cumbria[0] as ActionView;
    await expect(createAction(store.db, admin, { text: 'Orphan' })).rejects.toThrow(
      /say where the action belongs/,
    );
    await expect(createAction(store.db, admin, { review: 'Child BE', text: '  ' })).rejects.toThrow(
      /cannot be empty/,
    );
    await expect(
      createAction(store.db, admin, { review: 'Child BE', text: 'x', themes: ['bad-luck'] }),
    ).rejects.toThrow(/unknown theme "bad-luck"/);
    await expect(getAction(store.db, admin, '99999')).rejects.toThrow(/no action "99999"/);
    await expect(listActions(store.db, admin, { statuses: ['done' as 'planned'] })).rejects.toThrow(
      /unknown status "done"/,
    );
    // Added as already done: completed today, at its first version.
    const done = await createAction(store.db, admin, {
      review: 'Child BE',
      text: 'Circulate the newsletter to schools',
      status: 'completed',
      today: '2026-11-22',
    });
    expect(done).toMatchObject({ status: 'completed', completedOn: '2026-11-22', version: 1 });
    const current = await getAction(store.db, admin, refOf(action));
    await expect(
      updateAction(store.db, admin, refOf(action), {
        expectedVersion: current.version,
        status: 'done',
        reason: 'Finished',
      }),
    ).rejects.toThrow(/unknown status "done"/);
    await expect(
      updateAction(store.db, admin, refOf(action), {
        expectedVersion: current.version,
        status: current.status,
        reason: 'No change',
      }),
    ).rejects.toThrow(/nothing to change/);
    await expect(
      addEvidence(store.db, admin, refOf(action), { kind: 'rumour', summary: 'Heard it went well' }),
    ).rejects.toThrow(/unknown kind of evidence "rumour"/);
    await expect(
      addEvidence(store.db, admin, refOf(action), {
        kind: 'survey',
        summary: 'Survey',
        occurredOn: '2099-01-01',
        today: '2026-11-22',
      }),
    ).rejects.toThrow(/in the future/);
    expect(await getAction(store.db, admin, refOf(action))).toMatchObject({
      version: current.version,
      evidence: [],
    });
  });
});
