/**
 * Extraction on documents in layouts the seed corpus does not have, against expected outputs
 * written by hand from the documents (test/fixtures/extraction/expected.jsonl): review summaries
 * with inline lists, a DOCX action plan table with RAG ratings, a one-page seven-minute briefing
 * PDF, an overview report with numbered paragraphs, a Safeguarding Adults Review.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/pipeline.ts';
import { FAMILY, itemF1 } from './helpers/score.ts';

interface Expected {
  file: string;
  reviews: {
    subject: string;
    child: { age_years: number | null; sex: string | null; outcome: string | null };
  }[];
  items: Record<string, string[]>;
}

const ROOT = join(import.meta.dirname, '..');
const expected = readFileSync(join(ROOT, 'test/fixtures/extraction/expected.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Expected);
const locate = (file: string) =>
  [join(ROOT, 'test/fixtures/extraction', file), join(ROOT, 'samples/documents', file)].find(
    existsSync,
  ) as string;

describe.each(expected)('extraction of $file', (gold) => {
  it('finds the expected reviews and what it says about each child', async () => {
    const { report } = await ingestDocument(gold.file, readFileSync(locate(gold.file)));
    expect(report.reviews.map((r) => r.subject)).toEqual(gold.reviews.map((r) => r.subject));
    report.reviews.forEach((r, i) => {
      const want = gold.reviews[i]?.child;
      expect(r.child.sex, r.subject).toBe(want?.sex);
      expect(r.child.outcome, r.subject).toBe(want?.outcome);
      if (want?.age_years == null) expect(r.child.age_years).toBeNull();
      else expect(r.child.age_years).toBeCloseTo(want.age_years, 1);
    });
  });

  it('finds the expected items of every kind (F1 >= 0.9, as the scorer matches them)', async () => {
    const { report, read } = await ingestDocument(gold.file, readFileSync(locate(gold.file)));
    for (const [kind, texts] of Object.entries(gold.items)) {
      const pred = report.items.filter((i) => FAMILY[i.kind] === kind).map((i) => i.text);
      expect(itemF1(pred, texts), `${kind}: ${JSON.stringify(pred)}`).toBeGreaterThanOrEqual(0.9);
    }
    // Every item keeps its source: the span covers the item's words in the document's text.
    for (const item of report.items) {
      const source = read.text.slice(item.span[0], item.span[1]);
      expect(source.length, item.text).toBeGreaterThan(0);
      expect(
        item.text
          .split(' ')
          .slice(0, 3)
          .every((w) => source.includes(w.replace(/[.,;:]$/, ''))),
        `${item.text} | ${source}`,
      ).toBe(true);
    }
  });
});

describe('extraction of the DOCX action plan table', () => {
  it("carries each row's owner, normalised deadline and RAG rating, and the recommendation it answers", async () => {
    const file = 'kestrelford-child-h-action-plan.docx';
    const { report } = await ingestDocument(file, readFileSync(locate(file)));
    const actions = report.items.filter((i) => i.kind === 'action');
    expect(actions.map((a) => [a.ref, a.owner, a.deadline, a.rag])).toEqual([
      ['H1', 'Kestrelford Police', '2024-03', 'green'],
      ['H1', 'Quality Assurance Subgroup', '2024-11', 'amber'],
      ['H2', "Children's Social Care", '2024-01', 'green'],
      ['H2', 'Valley Housing Association', '2024-06', 'red'],
      ['H3', 'All partner agencies', '2024-06', 'amber'],
    ]);
  });
});

describe('links in a board response', () => {
  it('chains each theme finding -> recommendation -> action -> the measure that follows', async () => {
    const file = 'kestrelford-child-h-board-response-2023.txt';
    const { report } = await ingestDocument(file, readFileSync(locate(file)));
    const index = (kind: string, ref: string) =>
      report.items.findIndex((i) => i.kind === kind && i.ref === ref);
    const finding = report.items[index('finding', 'H1')];
    const rec = index('recommendation', 'H1');
    expect(finding?.links).toContain(rec);
    const actions = (report.items[rec]?.links ?? []).map((i) => report.items[i]);
    expect(actions.map((a) => a?.kind)).toEqual(['action', 'action']);
    const measure = report.items[actions[0]?.links?.[0] ?? -1];
    expect(measure?.text).toMatch(/^A multi-agency audit in autumn 2024/);
    // Nothing in theme 1 links into theme 2.
    expect(finding?.links).not.toContain(index('recommendation', 'H2'));
    expect(actions[1]?.deadline).toBe('2024-03');
  });
});
