/**
 * Extraction quality as the shared scorer measures it, on every corpus this repository can see:
 * the fictional fixtures in .txt, PDF and DOCX (always), and the shared seeds and real texts in
 * every format when ../shared is beside the repository (as in CI). The floors sit a little below
 * what extraction reaches today, so a change that loses ground fails here; the targets of issue
 * 14 are in the README's extraction section and `npm run bench:extract`.
 */
import { describe, expect, it } from 'vitest';
import { scoreSet, SETS, type SetScore } from '../scripts/eval-corpus.ts';

interface Floor {
  items: number;
  reviews: number;
}

const FLOORS: Record<string, Floor> = {
  seeds: { items: 0.99, reviews: 1 },
  real: { items: 0.96, reviews: 0.97 },
  'seeds-pdf': { items: 0.92, reviews: 0.95 },
  'seeds-docx': { items: 0.96, reviews: 0.95 },
  'real-pdf': { items: 0.95, reviews: 0.95 },
  'real-docx': { items: 0.95, reviews: 0.95 },
  fixtures: { items: 0.91, reviews: 0.97 },
  'fixtures-pdf': { items: 0.89, reviews: 0.97 },
  'fixtures-docx': { items: 0.91, reviews: 0.95 },
};

describe.each(SETS.map((s) => ({ name: s.name, set: s })))('extraction quality on $name', ({ name, set }) => {
  it('keeps items and reviews at or above their floors', async () => {
    const score: SetScore | null = await scoreSet(set);
    if (!score) return; // ../shared is not beside this checkout
    const floor = FLOORS[name] as Floor;
    expect(score.summary.items.all?.f1, `${name} items`).toBeGreaterThanOrEqual(floor.items);
    expect(score.summary.reviews.f1, `${name} reviews`).toBeGreaterThanOrEqual(floor.reviews);
  }, 120_000);
});
