/**
 * The HTTP API in-process (Fastify's inject), on a real store: sign-in, sessions, CSRF, tenancy,
 * roles, bad input, limits, search, codings, actions, uploads and downloads.
 */

import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import { loadConfig } from '../config/config.ts';
import { findChromium } from '../reports/render-pdf.ts';
import type { Store } from '../db/connect.ts';
import { importPaths } from '../modules/documents/import.service.ts';
import { createUser, grantRole } from '../modules/users/users.service.ts';
import { MARK_END, MARK_START } from '../modules/library/search.service.ts';
import { buildApp, CSRF_HEADER, SESSION_COOKIE } from './app.ts';
import { multipart } from '../../test/helpers/multipart.ts';
import { requestAs, signIn, type Session } from '../../test/helpers/server.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/corpus/seeds');
const SAMPLES = join(import.meta.dirname, '../../samples/documents');
const PASSWORD = 'correct horse battery staple';

describe(`HTTP API (${testEngine})`, () => {
  let store: Store;
  let app: FastifyInstance;
  let cumbria: string;
  let kestrelford: string;
  let reviewBE: string;
  const sessions: Record<string, Session> = {};

  const login = async (email: string, password = PASSWORD): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const as = (
    who: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    extra: Record<string, string> = {},
  ) => requestAs(app, sessions[who] as Session, method, url, payload, extra);

  beforeAll(async () => {
    store = await createTestStore();
    await importPaths(
      store.db,
      [
        join(SEEDS, 'cumbria-child-be-board-response-2019.txt'),
        join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt'),
      ],
      {
        actor: 'test',
        maxFileBytes: 1e7,
      },
    );
    const partnerships = await store.db.selectFrom('partnerships').select(['id', 'slug']).execute();
    cumbria = partnerships.find((p) => p.slug.startsWith('cumbria'))?.slug as string;
    kestrelford = partnerships.find((p) => p.slug.startsWith('kestrelford'))?.slug as string;
    reviewBE = (
      await store.db
        .selectFrom('reviews')
        .select('id')
        .where('subject', '=', 'Child BE')
        .executeTakeFirstOrThrow()
    ).id;
    const users: [string, string | null, string | null][] = [
      ['admin@example.org', null, null],
      ['editor@cumbria.example', cumbria, 'editor'],
      ['viewer@cumbria.example', cumbria, 'viewer'],
      ['viewer@kestrelford.example', kestrelford, 'viewer'],
    ];
    for (const [email, partnership, role] of users) {
      await createUser(store.db, {
        email,
        password: PASSWORD,
        siteAdmin: partnership === null,
        actor: 'test',
      });
      if (partnership && role) await grantRole(store.db, { email, partnership, role, actor: 'test' });
    }
    app = await buildApp({
      store,
      config: loadConfig({ LANTERN_MAX_FILE_MB: '0.05' }),
      webRoot: null,
      secureCookies: false,
    });
    for (const [email] of users) sessions[email] = await signIn(app, email, PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('signs in with a session cookie that scripts cannot read, and refuses a wrong password', async () => {
    const r = await login('editor@cumbria.example');
    const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(r.json()).toMatchObject({
      user: { email: 'editor@cumbria.example', partnerships: [{ slug: cumbria, role: 'editor' }] },
    });
    const wrong = await login('editor@cumbria.example', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' } });
    expect((await login('nobody@example.org')).statusCode).toBe(401);
    const anonymous = await app.inject({ method: 'GET', url: '/api/reviews' });
    expect(anonymous.statusCode).toBe(401);
    const session = await as('viewer@cumbria.example', 'GET', '/api/session');
    expect(session.json()).toMatchObject({ csrfToken: sessions['viewer@cumbria.example']?.csrf });
  });

  it('sends security headers and an OpenAPI document generated from the schemas', async () => {
    const r = await as('viewer@cumbria.example', 'GET', '/api/reviews');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/reviews', '/api/search', '/api/actions/{ref}', '/api/uploads']),
    );
  });

  it('refuses a change without the CSRF token of the session', async () => {
    const [action] = (await as('editor@cumbria.example', 'GET', '/api/actions')).json<
      { number: number; version: number }[]
    >();
    const s = sessions['editor@cumbria.example'] as Session;
    for (const token of [undefined, 'forged']) {
      const r = await app.inject({
        method: 'PATCH',
        url: `/api/actions/${action?.number}`,
        headers: { cookie: `${SESSION_COOKIE}=${s.cookie}`, ...(token ? { [CSRF_HEADER]: token } : {}) },
        payload: { version: action?.version, status: 'in-progress', reason: 'Started' },
      });
      expect(r.statusCode).toBe(403);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('CSRF');
    }
  });

  it("shows a user only their partnerships' reviews, and another partnership's review id is not found", async () => {
    const mine = (await as('viewer@kestrelford.example', 'GET', '/api/reviews')).json<{
      reviews: { subject: string }[];
      total: number;
    }>();
    expect(mine.reviews.map((r) => r.subject)).toEqual(['Child H']);
    const theirs = await as('viewer@kestrelford.example', 'GET', `/api/reviews/${reviewBE}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toEqual({ error: { code: 'NOT_FOUND', message: `no review ${reviewBE}` } });
    const missing = await as(
      'viewer@kestrelford.example',
      'GET',
      '/api/reviews/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no review 00000000-0000-4000-8000-000000000000' },
    });
    const search = (await as('viewer@kestrelford.example', 'GET', '/api/search?q=DARAC')).json<{
      items: unknown[];
      documents: unknown[];
    }>();
    expect(search.items).toEqual([]);
    expect(search.documents).toEqual([]);
    const actions = (await as('viewer@kestrelford.example', 'GET', '/api/actions')).json<
      { review: string }[]
    >();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.review === 'Child H')).toBe(true);
    const all = (await as('admin@example.org', 'GET', '/api/reviews')).json<{ total: number }>();
    expect(all.total).toBe(2);
  });

  it('lists reviews with facets and searches items and documents, ranked, with matched words marked', async () => {
    const page = (await as('admin@example.org', 'GET', '/api/reviews?theme=domestic-abuse')).json<{
      reviews: { subject: string }[];
      facets: { partnership: { value: string; count: number }[]; year: { value: string }[] };
    }>();
    expect(page.reviews.map((r) => r.subject).sort()).toEqual(['Child BE', 'Child H']);
    expect(page.facets.partnership).toHaveLength(2);
    const found = (await as('admin@example.org', 'GET', '/api/reviews?q=DARAC')).json<{
      reviews: { subject: string }[];
    }>();
    expect(found.reviews.map((r) => r.subject)).toEqual(['Child BE']);
    const search = (
      await as(
        'admin@example.org',
        'GET',
        `/api/search?q=${encodeURIComponent('"domestic abuse" assessment')}`,
      )
    ).json<{
      items: { snippet: string; rank: number; review: string; span: [number, number] }[];
      documents: { title: string }[];
    }>();
    expect(search.items.length).toBeGreaterThan(0);
    const marked = `${MARK_START}domestic${MARK_END} ${MARK_START}abuse${MARK_END}`;
    expect(search.items[0]?.snippet.toLowerCase()).toContain(marked);
    const ranks = search.items.map((i) => i.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(search.documents.length).toBeGreaterThan(0);
  });

  it('answers bad input with 400 and a message that names the field', async () => {
    const r = await as('admin@example.org', 'GET', '/api/reviews?ageBand=ancient');
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/querystring\.ageBand/),
    });
    const [action] = (await as('admin@example.org', 'GET', '/api/actions')).json<{ number: number }[]>();
    const bad = await as('admin@example.org', 'PATCH', `/api/actions/${action?.number}`, {
      version: 'one',
      reason: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/body\.version/);
    const empty = await as('admin@example.org', 'GET', '/api/search?q=%20');
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { message: string } }>().error.message).toBe('type something to search for');
  });

  it('lets a viewer read but answers their changes with 403', async () => {
    const review = (await as('viewer@cumbria.example', 'GET', `/api/reviews/${reviewBE}`)).json<{
      role: string;
      codings: { machineCodingId: string | null; id: string; source: string }[];
      actions: { number: number; version: number }[];
    }>();
    expect(review.role).toBe('viewer');
    const coding = review.codings.find((c) => c.source === 'machine');
    const decide = await as('viewer@cumbria.example', 'POST', `/api/codings/${coding?.id}/decision`, {
      decision: 'confirmed',
    });
    expect(decide.statusCode).toBe(403);
    const action = review.actions[0];
    const update = await as('viewer@cumbria.example', 'PATCH', `/api/actions/${action?.number}`, {
      version: action?.version,
      status: 'completed',
      reason: 'Done',
    });
    expect(update.statusCode).toBe(403);
    const upload = multipart({}, [{ name: 'note.txt', content: 'Finding 1\n\nNothing.' }]);
    const up = await as('viewer@cumbria.example', 'POST', '/api/uploads', upload.payload, upload.headers);
    expect(up.statusCode).toBe(403);
    // An editor of the partnership may.
    const ok = await as('editor@cumbria.example', 'POST', `/api/codings/${coding?.id}/decision`, {
      decision: 'confirmed',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ decision: 'confirmed', coder: 'editor@cumbria.example' });
  });

  it('updates an action against its version: a stale version gets 409 and changes nothing', async () => {
    const [action] = (
      await as('editor@cumbria.example', 'GET', `/api/actions?review=${reviewBE}&status=planned`)
    ).json<{ number: number; version: number }[]>();
    const first = await as('editor@cumbria.example', 'PATCH', `/api/actions/${action?.number}`, {
      version: action?.version,
      status: 'in-progress',
      reason: 'Work started',
    });
    expect(first.statusCode).toBe(200);
    const stale = await as('editor@cumbria.example', 'PATCH', `/api/actions/${action?.number}`, {
      version: action?.version,
      owner: 'Someone else',
      reason: 'Reassigned',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/Nothing was saved/),
    });
    const evidence = await as('editor@cumbria.example', 'POST', `/api/actions/${action?.number}/evidence`, {
      kind: 'survey',
      summary: '212 replies: 71% know the lessons',
    });
    expect(evidence.statusCode).toBe(200);
    const shown = (await as('editor@cumbria.example', 'GET', `/api/actions/${action?.number}`)).json<{
      owner: string;
      version: number;
      history: { action: string }[];
    }>();
    expect(shown.owner).not.toBe('Someone else');
    expect(shown.history.map((h) => h.action)).toEqual(['action.create', 'action.update', 'action.evidence']);
  });

  it('imports an upload, refuses one over the size limit with 413, and keeps confidential documents from viewers', async () => {
    const text = [
      'Rapid Review: Child Q',
      '',
      'Finding 1',
      '',
      'Practitioners did not see <script>alert("x")</script> the risk from domestic abuse to Child Q.',
      '',
      'Recommendation 1',
      '',
      'The partnership should audit domestic abuse referrals.',
    ].join('\n');
    const upload = multipart({ confidential: 'true' }, [{ name: 'child-q.txt', content: text }]);
    const r = await as('editor@cumbria.example', 'POST', '/api/uploads', upload.payload, upload.headers);
    expect(r.statusCode).toBe(200);
    const [outcome] = r.json<{ outcomes: { status: string; documentId: string; name: string }[] }>().outcomes;
    expect(outcome).toMatchObject({ status: 'imported', name: 'child-q.txt' });
    const doc = await as('editor@cumbria.example', 'GET', `/api/documents/${outcome?.documentId}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.json<{ text: string; confidential: boolean }>()).toMatchObject({
      confidential: true,
      text: expect.stringContaining('<script>alert("x")</script>'),
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('entity_id', '=', outcome?.documentId as string)
      .execute();
    expect(audit).toContainEqual({ actor: 'editor@cumbria.example', action: 'document.read' });
    expect(
      (await as('viewer@cumbria.example', 'GET', `/api/documents/${outcome?.documentId}`)).statusCode,
    ).toBe(404);
    const hidden = (await as('viewer@cumbria.example', 'GET', '/api/search?q=referrals')).json<{
      items: unknown[];
    }>();
    expect(hidden.items).toEqual([]);
    const big = multipart({}, [{ name: 'big.txt', content: 'x'.repeat(80 * 1024) }]);
    const tooBig = await as('editor@cumbria.example', 'POST', '/api/uploads', big.payload, big.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<{ error: { message: string } }>().error.message).toMatch(/limit/);
  });

  it('serves the dashboard, a chart and a briefing to download', async () => {
    const dash = (await as('admin@example.org', 'GET', '/api/dashboard')).json<{
      reviews: number;
      prevalence: unknown[];
      actions: { open: number; overdue: number };
    }>();
    expect(dash.reviews).toBeGreaterThanOrEqual(2);
    expect(dash.prevalence.length).toBeGreaterThan(0);
    expect(dash.actions.overdue).toBeGreaterThan(0);
    const chart = await as('admin@example.org', 'GET', '/api/charts/prevalence.svg');
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(chart.body).toMatch(/^<svg[^>]+role="img"/);
    const docx = await as(
      'editor@cumbria.example',
      'GET',
      `/api/reports/briefing?format=docx&review=${reviewBE}`,
    );
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toMatch(
      /attachment; filename="practice-learning-briefing-\d{4}-\d{2}-\d{2}\.docx"/,
    );
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    if (findChromium()) {
      const pdf = await as(
        'editor@cumbria.example',
        'GET',
        `/api/reports/seven-minute?format=pdf&review=${reviewBE}`,
      );
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const notYours = await as(
      'viewer@kestrelford.example',
      'GET',
      `/api/reports/briefing?format=md&review=${reviewBE}`,
    );
    expect(notYours.statusCode).toBe(404);
  });
});
