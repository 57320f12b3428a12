/**
 * The unit of cross-review analysis: one row per review, with the characteristics the national
 * analyses count and the set of reference themes it has (a bit mask, bit i = REFERENCE_CODES[i]).
 * Every analysis in this folder is a pure function of these rows, so each is tested against
 * hand-computed figures and runs the same on either database.
 */
import { REFERENCE_CODES } from '../classify/reference-codes.ts';

export interface ReviewRow {
  id: string;
  subject: string;
  partnership: string;
  reviewType: string | null;
  year: number | null;
  ageYears: number | null;
  sex: 'male' | 'female' | null;
  outcome: 'death' | 'serious-harm' | null;
  cpPlan: 'current' | 'past' | 'never' | null;
  knownToCsc: boolean | null;
  themes: bigint;
}

export const AGE_BANDS = ['under-1', '1-5', '6-10', '11-15', '16-17', '18-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS: Record<AgeBand | 'unknown', string> = {
  'under-1': 'Under 1',
  '1-5': '1 to 5',
  '6-10': '6 to 10',
  '11-15': '11 to 15',
  '16-17': '16 to 17',
  '18-plus': '18 and over',
  unknown: 'Not stated',
};

/** The national analyses' age bands: under 1, 1-5, 6-10, 11-15, 16-17 (and adults, for SARs). */
export function ageBand(age: number | null): AgeBand | null {
  if (age === null || Number.isNaN(age)) return null;
  if (age < 1) return 'under-1';
  if (age < 6) return '1-5';
  if (age < 11) return '6-10';
  if (age < 16) return '11-15';
  if (age < 18) return '16-17';
  return '18-plus';
}

/** The filters a user can put on the reviews analysed. */
export interface Selection {
  /** Particular reviews (by id): reports on chosen reviews. */
  ids?: string[];
  /** Only reviews in these partnerships (by id): what a signed-in user may see. */
  partnershipIds?: string[];
  partnerships?: string[];
  from?: number;
  to?: number;
  reviewTypes?: string[];
  ageBands?: AgeBand[];
  sexes?: ('male' | 'female')[];
  outcomes?: ('death' | 'serious-harm')[];
  /** Reviews that have every one of these themes. */
  themes?: string[];
}

export function themeIndex(theme: string): number {
  return (REFERENCE_CODES as readonly string[]).indexOf(theme);
}

export function hasTheme(row: ReviewRow, index: number): boolean {
  return ((row.themes >> BigInt(index)) & 1n) === 1n;
}

export function themesOf(row: ReviewRow): string[] {
  return REFERENCE_CODES.filter((_, i) => hasTheme(row, i));
}

/** The mask of a list of themes; unknown themes are refused by the caller's validation. */
export function maskOf(themes: string[]): bigint {
  return themes.reduce((m, t) => {
    const i = themeIndex(t);
    return i < 0 ? m : m | (1n << BigInt(i));
  }, 0n);
}

/** Applies a selection in memory (the store applies the same filters in SQL). */
export function select(rows: ReviewRow[], s: Selection): ReviewRow[] {
  const mask = maskOf(s.themes ?? []);
  return rows.filter(
    (r) =>
      (!s.ids || s.ids.includes(r.id)) &&
      (!s.partnerships?.length || s.partnerships.includes(r.partnership)) &&
      (s.from === undefined || (r.year !== null && r.year >= s.from)) &&
      (s.to === undefined || (r.year !== null && r.year <= s.to)) &&
      (!s.reviewTypes?.length || (r.reviewType !== null && s.reviewTypes.includes(r.reviewType))) &&
      (!s.ageBands?.length || s.ageBands.includes(ageBand(r.ageYears) as AgeBand)) &&
      (!s.sexes?.length || (r.sex !== null && s.sexes.includes(r.sex))) &&
      (!s.outcomes?.length || (r.outcome !== null && s.outcomes.includes(r.outcome))) &&
      (r.themes & mask) === mask,
  );
}
