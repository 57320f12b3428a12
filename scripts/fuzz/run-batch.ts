/**
 * Imports a fuzz corpus in one batch into a store and measures each file: the outcome, its
 * reason and how long it took. Shared by the suite's bounded fuzz test and `npm run fuzz`.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { importPaths, type ImportOutcome } from '../../src/modules/documents/import.service.ts';
import type { FuzzFile } from './generate.ts';

/** Reasons that are a program's words, not a user's: never acceptable as a failure reason. */
export const INTERNAL_REASON =
  /Cannot (read|destructure)|undefined|call stack|xmldom|TypeError|RangeError|ReferenceError|SyntaxError|is not a function|at .*\.js|\[object /i;

export interface FuzzResult {
  file: FuzzFile;
  outcome: ImportOutcome;
  ms: number;
}

/** Writes `files` under a fresh temporary folder, imports them in one batch, and cleans up. */
export async function importFuzzBatch(
  db: Kysely<Database>,
  files: FuzzFile[],
  maxFileBytes = 100 * 1024 * 1024,
): Promise<FuzzResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-fuzz-'));
  try {
    const byName = new Map<string, FuzzFile>();
    for (const f of files) {
      const path = join(dir, f.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.bytes);
      byName.set(f.name, f);
    }
    const results: FuzzResult[] = [];
    let last = performance.now();
    await importPaths(db, [dir], {
      actor: 'fuzz',
      maxFileBytes,
      onStart: () => {
        last = performance.now();
      },
      onOutcome: (outcome) => {
        const now = performance.now();
        const file = byName.get(outcome.name);
        if (file) results.push({ file, outcome, ms: now - last });
        last = now;
      },
    });
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
