import { describe, expect, it } from 'vitest';
import {
  characteristics,
  combinations,
  cooccurrence,
  prevalence,
  trends,
  compareWithBaseline,
} from './analyses.ts';
import { maskOf, select, type ReviewRow } from './dataset.ts';
import { recurringRecommendations, recurringThemes } from './recurrence.ts';
import type { Shown } from './suppression.ts';

const DA = 'domestic-abuse';
const MH = 'parental-mental-health';
const SM = 'parental-substance-misuse';
const NG = 'neglect';

function row(
  n: number,
  themes: string[],
  year: number | null,
  age: number | null,
  sex: 'male' | 'female' | null,
  outcome: 'death' | 'serious-harm' | null,
): ReviewRow {
  return {
    id: `r${n}`,
    subject: `Child ${n}`,
    partnership: n % 2 ? 'Northshire' : 'Southshire',
    reviewType: 'child-safeguarding-practice-review',
    year,
    ageYears: age,
    sex,
    outcome,
    cpPlan: null,
    knownToCsc: n <= 6 ? true : null,
    themes: maskOf(themes),
  };
}

// Twelve reviews, counted by hand (see the expectations below).
const ROWS: ReviewRow[] = [
  row(1, [DA, MH, SM], 2019, 0.2, 'male', 'death'),
  row(2, [DA, MH], 2019, 3, 'female', 'serious-harm'),
  row(3, [DA, SM], 2020, 0.5, 'female', 'death'),
  row(4, [DA], 2020, 14, 'male', 'death'),
  row(5, [NG], 2020, 7, 'female', 'serious-harm'),
  row(6, [DA, MH, SM, NG], 2021, 0.1, 'male', 'death'),
  row(7, [MH], 2021, 16, 'female', null),
  row(8, [DA, NG], 2021, 2, null, 'death'),
  row(9, [], 2022, null, 'male', 'serious-harm'),
  row(10, [DA], 2022, 12, 'female', 'death'),
  row(11, [DA, MH, SM], 2022, 0.9, 'male', 'death'),
  row(12, [SM], null, 5, 'female', 'serious-harm'),
];

const text = (s: Shown | undefined) => s?.text;

