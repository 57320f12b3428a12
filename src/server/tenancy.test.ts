/**
 * Tenancy over HTTP: what one partnership holds never shows through another's answers. Reports
 * apply the library's confidentiality rule; ids, prefixes and names of another partnership's
 * records answer exactly as ids and names that do not exist; action numbers count per partnership.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import { loadConfig } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { importPaths } from '../modules/documents/import.service.ts';
import { createUser, grantRole } from '../modules/users/users.service.ts';
import { buildApp, CSRF_HEADER, SESSION_COOKIE } from './app.ts';
import { multipart } from '../../test/helpers/multipart.ts';
import { requestAs, signIn, type Session } from '../../test/helpers/server.ts';

const SAMPLES = join(import.meta.dirname, '../../samples/documents');
const PASSWORD = 'correct horse battery staple';
/** A word only the confidential draft holds: wherever it shows, confidential text leaked. */
const SECRET = 'Quillborough';

// A fictional draft addendum to Child H's review, filed as confidential.
const DRAFT = `Kestrelford Safeguarding Children Partnership

Child Safeguarding Practice Review: Child H

Draft addendum for the executive (not for publication)

Recommendations

Recommendation H9: The partnership should ask the ${SECRET} family hub to share its visit records with the health visiting service each week.
`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe(`tenancy over HTTP (${testEngine})`, () => {
  let store: Store;
  let app: FastifyInstance;
  let childH: string;
  let draftFile: string;
  const sessions: Record<string, Session> = {};
  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    requestAs(app, sessions[who] as Session, method, url, payload);
  /** The error an answer carries, with `id` written as ID so answers about two ids compare. */
  const errorOf = async (r: Promise<{ statusCode: number; json: <T>() => T }>, id: string) => {
    const res = await r;
    return {
      status: res.statusCode,
      body: JSON.stringify(res.json()).replaceAll(id, 'ID'),
    };
  };

  beforeAll(async () => {
    store = await createTestStore();
    const dir = mkdtempSync(join(tmpdir(), 'lantern-tenancy-'));
    draftFile = join(dir, 'child-h-draft-addendum.txt');
    writeFileSync(draftFile, DRAFT);
    const options = { actor: 'test', maxFileBytes: 1e7 };
    await importPaths(
      store.db,
      [
        join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt'),
        join(SAMPLES, 'ashcombe-case-m-learning-presentation.txt'),
      ],
      options,
    );
    const [draft] = await importPaths(store.db, [draftFile], {
      ...options,
      partnership: 'Kestrelford',
      confidential: true,
    });
    expect(draft).toMatchObject({ status: 'imported' });
    childH = (
      await store.db
        .selectFrom('reviews')
        .select('id')
        .where('subject', '=', 'Child H')
        .executeTakeFirstOrThrow()
    ).id;
    const users: [string, string | null, 'editor' | 'viewer' | null][] = [
      ['viewer@kestrelford.example', 'Kestrelford', 'viewer'],
      ['editor@kestrelford.example', 'Kestrelford', 'editor'],
      ['editor@ashcombe.example', 'Ashcombe', 'editor'],
      ['nobody@example.org', null, null],
    ];
    for (const [email, partnership, role] of users) {
      await createUser(store.db, { email, password: PASSWORD, actor: 'test' });
      if (partnership && role) await grantRole(store.db, { email, partnership, role, actor: 'test' });
    }
    app = await buildApp({
      store,
      config: loadConfig({ LANTERN_MAX_FILE_MB: '1' }),
      webRoot: null,
      secureCookies: false,
    });
    for (const [email] of users) {
      sessions[email] = await signIn(app, email, PASSWORD);
    }
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("keeps a confidential document's text out of a viewer's reports, of every kind, and audits an editor's", async () => {
    const draft = await store.db
      .selectFrom('documents')
      .select('id')
      .where('confidential', '=', true)
      .executeTakeFirstOrThrow();
    for (const kind of ['briefing', 'seven-minute', 'board', 'actions']) {
      const viewer = await as(
        'viewer@kestrelford.example',
        'GET',
        `/api/reports/${kind}?review=${childH}&format=md`,
      );
      expect(viewer.statusCode).toBe(200);
      expect(viewer.body).not.toContain(SECRET);
      expect(viewer.body).not.toContain('child-h-draft-addendum');
      expect(viewer.body).not.toContain(draft.id);
    }
    const html = await as(
      'viewer@kestrelford.example',
      'GET',
      `/api/reports/briefing?review=${childH}&format=html`,
    );
    expect(html.body).not.toContain(SECRET);

    const before = await store.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'document.read')
      .where('entity_id', '=', draft.id)
      .execute();
    const editor = await as(
      'editor@kestrelford.example',
      'GET',
      `/api/reports/briefing?review=${childH}&format=md`,
    );
    expect(editor.body).toContain(SECRET);
    const after = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'document.read')
      .where('entity_id', '=', draft.id)
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ actor: 'editor@kestrelford.example', detail: { via: 'report' } });
  });

  it("answers another partnership's coding id, or its prefix, as it answers one that does not exist", async () => {
    const coding = await store.db
      .selectFrom('machine_codings')
      .select('id')
      .where('document_id', 'in', (eb) =>
        eb.selectFrom('review_documents').select('document_id').where('review_id', '=', childH),
      )
      .executeTakeFirstOrThrow();
    const decide = (id: string) =>
      as('editor@ashcombe.example', 'POST', `/api/codings/${id}/decision`, { decision: 'rejected' });
    const theirs = await errorOf(decide(coding.id), coding.id);
    expect(theirs.status).toBe(404);
    expect(theirs).toEqual(await errorOf(decide(MISSING), MISSING));
    const prefix = coding.id.slice(0, 6);
    const byPrefix = await errorOf(decide(prefix), prefix);
    // A prefix no coding has, for comparison.
    const ids = (await store.db.selectFrom('machine_codings').select('id').execute()).map((c) => c.id);
    const unknown = ['ffffff', 'eeeeee', 'dddddd', 'cccccc'].find((p) => !ids.some((id) => id.startsWith(p)));
    expect(byPrefix).toEqual(await errorOf(decide(unknown as string), unknown as string));
    expect(byPrefix.body).not.toMatch(/document/);
  });

  it("answers another partnership's review and recommendation as ones that do not exist, for actions", async () => {
    const rec = await store.db
      .selectFrom('items')
      .select('id')
      .where('review_id', '=', childH)
      .where('kind', '=', 'recommendation')
      .executeTakeFirstOrThrow();
    const add = (field: 'review' | 'recommendation', id: string) =>
      as('editor@ashcombe.example', 'POST', '/api/actions', { [field]: id, text: 'Audit the referrals' });
    for (const field of ['review', 'recommendation'] as const) {
      const theirs = await errorOf(
        add(field, field === 'review' ? childH : rec.id),
        field === 'review' ? childH : rec.id,
      );
      expect(theirs.status).toBe(404);
      expect(theirs).toEqual(await errorOf(add(field, MISSING), MISSING));
    }
    const list = (id: string) => as('editor@ashcombe.example', 'GET', `/api/actions?review=${id}`);
    expect(await errorOf(list(childH), childH)).toEqual(await errorOf(list(MISSING), MISSING));
  });

  it('finds partnerships by name only among those the user may see, and never lists the others', async () => {
    for (const path of ['/api/actions', '/api/reviews', '/api/analysis']) {
      const ask = (name: string) =>
        errorOf(as('nobody@example.org', 'GET', `${path}?partnership=${name}`), name);
      const theirs = await ask('ashcombe');
      expect(theirs.status).toBe(404);
      expect(theirs.body).not.toMatch(/Kestrelford|Ashcombe/i);
      expect(theirs).toEqual(await ask('qqqqqqqq'));
      // A part that several partnerships' names share is no "ambiguous" list of them either.
      expect(await ask('safeguarding')).toEqual(theirs);
    }
    // A name of one's own partnership still finds it by a part of its name.
    const own = await as('editor@ashcombe.example', 'GET', '/api/actions?partnership=ashcombe');
    expect(own.statusCode).toBe(200);
    // Uploading to another partnership: as if it did not exist.
    const upload = (partnership: string) => {
      const body = multipart({ partnership }, [{ name: 'note.txt', content: 'Case M learning note.' }]);
      const s = sessions['editor@ashcombe.example'] as { cookie: string; csrf: string };
      return app.inject({
        method: 'POST',
        url: '/api/uploads',
        headers: { ...body.headers, cookie: `${SESSION_COOKIE}=${s.cookie}`, [CSRF_HEADER]: s.csrf },
        payload: body.payload,
      });
    };
    const theirs = await errorOf(upload('kestrelford'), 'kestrelford');
    expect(theirs.status).toBe(404);
    expect(theirs).toEqual(await errorOf(upload('zzzz'), 'zzzz'));
  });

  it("numbers actions within each partnership, so one partnership's numbers say nothing of another's", async () => {
    const numbers = async (who: string) =>
      (await as(who, 'GET', '/api/actions'))
        .json<{ number: number }[]>()
        .map((a) => a.number)
        .sort((a, b) => a - b);
    for (const who of ['editor@kestrelford.example', 'editor@ashcombe.example']) {
      const mine = await numbers(who);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine).toEqual(mine.map((_, i) => i + 1));
    }
    const added = await as('editor@ashcombe.example', 'POST', '/api/actions', {
      partnership: 'Ashcombe',
      text: 'Refresh the neglect toolkit training',
    });
    expect(added.statusCode).toBe(200);
    const ashcombe = await numbers('editor@ashcombe.example');
    expect(added.json<{ number: number }>().number).toBe(ashcombe.length);
    // "Action 1" is each user's own partnership's first action.
    const one = await as('editor@ashcombe.example', 'GET', '/api/actions/1');
    expect(one.json<{ partnership: string }>().partnership).toMatch(/Ashcombe/);
  });
});
