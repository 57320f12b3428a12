/**
 * `npm run fuzz [-- --seed N --per-type N --big-kb N]`: a larger fuzz run than the suite's. Imports
 * every generated file (good ones mixed in) into a fresh embedded store and prints, per type,
 * how many files failed with a reason, how many imported, and the slowest; then any file whose
 * reason is a program's words, any good file not imported, and any file slower than the limit.
 * Exits 1 when there is one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEmbedded } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { FUZZ_TYPES, goodFiles, malformedFiles } from './generate.ts';
import { importFuzzBatch, INTERNAL_REASON } from './run-batch.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'per-type': { type: 'string', default: '330' },
    'big-kb': { type: 'string', default: '256' },
    'limit-s': { type: 'string', default: '30' },
    verbose: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const perType = Number(values['per-type']);
const bigBytes = Number(values['big-kb']) * 1024;
const limitMs = Number(values['limit-s']) * 1000;

const files = [...(await goodFiles(seed)), ...(await malformedFiles({ seed, perType, bigBytes }))];
console.log(
  `fuzz: seed ${seed}, ${files.length} files (${perType} malformed per type, pathological files up to ${values['big-kb']} KB)`,
);
const dir = mkdtempSync(join(tmpdir(), 'lantern-fuzz-store-'));
const store = await openEmbedded(dir);
let bad = 0;
try {
  await migrateToLatest(store.db);
  const results = await importFuzzBatch(store.db, files);
  console.log('type   files  failed  imported  unchanged  max s  slowest');
  for (const type of FUZZ_TYPES) {
    const of = results.filter((r) => r.file.type === type);
    const slowest = of.reduce((a, b) => (b.ms > a.ms ? b : a), of[0] as (typeof of)[number]);
    const count = (s: string) => of.filter((r) => r.outcome.status === s).length;
    console.log(
      `${type.padEnd(6)} ${String(of.length).padStart(5)}  ${String(count('failed')).padStart(6)}  ${String(count('imported')).padStart(8)}  ${String(count('unchanged')).padStart(9)}  ${((slowest?.ms ?? 0) / 1000).toFixed(1).padStart(5)}  ${slowest?.file.name ?? ''}`,
    );
  }
  for (const r of results) {
    if (values.verbose)
      console.log(
        `${r.file.name}: ${r.outcome.status} ${(r.ms / 1000).toFixed(2)} s ${r.outcome.reason ?? ''}`,
      );
    const problem =
      r.outcome.status === 'failed' && (!r.outcome.reason || INTERNAL_REASON.test(r.outcome.reason))
        ? `internal reason: ${r.outcome.reason ?? '(none)'}`
        : r.file.good && r.outcome.status !== 'imported'
          ? `good file not imported: ${r.outcome.reason ?? r.outcome.status}`
          : r.ms > limitMs
            ? `took ${(r.ms / 1000).toFixed(1)} s`
            : null;
    if (problem) {
      bad++;
      console.log(`PROBLEM ${r.file.name}: ${problem}`);
    }
  }
  if (results.length !== files.length) {
    bad++;
    console.log(`PROBLEM ${files.length - results.length} files have no outcome`);
  }
  const reasons = new Map<string, number>();
  for (const r of results)
    if (r.outcome.reason) {
      const key = r.outcome.reason.replace(/\d+/g, 'N').slice(0, 110);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  console.log('\nreasons given:');
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
    console.log(`${String(n).padStart(5)}  ${reason}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(bad ? `\n${bad} problem(s)` : '\nno problems');
process.exitCode = bad ? 1 : 0;
