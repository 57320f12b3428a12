/**
 * Each document's import is one transaction: kill -9 an import of 200 documents midway, and the
 * store must hold some documents completely and the rest not at all; a re-run completes it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/connect.ts';
import { ingestDocument } from '../../src/ingest/pipeline.ts';
import { runLantern, spawnLantern, tempDir } from '../helpers/cli.ts';

const COUNT = 200;

/** A small board response; documents differ in subject and in how many items they hold. */
function writeDocuments(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: COUNT }, (_, n) => {
    const recommendations = Array.from(
      { length: 1 + (n % 7) },
      (_, k) => `- Recommendation ${k + 1} for review ${n}: partners should audit plans of type ${k}.`,
    );
    const file = join(dir, `review-${String(n).padStart(3, '0')}.md`);
    writeFileSync(
      file,
      [
        `# Review of Child C${n}`,
        '',
        `## Finding C${n}.1`,
        '',
        `Agencies did not share information in case ${n}.`,
        '',
        '## Recommendations',
        '',
        ...recommendations,
        '',
      ].join('\n'),
    );
    return file;
  });
}

describe('an import killed with SIGKILL midway', () => {
  it('leaves every document fully imported or absent, and a re-run completes it', async () => {
    const root = tempDir('lantern-crash-');
    const files = writeDocuments(join(root, 'docs'));
    const dataDir = join(root, 'store');
    const expectedItems = new Map<string, number>();
    for (const file of files) {
      const { report } = await ingestDocument(file, readFileSync(file));
      expectedItems.set(report.source.sha256, report.items.length);
    }

    const child = spawnLantern(['--data-dir', dataDir, 'import', join(root, 'docs')]);
    let imported = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        imported += (d.toString().match(/^imported/gm) ?? []).length;
        if (imported >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('close', () =>
        reject(new Error(`the import finished before it could be killed (${imported} imported)`)),
      );
    });
    await new Promise((resolve) => child.on('close', resolve));

    let before: number;
    const store = await openEmbedded(dataDir);
    try {
      const docs = await store.db
        .selectFrom('documents as d')
        .select([
          'd.sha256',
          (eb) =>
            eb
              .selectFrom('items')
              .select(eb.fn.countAll<string>().as('n'))
              .whereRef('items.document_id', '=', 'd.id')
              .as('items'),
        ])
        .execute();
      expect(docs.length).toBeGreaterThanOrEqual(40);
      expect(docs.length).toBeLessThan(COUNT);
      for (const d of docs) expect(Number(d.items)).toBe(expectedItems.get(d.sha256));
      const reviews = await store.db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(reviews.n)).toBe(docs.length);
      const audits = await store.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'document.import')
        .executeTakeFirstOrThrow();
      expect(Number(audits.n)).toBe(docs.length);
      const orphans = await store.db
        .selectFrom('documents as d')
        .leftJoin('document_files as f', 'f.document_id', 'd.id')
        .select('d.id')
        .where('f.document_id', 'is', null)
        .execute();
      expect(orphans).toEqual([]);
      before = docs.length;
    } finally {
      await store.close();
    }

    const rerun = await runLantern(['--data-dir', dataDir, 'import', join(root, 'docs')]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(
      `${COUNT} files: ${COUNT - before} imported, ${before} unchanged, 0 failed`,
    );
  }, 120_000);
});