describe('cross-review analyses (hand-computed fixture of twelve reviews)', () => {
  it('counts theme prevalence as n of N with percentages', () => {
    const p = prevalence(ROWS, { suppress: false });
    expect(p.total.value).toBe(12);
    expect(p.rows.map((r) => [r.theme, r.n.value, r.n.percent])).toEqual([
      [DA, 8, 66.7],
      [MH, 5, 41.7],
      [SM, 5, 41.7],
      [NG, 3, 25],
    ]);
  });

  it('suppresses small numbers, and a number whose complement is small', () => {
    const p = prevalence(ROWS, { suppress: true });
    // DA: 8 of 12 would give away the 4 reviews without it; NG: 3 is small.
    expect(p.rows.map((r) => [r.theme, r.n.text, r.n.percent])).toEqual([
      [DA, '*', null],
      [MH, '5', 41.7],
      [SM, '5', 41.7],
      [NG, '<5', null],
    ]);
  });

  it('counts co-occurrence and the trigger trio', () => {
    const c = cooccurrence(ROWS, { suppress: false }, [DA, MH, SM]);
    expect(c.cells.map((line) => line.map((s) => s.value))).toEqual([
      [8, 4, 4],
      [4, 5, 3],
      [4, 3, 5],
    ]);
    const combos = combinations(ROWS, { suppress: false });
    expect(combos.map((x) => x.n.value)).toEqual([3, 4, 4, 3]);
    expect(combinations(ROWS, { suppress: true })[0]?.n.text).toBe('<5');
  });

  it('counts reviews and themes by year', () => {
    const t = trends(ROWS, { suppress: false }, [DA, MH]);
    expect(t.years).toEqual([2019, 2020, 2021, 2022]);
    expect(t.totals.map((s) => s.value)).toEqual([2, 3, 3, 3]);
    expect(t.undated.value).toBe(1);
    expect(t.rows[0]?.cells.map((s) => s.value)).toEqual([2, 2, 2, 2]);
    expect(t.rows[1]?.cells.map((s) => s.value)).toEqual([2, 0, 2, 1]);
  });

  it('counts case characteristics with "not stated", and protects a lone small cell', () => {
    const c = characteristics(ROWS, { suppress: false });
    const of = (name: string) =>
      c.breakdowns.find((b) => b.name === name)?.cells.map((x) => [x.value, x.n.value]);
    expect(of('Age')).toEqual([
      ['under-1', 4],
      ['1-5', 3],
      ['6-10', 1],
      ['11-15', 2],
      ['16-17', 1],
      ['18-plus', 0],
      ['unknown', 1],
    ]);
    expect(of('Sex')).toEqual([
      ['female', 6],
      ['male', 5],
      ['unknown', 1],
    ]);
    expect(c.breakdowns.find((b) => b.name === 'Outcome')?.cells.map((x) => x.n.percent)).toEqual([
      58.3, 33.3, 8.3,
    ]);
    const s = characteristics(ROWS, { suppress: true });
    // One small cell (1 not stated) would follow from 12 - 6 - 5: the next smallest is hidden too.
    expect(s.breakdowns.find((b) => b.name === 'Sex')?.cells.map((x) => text(x.n))).toEqual(['6', '*', '<5']);
  });

  it('never lets a suppressed number be worked out from what is shown', () => {
    // Many random selections: in every breakdown with a shown total, never exactly one hidden cell;
    // no shown count or derivable complement is from 1 to 4.
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 300; trial++) {
      const rows = ROWS.filter(() => rand() < 0.8).concat(
        ROWS.filter(() => rand() < 0.5).map((r, k) => ({ ...r, id: `x${k}` })),
      );
      const c = characteristics(rows, { suppress: true });
      for (const b of c.breakdowns) {
        const shown = b.cells.filter((x) => !x.n.suppressed).map((x) => x.n.value as number);
        const hidden = b.cells.filter((x) => x.n.suppressed).length;
        for (const v of shown) expect(v === 0 || v >= 5).toBe(true);
        if (!c.total.suppressed) expect(hidden).not.toBe(1);
      }
      const p = prevalence(rows, { suppress: true });
      for (const r of p.rows)
        if (!r.n.suppressed) {
          expect(r.n.value >= 5).toBe(true);
          const complement = rows.length - r.n.value;
          expect(complement === 0 || complement >= 5).toBe(true);
        }
      const t = trends(rows, { suppress: true });
      for (const line of t.rows) {
        const hidden = line.cells.filter((x) => x.suppressed).length;
        expect(hidden).not.toBe(1);
        line.cells.forEach((x, k) => {
          if (x.suppressed) return;
          const yearTotal = t.totals[k]?.value as number;
          expect(x.value === 0 || x.value >= 5).toBe(true);
          expect(yearTotal - x.value === 0 || yearTotal - x.value >= 5).toBe(true);
        });
      }
    }
  });

  it('filters a selection by partnership, year, age band, sex, outcome and themes', () => {
    expect(select(ROWS, { partnerships: ['Northshire'] }).map((r) => r.id)).toEqual([
      'r1',
      'r3',
      'r5',
      'r7',
      'r9',
      'r11',
    ]);
    expect(select(ROWS, { from: 2021 }).length).toBe(6);
    expect(select(ROWS, { ageBands: ['under-1'], outcomes: ['death'] }).map((r) => r.id)).toEqual([
      'r1',
      'r3',
      'r6',
      'r11',
    ]);
    expect(select(ROWS, { themes: [DA, SM] }).map((r) => r.id)).toEqual(['r1', 'r3', 'r6', 'r11']);
  });

  it('compares with a baseline side by side', () => {
    const c = compareWithBaseline(
      ROWS,
      'National 2019-22',
      [
        { measure: DA, label: 'Domestic abuse', percent: 50 },
        { measure: 'age:under-1', label: 'Under 1', percent: 36 },
      ],
      { suppress: false },
    );
    expect(
      c.rows.map((r) => [r.measure, r.local.value, r.local.percent, r.baselinePercent, r.difference]),
    ).toEqual([
      [DA, 8, 66.7, 50, 16.7],
      ['age:under-1', 4, 33.3, 36, -2.7],
    ]);
  });
});

describe('recurrence', () => {
  it('lists themes that recur across reviews, with the reviews', () => {
    const north = select(ROWS, { partnerships: ['Northshire'] });
    const r = recurringThemes(north);
    // Northshire: r1 (DA MH SM), r3 (DA SM), r5 (NG), r7 (MH), r9 (none), r11 (DA MH SM).
    expect(r.map((t) => [t.theme, t.reviews.map((x) => x.subject)])).toEqual([
      [DA, ['Child 1', 'Child 3', 'Child 11']],
      [MH, ['Child 1', 'Child 7', 'Child 11']],
      [SM, ['Child 1', 'Child 3', 'Child 11']],
    ]);
  });

  it('groups near-duplicate recommendations from different reviews', () => {
    const rec = (id: string, reviewId: string, year: number, t: string) => ({
      itemId: id,
      reviewId,
      subject: reviewId,
      ref: id,
      text: t,
      documentId: 'd',
      span: [0, t.length] as [number, number],
      year,
    });
    const groups = recurringRecommendations([
      rec(
        'a',
        'Child A',
        2019,
        'The partnership should ensure that fathers are included in pre-birth assessments.',
      ),
      rec(
        'b',
        'Child B',
        2021,
        'Agencies should ensure fathers are always included in pre-birth assessments.',
      ),
      rec('c', 'Child B', 2021, 'Review the escalation policy.'),
      rec('d', 'Child C', 2023, 'Fathers must be included in every pre-birth assessment.'),
      rec('e', 'Child A', 2019, 'Fathers should be included in pre-birth assessment training.'),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.members.map((m) => m.itemId).sort()).toEqual(['a', 'b', 'd', 'e']);
    expect(groups[0]?.shared).toEqual(expect.arrayContaining(['father', 'included', 'pre-birth']));
  });
});
