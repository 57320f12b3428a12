/**
 * Recurrence within one partnership: themes found in more than one of its reviews, and
 * recommendations that say nearly the same thing in different reviews ("the same lessons recur
 * review after review").
 *
 * Near-duplicates: each recommendation becomes a set of content words (lower case, stop words
 * dropped, plain singular); two recommendations from different reviews are near-duplicates when
 * the Jaccard similarity of their sets reaches SIMILARITY. Near-duplicates are grouped transitively.
 */
import { REFERENCE_CODES } from '../classify/reference-codes.ts';
import { singular } from '../classify/nlp.ts';
import { hasTheme, type ReviewRow } from './dataset.ts';

export const SIMILARITY = 0.5;

export interface RecurringTheme {
  theme: string;
  label: string;
  reviews: { id: string; subject: string; year: number | null }[];
}

/** Themes in two or more of the given reviews, most recurrent first. */
export function recurringThemes(rows: ReviewRow[], labels: Record<string, string> = {}): RecurringTheme[] {
  return REFERENCE_CODES.map((theme, i) => ({
    theme,
    label: labels[theme] ?? theme,
    reviews: rows
      .filter((r) => hasTheme(r, i))
      .map((r) => ({ id: r.id, subject: r.subject, year: r.year }))
      .sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.subject.localeCompare(b.subject)),
  }))
    .filter((t) => t.reviews.length >= 2)
    .sort((a, b) => b.reviews.length - a.reviews.length || a.theme.localeCompare(b.theme));
}

export interface Recommendation {
  itemId: string;
  reviewId: string;
  subject: string;
  ref: string | null;
  text: string;
  documentId: string;
  span: [number, number];
}

const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is be are was were been being it its this that these ' +
    'those there their they them he she his her we our you your not no so than then which who what when where how all any ' +
    'some each every more most other such into over under about after before during between through also can could would ' +
    'should may might must will shall do does did have has had ensure ensures ensuring make sure review board partnership ' +
    'lscb scp agencies agency partner partners practitioners professionals staff'
  ).split(' '),
);

export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  return new Set(
    words.map((w) => singular(w.replace(/'s$/, ''))).filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

export interface RecurringRecommendation {
  /** Similar recommendations from two or more reviews, earliest review first. */
  members: (Recommendation & { year: number | null })[];
  /** The words they share. */
  shared: string[];
}

/** Groups recommendations from different reviews that say nearly the same thing. */
export function recurringRecommendations(
  recommendations: (Recommendation & { year: number | null })[],
  similarity = SIMILARITY,
): RecurringRecommendation[] {
  const sets = recommendations.map((r) => contentWords(r.text));
  const parent = recommendations.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  const union = (a: number, b: number) => {
    parent[find(b)] = find(a);
  };
  // Recommendations with the same words are one group at once; only distinct word sets are compared.
  const bySignature = new Map<string, number>();
  const distinct: number[] = [];
  sets.forEach((s, i) => {
    const signature = [...s].sort().join(' ');
    const first = bySignature.get(signature);
    if (first === undefined) {
      bySignature.set(signature, i);
      distinct.push(i);
    } else union(first, i);
  });
  // Candidate pairs through an index of words, so unrelated recommendations are never compared.
  const byWord = new Map<string, number[]>();
  for (const i of distinct)
    for (const w of sets[i] as Set<string>) byWord.set(w, [...(byWord.get(w) ?? []), i]);
  const checked = new Set<number>();
  const n = recommendations.length;
  for (const i of distinct)
    for (const w of sets[i] as Set<string>)
      for (const j of byWord.get(w) ?? []) {
        if (j <= i || checked.has(i * n + j)) continue;
        checked.add(i * n + j);
        if (jaccard(sets[i] as Set<string>, sets[j] as Set<string>) >= similarity) union(i, j);
      }
  const groups = new Map<number, number[]>();
  recommendations.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.values()]
    .filter((g) => new Set(g.map((i) => recommendations[i]?.reviewId)).size >= 2)
    .map((g) => {
      const members = g
        .map((i) => recommendations[i] as Recommendation & { year: number | null })
        .sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.subject.localeCompare(b.subject));
      const shared = [...(sets[g[0] as number] as Set<string>)]
        .filter((w) => g.every((i) => sets[i]?.has(w)))
        .sort();
      return { members, shared };
    })
    .sort((a, b) => b.members.length - a.members.length);
}
