/**
 * The fictional fixture corpus (test/fixtures/corpus) is generated from its sources: the committed
 * files must be what the sources give, and every gold item must be text of its document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_CORPUS, fixtureText, goldProblems } from '../scripts/build-fixture-corpus.ts';
import { FIXTURES } from './fixtures/corpus/sources.ts';

const readLines = (file: string) =>
  readFileSync(join(FIXTURE_CORPUS, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { file: string });

describe('fixture corpus', () => {
  it('has 14 to 18 documents, each in three formats', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(14);
    expect(FIXTURES.length).toBeLessThanOrEqual(18);
    for (const doc of FIXTURES)
      for (const ext of ['txt', 'pdf', 'docx'])
        expect(existsSync(join(FIXTURE_CORPUS, ext, `${doc.name}.${ext}`))).toBe(true);
  });

  it('holds the text its sources give (run scripts/build-fixture-corpus.ts after editing them)', () => {
    for (const doc of FIXTURES)
      expect(readFileSync(join(FIXTURE_CORPUS, 'txt', `${doc.name}.txt`), 'utf8')).toBe(fixtureText(doc));
  });

  it('has gold for every file, the same in every format', () => {
    const byFile = new Map(
      [...readLines('gold.jsonl'), ...readLines('formats.gold.jsonl')].map((g) => [g.file, g]),
    );
    expect(byFile.size).toBe(FIXTURES.length * 3);
    for (const doc of FIXTURES)
      for (const ext of ['txt', 'pdf', 'docx']) {
        const file = `${doc.name}.${ext}`;
        expect(byFile.get(file)).toEqual(JSON.parse(JSON.stringify({ file, ...doc.gold })));
      }
  });

  it('takes every gold item, subject, title and publisher from its document and gives all five kinds', () => {
    for (const doc of FIXTURES) {
      expect(goldProblems(doc, fixtureText(doc), null)).toEqual([]);
      expect(Object.keys(doc.gold.items).sort()).toEqual([
        'action',
        'learning',
        'measure',
        'recommendation',
        'theme',
      ]);
    }
  });

  it('cuts the documents named "-cut" mid-word, near 2,000 characters', () => {
    const cut = FIXTURES.filter((d) => d.name.endsWith('-cut'));
    expect(cut.length).toBeGreaterThanOrEqual(4);
    for (const doc of cut) {
      const text = fixtureText(doc);
      expect(text.length).toBeGreaterThan(1700);
      expect(text.length).toBeLessThan(2300);
      expect(text).toMatch(/\p{L}$/u);
    }
  });
});
