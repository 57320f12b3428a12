import { describe, expect, it } from 'vitest';
import { countIn, extractCrossCaseStatements, namedSubjects } from './cross-case.ts';

const SUBJECTS = ['Child K', 'Baby M', 'Child P', 'Child R'];
const one = (text: string, subjects = SUBJECTS) =>
  extractCrossCaseStatements([{ text, start: 100 }], subjects);

describe('counts across cases', () => {
  it('reads a stated numerator and denominator, in digits or words', () => {
    expect(countIn('In 2 out of the 3 SCRs the father was absent from assessments.')).toEqual({
      numerator: 2,
      denominator: 3,
      quantifier: null,
    });
    expect(countIn('Parental alcohol misuse featured in six of the nine reviews.')).toEqual({
      numerator: 6,
      denominator: 9,
      quantifier: null,
    });
    expect(countIn('Four of the five children were under a year old.')).toMatchObject({
      numerator: 4,
      denominator: 5,
    });
  });

  it('reads quantifiers: all, each, both, none, most, some', () => {
    expect(countIn('All of the SCRs found that records were incomplete.')?.quantifier).toBe('all');
    expect(countIn('Housing instability was present within each review.')?.quantifier).toBe('each');
    expect(countIn('Both reviews describe a father who was not seen.')).toEqual({
      numerator: 2,
      denominator: 2,
      quantifier: 'all',
    });
    expect(countIn('None of the reviews found evidence of bruising.')).toMatchObject({
      numerator: 0,
      quantifier: 'none',
    });
    expect(countIn('In the majority of cases the mother was a care leaver.')?.quantifier).toBe('most');
    expect(countIn('All three reviews found gaps in supervision.')).toEqual({
      numerator: 3,
      denominator: 3,
      quantifier: 'all',
    });
    expect(countIn('In all but one of the 6 reviews the GP held relevant information.')).toEqual({
      numerator: 5,
      denominator: 6,
      quantifier: 'most',
    });
  });

  it('reads a numerator alone: "in two of the SCRs", "in three reviews"', () => {
    expect(countIn('In two of the SCRs the health visitor had raised concerns.')).toEqual({
      numerator: 2,
      denominator: null,
      quantifier: null,
    });
    expect(countIn('In three reviews there was evidence of coercive control.')?.numerator).toBe(3);
  });

  it('reads "more than half" as most', () => {
    expect(countIn('Parental mental health was a factor in more than half of the reviews.')?.quantifier).toBe(
      'most',
    );
  });

  it('does not take general talk about children, families or reviews for a count', () => {
    expect(countIn('All children deserve to be heard.')).toBeNull();
    expect(countIn('All families go through changes.')).toBeNull();
    expect(countIn('Explore the heritage of each family we work with.')).toBeNull();
    expect(countIn('Three reviews were published by Ashcombe this year.')).toBeNull();
  });
});

describe('cross-case statements', () => {
  it('keeps the sentence with its span and count, and applies all/each to every review', () => {
    const text = 'This briefing draws on four reviews. Domestic abuse was a feature within each review.';
    const [s, ...rest] = one(text);
    expect(rest).toEqual([]);
    expect(s?.text).toBe('Domestic abuse was a feature within each review.');
    expect(s?.span).toEqual([100 + text.indexOf('Domestic'), 100 + text.length]);
    expect(s?.count.quantifier).toBe('each');
    expect(s?.applies_to).toEqual(SUBJECTS);
  });

  it('keeps a partial count as the document’s own statement when it does not say which reviews', () => {
    const [s] = one('In 3 out of the 4 SCRs there was a history of domestic abuse.');
    expect(s?.count).toEqual({ numerator: 3, denominator: 4, quantifier: null });
    expect(s?.reviews).toEqual([]);
    expect(s?.applies_to).toEqual([]);
  });

  it('applies a count to the reviews it names', () => {
    const [s] = one('In two of the reviews (Child K and Child R) the family moved home often.');
    expect(s?.count.numerator).toBe(2);
    expect(s?.applies_to).toEqual(['Child K', 'Child R']);
  });

  it('treats a sentence naming two of the reviews as a statement about them', () => {
    const [s] = one('Children K and P were both known to the youth offending team.');
    expect(s?.reviews).toEqual(['Child K', 'Child P']);
    expect(s?.count.numerator).toBe(2);
  });

  it('leaves out recommendations about reviews in general', () => {
    expect(one('All of the reviews should be shared with schools.')).toEqual([]);
    expect(one('Each review will be published on the Harbourside website.')).toEqual([]);
    expect(one('Publication is delayed by criminal proceedings in both cases.')).toEqual([]);
  });

  it('finds none in a document about one case, and keeps them in one about unnamed cases', () => {
    expect(one('In many cases fathers are not seen by health visitors.', ['Child K'])).toEqual([]);
    expect(one('Neglect featured in five of the seven reviews.', [])[0]?.count).toEqual({
      numerator: 5,
      denominator: 7,
      quantifier: null,
    });
  });

  it('a count equal to the number of reviews applies to all of them', () => {
    const [s] = one('Neglect featured in four of the four reviews.');
    expect(s?.applies_to).toEqual(SUBJECTS);
  });
});

describe('named subjects', () => {
  it('finds full names and lists of letters', () => {
    expect(namedSubjects('As with Baby M, Child R was not seen alone.', SUBJECTS)).toEqual([
      'Baby M',
      'Child R',
    ]);
    expect(namedSubjects('Cases K, P and R all involved a new partner.', SUBJECTS)).toEqual([
      'Child K',
      'Child P',
      'Child R',
    ]);
    expect(namedSubjects('The Kestrelford team met.', SUBJECTS)).toEqual([]);
  });
});
