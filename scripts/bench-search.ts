/**
 * `npm run bench:search`: the web app's speed on a synthetic store of 10,000 reviews (500,000
 * items in varied practice language, 150,000 tracked actions) on the embedded store:
 * - full-text search (items and documents, ranked, with snippets): p50 and p95 over a mix of
 *   selective, phrase, broad and excluding queries, as a site admin and as a one-partnership user;
 * - the dashboard: its API (prevalence, trend, co-occurrence, overdue actions, the three charts),
 *   and, when Debian's Chromium is present, the page in the browser until all of that is shown;
 * - the JavaScript bundle, gzipped.
 * Targets: search p95 < 30 ms; dashboard < 1 s; bundle < 500 KB gzipped.
 *
 *   npm run bench:search [-- --small] [-- --keep DIR]   (--small: 1,000 reviews; --keep: keep the
 *   generated store in DIR and reuse it next time)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { openEmbedded } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { operator, principalForUser } from '../src/modules/access/access.ts';
import { searchLibrary } from '../src/modules/library/search.service.ts';
import { createUser, grantRole } from '../src/modules/users/users.service.ts';
import { buildApp } from '../src/server/app.ts';
import { ensureWebBuilt, findChromium, launch } from '../test/helpers/browser.ts';
import { FULL, generateStore } from './synthetic-store.ts';

const small = process.argv.includes('--small');
const size = small ? { ...FULL, partnerships: 20, reviews: 1_000 } : FULL;
const RUNS = 10;
const QUERIES = [
  'DARAC',
  '"domestic abuse"',
  'child',
  'supervision neglect',
  '"voice of the child"',
  'fathers -school',
  'county lines exploitation',
  'health visitor safe sleeping',
  'coercive control OR separation',
  'paediatrician injuries',
  'thresholds strategy discussion',
  'housing poverty',
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms, p95 ${pct(xs, 95).toFixed(1).padStart(6)} ms, max ${Math.max(
    ...xs,
  )
    .toFixed(1)
    .padStart(6)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

// --keep DIR keeps the generated store in DIR and reuses it on the next run (generation takes minutes).
const keepAt = process.argv.indexOf('--keep');
const keep = keepAt >= 0 ? (process.argv[keepAt + 1] as string) : null;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'lantern-bench-search-'));
const reuse = keep !== null && existsSync(join(dir, 'store'));
const store = await openEmbedded(join(dir, 'store'));
try {
  await migrateToLatest(store.db);
  let genMs = 0;
  if (reuse) console.log(`== reusing the store in ${dir}`);
  else {
    console.log(
      `== generating ${size.reviews} reviews, ${size.reviews * size.itemsPerReview} items (embedded store)`,
    );
    [genMs] = await timed(() => generateStore(store.db, size, (s) => console.log(s)));
  }
  const counts = (
    await sql<{ reviews: string; items: string; documents: string; actions: string }>`
      select (select count(*) from reviews) reviews, (select count(*) from items) items,
             (select count(*) from documents) documents, (select count(*) from actions) actions`.execute(
      store.db,
    )
  ).rows[0];
  console.log(
    `   ${counts?.reviews} reviews, ${counts?.documents} documents, ${counts?.items} items, ${counts?.actions} actions in ${(genMs / 1000).toFixed(0)} s`,
  );

  const slug = (
    await store.db.selectFrom('partnerships').select('slug').orderBy('slug').executeTakeFirstOrThrow()
  ).slug;
  await store.db.deleteFrom('users').execute();
  const userId = await createUser(store.db, {
    email: 'editor@bench.example',
    password: 'a long bench password',
    actor: 'bench',
  });
  await grantRole(store.db, {
    email: 'editor@bench.example',
    partnership: slug,
    role: 'editor',
    actor: 'bench',
  });
  const principals = {
    'site admin (all partnerships)': operator('bench'),
    'one-partnership editor': await principalForUser(store.db, userId),
  };

  console.log(
    `\n== search: ${QUERIES.length} queries x ${RUNS} runs after a warm-up (items top 20 + documents top 10, with snippets)`,
  );
  for (const [label, principal] of Object.entries(principals)) {
    for (const q of QUERIES) await searchLibrary(store.db, principal, q);
    const all: number[] = [];
    const perQuery: string[] = [];
    for (const q of QUERIES) {
      const ms: number[] = [];
      let shown = '';
      for (let i = 0; i < RUNS; i++) {
        const [t, r] = await timed(() => searchLibrary(store.db, principal, q));
        ms.push(t);
        shown = `${r.items.length + r.documents.length} hits${r.capped ? ', capped' : ''}; items by ${r.methods.items}, passages by ${r.methods.passages}`;
      }
      all.push(...ms);
      perQuery.push(`   ${q.padEnd(34)} ${fmt(ms)}  (${shown})`);
    }
    console.log(`-- ${label}: ${fmt(all)}`);
    console.log(perQuery.join('\n'));
  }

  const app = await buildApp({
    store,
    config: loadConfig({}),
    secureCookies: false,
    webRoot: join(import.meta.dirname, '../dist/web'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await createUser(store.db, {
    email: 'admin@bench.example',
    password: 'a long bench password',
    siteAdmin: true,
    actor: 'bench',
  });
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.example', password: 'a long bench password' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const get = async (path: string) => {
    const r = await fetch(`${url}${path}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    await r.arrayBuffer();
  };
  // The reviews page with a search: the list with its facets, and the hits, as the app asks for them.
  console.log('\n== the reviews page with a search (GET /api/reviews?q= and /api/search?q=, side by side)');
  const pageMs: number[] = [];
  const listMs: number[] = [];
  for (const q of QUERIES) {
    const query = encodeURIComponent(q);
    await Promise.all([get(`/api/reviews?q=${query}`), get(`/api/search?q=${query}`)]);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await Promise.all([
        timed(() => get(`/api/reviews?q=${query}`)).then(([t]) => listMs.push(t)),
        get(`/api/search?q=${query}`),
      ]);
      pageMs.push(performance.now() - t0);
    }
  }
  console.log(`   both answered: ${fmt(pageMs)}`);
  console.log(`   the list with facets alone: ${fmt(listMs)}`);

  console.log('\n== dashboard');
  const api: number[] = [];
  await get('/api/dashboard');
  for (let i = 0; i < 7; i++) api.push((await timed(() => get('/api/dashboard')))[0]);
  console.log(
    `   GET /api/dashboard (its figures, its three charts as SVG, the overdue actions): ${fmt(api)}`,
  );
  // The page and the bundle are measured on the built app (built here when its sources are newer).
  ensureWebBuilt();
  if (findChromium()) {
    const browser = await launch();
    const context = await browser.newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();
    const loads: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await page.goto(url);
      // Loaded: the figures, the charts and the overdue actions are on the page.
      await page.waitForSelector('img.chart', { state: 'attached' });
      await page.waitForSelector('#overdue');
      loads.push(performance.now() - t0);
    }
    await browser.close();
    console.log(
      `   the dashboard page in Chromium, from navigation until its figures, charts and overdue actions are shown: ${fmt(loads)}`,
    );
  } else console.log('   (Chromium not found: page load in the browser not measured)');
  await app.close();

  const assets = join(import.meta.dirname, '../dist/web/assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
  const raw = js.reduce((n, f) => n + readFileSync(join(assets, f)).length, 0);
  console.log(
    `\n== bundle: ${js.length} JavaScript file(s), ${(raw / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`,
  );
} finally {
  await store.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
