/**
 * Accounts over HTTP, on a real store: limits on failed sign-ins (kept in the store, so every web
 * process shares them), administrators disabling accounts and removing memberships (ending
 * sessions), no-store on API answers, and report links that never come from the Host header.
 */
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import { loadConfig } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { importPaths } from '../modules/documents/import.service.ts';
import { createUser, grantRole } from '../modules/users/users.service.ts';
import { buildApp, CSRF_HEADER, SESSION_COOKIE } from './app.ts';
import type { SignInLimits } from '../modules/users/sign-in-limits.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/corpus/seeds');
const SAMPLES = join(import.meta.dirname, '../../samples/documents');
const PASSWORD = 'correct horse battery staple';

describe(`accounts over HTTP (${testEngine})`, () => {
  let store: Store;
  let app: FastifyInstance;
  let cumbria: string;
  let kestrelford: string;
  let reviewBE: string;
  const apps: FastifyInstance[] = [];

  const newApp = async (signInLimits: Partial<SignInLimits> = {}) => {
    const a = await buildApp({
      store,
      config: loadConfig({}),
      webRoot: null,
      secureCookies: false,
      signInLimits,
    });
    apps.push(a);
    return a;
  };
  const login = (
    email: string,
    password: string,
    from = '127.0.0.1',
    on: FastifyInstance = app,
  ): Promise<LightMyRequestResponse> =>
    on.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: from });
  const codes = async (n: number, email: string, password: string, from: string, on?: FastifyInstance) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await login(email, password, from, on)).statusCode);
    return out;
  };
  const session = async (email: string) => {
    const r = await login(email, PASSWORD, '10.9.9.9');
    expect(r.statusCode).toBe(200);
    return {
      cookie: r.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string,
      csrf: r.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const as = (
    s: { cookie: string; csrf: string },
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    app.inject({
      method,
      url,
      headers: { cookie: `${SESSION_COOKIE}=${s.cookie}`, [CSRF_HEADER]: s.csrf },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    store = await createTestStore();
    await importPaths(
      store.db,
      [
        join(SEEDS, 'cumbria-child-be-board-response-2019.txt'),
        join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt'),
      ],
      { actor: 'test', maxFileBytes: 1e7 },
    );
    const partnerships = await store.db.selectFrom('partnerships').select(['id', 'slug']).execute();
    cumbria = partnerships.find((p) => p.slug.startsWith('cumbria'))?.id as string;
    kestrelford = partnerships.find((p) => p.slug.startsWith('kestrelford'))?.id as string;
    reviewBE = (
      await store.db
        .selectFrom('reviews')
        .select('id')
        .where('subject', '=', 'Child BE')
        .executeTakeFirstOrThrow()
    ).id;
    const users: [string, string | null, string | null][] = [
      ['site@example.org', null, null],
      ['admin@cumbria.example', cumbria, 'admin'],
      ['editor@cumbria.example', cumbria, 'editor'],
      ['viewer@cumbria.example', cumbria, 'viewer'],
      ['both@example.org', cumbria, 'viewer'],
      ['viewer@kestrelford.example', kestrelford, 'viewer'],
      ['office1@example.org', cumbria, 'viewer'],
      ['office2@example.org', cumbria, 'viewer'],
      ['target@example.org', cumbria, 'viewer'],
      ['twice@example.org', cumbria, 'viewer'],
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
    await grantRole(store.db, {
      email: 'both@example.org',
      partnership: kestrelford,
      role: 'viewer',
      actor: 'test',
    });
    app = await newApp();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await store.close();
  });

  describe('sign-in limits', () => {
    it('count only failures: a dozen sign-ins in a minute from one address all succeed', async () => {
      expect(await codes(12, 'office1@example.org', PASSWORD, '10.1.0.1')).toEqual(Array(12).fill(200));
    });

    it('stop guessing at one account from one address, without locking its owner out elsewhere', async () => {
      expect(await codes(5, 'target@example.org', 'wrong guess number', '10.2.0.66')).toEqual(
        Array(5).fill(401),
      );
      const refused = await login('target@example.org', PASSWORD, '10.2.0.66');
      expect(refused.statusCode).toBe(429);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
        /too many failed sign-ins: try again in 15 minutes/,
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
      // The same person at their own desk is not affected.
      expect((await login('target@example.org', PASSWORD, '10.2.0.1')).statusCode).toBe(200);
      // An e-mail with no account gets the same answers: the limit tells nobody who has one.
      expect(await codes(6, 'nobody@example.org', 'wrong guess number', '10.2.0.66')).toEqual([
        401, 401, 401, 401, 401, 429,
      ]);
      const audit = await store.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor', '=', 'web:target@example.org')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([...Array(5).fill('auth.failed'), 'auth.limited']);
    });

    it('stop an address guessing at many accounts, but let in those who signed in there before', async () => {
      const limited = await newApp({ perAddress: 4 });
      const office = '10.3.0.1';
      expect((await login('office2@example.org', PASSWORD, office, limited)).statusCode).toBe(200);
      const guesses: number[] = [];
      for (const who of ['a', 'b', 'c', 'd', 'e'])
        guesses.push((await login(`${who}@example.org`, 'a wrong password', office, limited)).statusCode);
      expect(guesses).toEqual([401, 401, 401, 401, 429]);
      // A colleague who has signed in from the office before still gets in; a new account does not.
      expect((await login('office2@example.org', PASSWORD, office, limited)).statusCode).toBe(200);
      expect((await login('editor@cumbria.example', PASSWORD, office, limited)).statusCode).toBe(429);
    });

    it('admit an account guessed from many addresses only from an address it has used before', async () => {
      const limited = await newApp({ perAccount: 3 });
      expect((await login('twice@example.org', PASSWORD, '10.4.0.1', limited)).statusCode).toBe(200);
      for (const from of ['10.4.9.1', '10.4.9.2', '10.4.9.3'])
        expect((await login('twice@example.org', 'botnet guess here', from, limited)).statusCode).toBe(401);
      expect((await login('twice@example.org', PASSWORD, '10.4.0.99', limited)).statusCode).toBe(429);
      expect((await login('twice@example.org', PASSWORD, '10.4.0.1', limited)).statusCode).toBe(200);
    });

    it('hold across web processes on one store', async () => {
      const first = await newApp();
      const second = await newApp();
      expect(await codes(5, 'viewer@cumbria.example', 'wrong on the first', '10.5.0.1', first)).toEqual(
        Array(5).fill(401),
      );
      expect((await login('viewer@cumbria.example', PASSWORD, '10.5.0.1', second)).statusCode).toBe(429);
    });
  });

  it('marks every API answer no-store, so no browser or proxy keeps a copy', async () => {
    const site = await session('site@example.org');
    for (const url of ['/api/session', '/api/reviews', `/api/reviews/${reviewBE}`, '/api/admin/users'])
      expect((await as(site, 'GET', url)).headers['cache-control'], url).toBe('no-store');
    const anonymous = await app.inject({ method: 'GET', url: '/api/reviews' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it("links reports to the configured or the server's own address, never the Host header", async () => {
    const saved = process.env.LANTERN_PUBLIC_URL;
    delete process.env.LANTERN_PUBLIC_URL;
    try {
      const site = await session('site@example.org');
      const url = `/api/reports/briefing?format=md&review=${reviewBE}`;
      const headers = { cookie: `${SESSION_COOKIE}=${site.cookie}`, host: 'evil.example' };
      const md = (await app.inject({ method: 'GET', url, headers })).body;
      expect(md).toContain('## Sources');
      expect(md).not.toContain('evil.example');
      const listening = await newApp();
      await listening.listen({ port: 0, host: '127.0.0.1' });
      const { port } = listening.server.address() as { port: number };
      const viaServer = (await listening.inject({ method: 'GET', url, headers })).body;
      expect(viaServer).not.toContain('evil.example');
      expect(viaServer).toContain(`<http://127.0.0.1:${port}/documents/`);
      process.env.LANTERN_PUBLIC_URL = 'https://lantern.example.org';
      const configured = (await listening.inject({ method: 'GET', url, headers })).body;
      expect(configured).toContain('<https://lantern.example.org/documents/');
    } finally {
      if (saved === undefined) delete process.env.LANTERN_PUBLIC_URL;
      else process.env.LANTERN_PUBLIC_URL = saved;
    }
  });

  describe('administrators', () => {
    const idOf = async (email: string) =>
      (await store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
        .id;

    it('a site admin disables an account, ending its sessions, and enables it again', async () => {
      const site = await session('site@example.org');
      const viewer = await session('viewer@kestrelford.example');
      const id = await idOf('viewer@kestrelford.example');
      const r = await as(site, 'POST', `/api/admin/users/${id}/disable`);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ email: 'viewer@kestrelford.example', sessionsEnded: 1 });
      expect((await as(viewer, 'GET', '/api/session')).statusCode).toBe(401);
      expect((await login('viewer@kestrelford.example', PASSWORD, '10.6.0.1')).statusCode).toBe(401);
      const listed = await as(site, 'GET', '/api/admin/users');
      expect(
        listed
          .json<{ users: { email: string; disabled: boolean }[] }>()
          .users.find((u) => u.email === 'viewer@kestrelford.example')?.disabled,
      ).toBe(true);
      expect((await as(site, 'POST', `/api/admin/users/${id}/enable`)).statusCode).toBe(200);
      expect((await login('viewer@kestrelford.example', PASSWORD, '10.6.0.1')).statusCode).toBe(200);
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('entity_id', '=', id)
        .where('action', 'in', ['user.disable', 'user.enable'])
        .orderBy('at')
        .execute();
      expect(audit).toEqual([
        { action: 'user.disable', actor: 'site@example.org' },
        { action: 'user.enable', actor: 'site@example.org' },
      ]);
    });

    it("a partnership's admin manages its members only, and learns nothing of other partnerships'", async () => {
      const admin = await session('admin@cumbria.example');
      const listed = (await as(admin, 'GET', '/api/admin/users')).json<{
        users: { email: string; memberships: { partnershipId: string }[] }[];
      }>().users;
      expect(listed.map((u) => u.email)).not.toContain('viewer@kestrelford.example');
      expect(listed.map((u) => u.email)).not.toContain('site@example.org');
      const both = listed.find((u) => u.email === 'both@example.org');
      expect(both?.memberships.map((m) => m.partnershipId)).toEqual([cumbria]);
      // Another partnership's member and an id that exists nowhere get the same answer.
      const other = await as(
        admin,
        'POST',
        `/api/admin/users/${await idOf('viewer@kestrelford.example')}/disable`,
      );
      const none = await as(admin, 'POST', '/api/admin/users/00000000-0000-4000-8000-000000000000/disable');
      expect(other.statusCode).toBe(404);
      expect(other.body).toBe(none.body);
      // A member of other partnerships too is removed from this one, not disabled.
      const shared = await as(admin, 'POST', `/api/admin/users/${await idOf('both@example.org')}/disable`);
      expect(shared.statusCode).toBe(403);
      expect(shared.json<{ error: { message: string } }>().error.message).toMatch(
        /remove them from your partnership/,
      );
      expect(
        (await as(admin, 'POST', `/api/admin/users/${await idOf('admin@cumbria.example')}/disable`))
          .statusCode,
      ).toBe(400);
      // A viewer manages nobody.
      const viewer = await session('viewer@cumbria.example');
      expect((await as(viewer, 'GET', '/api/admin/users')).statusCode).toBe(403);
    });

    it("removing a membership ends the member's sessions and their access to the partnership", async () => {
      const admin = await session('admin@cumbria.example');
      const editor = await session('editor@cumbria.example');
      expect((await as(editor, 'GET', `/api/reviews/${reviewBE}`)).statusCode).toBe(200);
      const id = await idOf('editor@cumbria.example');
      const r = await as(admin, 'DELETE', `/api/admin/users/${id}/memberships/${cumbria}`);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ role: 'editor', sessionsEnded: 1 });
      expect((await as(editor, 'GET', '/api/session')).statusCode).toBe(401);
      const again = await session('editor@cumbria.example');
      expect((await as(again, 'GET', `/api/reviews/${reviewBE}`)).statusCode).toBe(404);
      // Given back by e-mail.
      const granted = await as(admin, 'POST', '/api/admin/memberships', {
        email: 'editor@cumbria.example',
        partnership: cumbria,
        role: 'viewer',
      });
      expect(granted.statusCode).toBe(200);
      expect((await as(again, 'GET', `/api/reviews/${reviewBE}`)).statusCode).toBe(200);
      // Not in a partnership the admin does not administer.
      const elsewhere = await as(admin, 'POST', '/api/admin/memberships', {
        email: 'editor@cumbria.example',
        partnership: kestrelford,
        role: 'viewer',
      });
      expect(elsewhere.statusCode).toBe(404);
    });
  });
});
