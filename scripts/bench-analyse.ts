/**
 * `npm run bench:analyse`: each cross-review analysis on a synthetic store of 10,000 reviews,
 * 500,000 items and about 2,000,000 machine codings, on the embedded store and on PostgreSQL
 * (when a server answers at $LANTERN_TEST_DATABASE_URL or 127.0.0.1:5432), and a board report
 * over 20 reviews. Target: each analysis < 200 ms; the board report < 3 s.
 *
 *   npm run bench:analyse [-- --small]   (--small: 1,000 reviews, for a quick look)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { Selection } from '../src/analytics/dataset.ts';
import { openEmbedded, openServer, type Store } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { saveBaseline } from '../src/modules/analytics/analysis.repository.ts';
import { analyse, ANALYSES, type AnalysisName } from '../src/modules/analytics/analysis.service.ts';
import { buildReport, loadReportData, renderReport } from '../src/modules/reports/report.service.ts';
import { findChromium } from '../src/reports/render-pdf.ts';
import { FULL, generateStore } from './synthetic-store.ts';

const small = process.argv.includes('--small');
const size = small ? { ...FULL, partnerships: 20, reviews: 1_000 } : FULL;
const RUNS = 7;

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const max = sorted[sorted.length - 1] as number;
  return `median ${median.toFixed(0).padStart(4)} ms, max ${max.toFixed(0).padStart(4)} ms`;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function bench(store: Store, label: string): Promise<void> {
  console.log(
    `\n== ${label}: generating ${size.reviews} reviews, ${size.reviews * size.itemsPerReview} items`,
  );
  const [genMs] = await time(() => generateStore(store.db, size, (s) => console.log(s)));
  const counts = await sql<{ reviews: string; items: string; codings: string; themes: string }>`
    select (select count(*) from reviews) reviews, (select count(*) from items) items,
           (select count(*) from machine_codings) codings, (select count(*) from review_themes) themes`.execute(
    store.db,
  );
  const c = counts.rows[0];
  console.log(
    `  store: ${c?.reviews} reviews, ${c?.items} items, ${c?.codings} machine codings, ${c?.themes} review themes; generated in ${(genMs / 1000).toFixed(1)} s`,
  );
  await saveBaseline(store.db, { name: 'Synthetic national' }, [
    { measure: 'domestic-abuse', percent: 51 },
    { measure: 'neglect', percent: 60 },
    { measure: 'age:under-1', percent: 36 },
    { measure: 'sex:male', percent: 53 },
  ]);
  const oneP = 'synthetic-7';
  const selections: [string, Selection][] = [
    ['all reviews', {}],
    [
      'filtered (2018+, under 1, domestic abuse)',
      { from: 2018, ageBands: ['under-1'], themes: ['domestic-abuse'] },
    ],
  ];
  let worst = 0;
  for (const [name, selection] of selections) {
    console.log(`  ${name}:`);
    for (const a of ANALYSES) {
      if (a === 'recurrence') continue;
      const ms: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const [t] = await time(() =>
          analyse(store.db, selection, {
            analyses: [a as AnalysisName],
            suppress: true,
            ...(a === 'baseline' ? { baseline: 'Synthetic national' } : {}),
          }),
        );
        if (i > 0) ms.push(t);
      }
      worst = Math.max(worst, ...ms);
      console.log(`    ${a.padEnd(16)} ${stats(ms)}`);
    }
  }
  const rec: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const [t] = await time(() => analyse(store.db, { partnerships: [oneP] }, { analyses: ['recurrence'] }));
    if (i > 0) rec.push(t);
  }
  worst = Math.max(worst, ...rec);
  console.log(
    `  one partnership (${size.reviews / size.partnerships} reviews):\n    ${'recurrence'.padEnd(16)} ${stats(rec)}`,
  );
  console.log(`  slowest analysis run: ${worst.toFixed(0)} ms (target < 200 ms)`);

  const ids = (
    await sql<{
      id: string;
    }>`select r.id from reviews r join partnerships p on p.id = r.partnership_id where p.slug = ${oneP} order by r.subject limit 20`.execute(
      store.db,
    )
  ).rows.map((r) => r.id);
  const formats = ['md', 'html', 'docx', ...(findChromium() ? (['pdf'] as const) : [])] as const;
  for (const format of formats) {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [t] = await time(async () => {
        const data = await loadReportData(
          store.db,
          { ids },
          { suppress: true, baseline: 'Synthetic national' },
        );
        return renderReport(buildReport('board-report', data, 'Synthetic national'), format);
      });
      ms.push(t);
    }
    console.log(`  board report over 20 reviews, ${format.padEnd(4)}: ${stats(ms)} (target < 3000 ms)`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lantern-bench-'));
const embedded = await openEmbedded(dir);
await migrateToLatest(embedded.db);
try {
  await bench(embedded, 'embedded store (PGlite)');
} finally {
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
}

const url = process.env.LANTERN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
const name = `lantern_bench_${process.pid}`;
try {
  await admin.connect();
} catch {
  console.log(`\n== PostgreSQL: no server answers at ${url}; skipped`);
  process.exit(0);
}
await admin.query(`create database ${name}`);
try {
  const u = new URL(url);
  u.pathname = `/${name}`;
  const server = await openServer(u.toString(), 5000);
  try {
    await migrateToLatest(server.db);
    await bench(server, 'PostgreSQL');
  } finally {
    await server.close();
  }
} finally {
  await admin.query(`drop database if exists ${name}`);
  await admin.end();
}
