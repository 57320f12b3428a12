/**
 * Bounded fuzz test: 216 malformed files of every accepted type (scripts/fuzz/generate.ts,
 * seeded) and one good file of each type, imported in one batch into a real store. No crash,
 * no hang (each file within a time limit), every failure with a reason a user can act on, and
 * the good files imported. `npm run fuzz` runs a larger corpus.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_TYPES, goodFiles, malformedFiles, type FuzzFile } from '../scripts/fuzz/generate.ts';
import { importFuzzBatch, INTERNAL_REASON, type FuzzResult } from '../scripts/fuzz/run-batch.ts';
import type { Store } from '../src/db/connect.ts';
import { createTestStore, testEngine } from './helpers/test-store.ts';

const SEED = 13;
const PER_TYPE = 36;
/** Pathological files (repetition, nesting) in the suite: large enough to show a quadratic stage. */
const BIG_BYTES = 32 * 1024;
/** Per file: generous for a shared, loaded CI machine; a hang or a quadratic stage takes minutes. */
const FILE_LIMIT_MS = 15_000;

describe(`fuzz: malformed files of every type in one batch (${testEngine})`, () => {
  let store: Store;
  let files: FuzzFile[];
  let results: FuzzResult[];

  beforeAll(async () => {
    store = await createTestStore();
    files = [
      ...(await goodFiles(SEED)),
      ...(await malformedFiles({ seed: SEED, perType: PER_TYPE, bigBytes: BIG_BYTES })),
    ];
    results = await importFuzzBatch(store.db, files);
  }, 240_000);
  afterAll(async () => store.close());

  it('generates the same corpus for the same seed, at least 200 malformed files of every type', async () => {
    const malformed = files.filter((f) => !f.good);
    expect(malformed.length).toBeGreaterThanOrEqual(200);
    for (const type of FUZZ_TYPES) expect(malformed.filter((f) => f.type === type).length).toBe(PER_TYPE);
    const again = await malformedFiles({ seed: SEED, perType: 3, bigBytes: BIG_BYTES });
    expect(again.map((f) => createHash('sha256').update(f.bytes).digest('hex'))).toEqual(
      malformed
        .filter((f) => Number(f.name.slice(f.type.length + 1, f.type.length + 5)) < 3)
        .map((f) => createHash('sha256').update(f.bytes).digest('hex')),
    );
  });

  it('gives every file an outcome, each within the time limit', () => {
    expect(results.map((r) => r.file.name).sort()).toEqual(files.map((f) => f.name).sort());
    const slow = results
      .filter((r) => r.ms > FILE_LIMIT_MS)
      .map((r) => `${r.file.name} ${Math.round(r.ms)} ms`);
    expect(slow).toEqual([]);
  });

  it('fails each bad file with a reason a user can act on, never a program error', () => {
    const failed = results.filter((r) => r.outcome.status === 'failed');
    expect(failed.length).toBeGreaterThan(100);
    const internal = failed
      .filter(
        (r) => !r.outcome.reason || INTERNAL_REASON.test(r.outcome.reason) || r.outcome.reason.length < 10,
      )
      .map((r) => `${r.file.name}: ${r.outcome.reason}`);
    expect(internal).toEqual([]);
  });

  it('imports the good files of the same batch', () => {
    const good = results.filter((r) => r.file.good);
    const sorted = <T extends unknown[]>(rows: T[]) =>
      rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sorted(good.map((r) => [r.file.name, r.outcome.status, r.outcome.reason]))).toEqual(
      sorted(files.filter((f) => f.good).map((f) => [f.name, 'imported', undefined])),
    );
  });
});
