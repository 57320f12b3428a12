/**
 * Cross-review analysis over a selection of stored reviews: the pure analyses of src/analytics,
 * fed from the store, labelled with the primary codebook.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  characteristics,
  combinations,
  compareWithBaseline,
  cooccurrence,
  prevalence,
  trends,
  type Characteristics,
  type Combination,
  type Comparison,
  type Cooccurrence,
  type Prevalence,
  type Trends,
} from '../../analytics/analyses.ts';
import { AGE_BANDS, type Selection } from '../../analytics/dataset.ts';
import {
  recurringRecommendations,
  recurringThemes,
  type RecurringRecommendation,
  type RecurringTheme,
} from '../../analytics/recurrence.ts';
import { isReferenceCode } from '../../classify/reference-codes.ts';
import { LanternError } from '../../shared/errors.ts';
import { defaultCodebook } from '../../classify/codebook/codebook.ts';
import { listBaselines, loadRecommendations, loadReviewRows } from './analysis.repository.ts';

export const ANALYSES = [
  'prevalence',
  'cooccurrence',
  'combinations',
  'trends',
  'characteristics',
  'recurrence',
  'baseline',
] as const;
export type AnalysisName = (typeof ANALYSES)[number];

export interface AnalysisResult {
  selection: Selection;
  reviews: number;
  suppressed: boolean;
  prevalence?: Prevalence;
  cooccurrence?: Cooccurrence;
  combinations?: Combination[];
  trends?: Trends;
  characteristics?: Characteristics;
  recurrence?: { themes: RecurringTheme[]; recommendations: RecurringRecommendation[] };
  baseline?: Comparison;
}

/** Checks a selection's values, naming the one that is wrong. */
export function checkSelection(s: Selection): Selection {
  for (const t of s.themes ?? [])
    if (!isReferenceCode(t))
      throw new LanternError('INVALID_INPUT', `"${t}" is not a theme code; see: lantern codebook show`);
  for (const b of s.ageBands ?? [])
    if (!(AGE_BANDS as readonly string[]).includes(b))
      throw new LanternError('INVALID_INPUT', `"${b}" is not an age band: ${AGE_BANDS.join(', ')}`);
  if (s.from !== undefined && s.to !== undefined && s.from > s.to)
    throw new LanternError('INVALID_INPUT', `--from ${s.from} is after --to ${s.to}`);
  return s;
}

/**
 * Theme labels from the primary codebook's latest version (the code that is itself the reference
 * code, else its first code mapped onto it); Lantern's own codebook on a store with none yet.
 */
export async function themeLabels(db: Kysely<Database>): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('codes as c')
    .select(['c.key', 'c.label', 'c.reference_code'])
    .where(
      'c.codebook_version_id',
      '=',
      db
        .selectFrom('codebook_versions as v')
        .innerJoin('codebooks as b', 'b.id', 'v.codebook_id')
        .select('v.id')
        .where('b.is_primary', '=', true)
        .orderBy('v.version', 'desc')
        .limit(1),
    )
    .orderBy('c.position')
    .execute();
  const codes = rows.length
    ? rows.map((r) => ({ key: r.key, label: r.label, reference: r.reference_code }))
    : defaultCodebook().codes;
  const labels: Record<string, string> = {};
  for (const c of codes)
    if (c.reference && (c.key === c.reference || !labels[c.reference])) labels[c.reference] = c.label;
  return labels;
}

export interface AnalyseOptions {
  analyses?: AnalysisName[];
  suppress?: boolean;
  baseline?: string;
}

export async function analyse(
  db: Kysely<Database>,
  selection: Selection,
  o: AnalyseOptions = {},
): Promise<AnalysisResult> {
  checkSelection(selection);
  const wanted = new Set<AnalysisName>(
    o.analyses?.length ? o.analyses : ANALYSES.filter((a) => a !== 'baseline' || o.baseline),
  );
  const suppress = o.suppress ?? false;
  // Identity (ids, subjects) is fetched only when an analysis names reviews.
  const [labels, rows] = await Promise.all([
    themeLabels(db),
    loadReviewRows(db, selection, { identity: wanted.has('recurrence') }),
  ]);
  const opts = { suppress, labels };
  const result: AnalysisResult = { selection, reviews: rows.length, suppressed: suppress };
  if (wanted.has('prevalence')) result.prevalence = prevalence(rows, opts);
  if (wanted.has('cooccurrence')) result.cooccurrence = cooccurrence(rows, opts);
  if (wanted.has('combinations')) result.combinations = combinations(rows, opts);
  if (wanted.has('trends')) result.trends = trends(rows, opts);
  if (wanted.has('characteristics')) result.characteristics = characteristics(rows, opts);
  if (wanted.has('recurrence')) {
    const partnerships = new Set(rows.map((r) => r.partnership));
    if (partnerships.size > 1 && o.analyses?.includes('recurrence'))
      throw new LanternError(
        'INVALID_INPUT',
        'recurrence is within one partnership: choose it with --partnership NAME',
      );
    if (partnerships.size <= 1)
      result.recurrence = {
        themes: recurringThemes(rows, labels),
        recommendations: recurringRecommendations(
          await loadRecommendations(
            db,
            rows.map((r) => r.id),
          ),
        ),
      };
  }
  if (wanted.has('baseline')) {
    if (!o.baseline) throw new LanternError('USAGE', 'name the baseline to compare with: --baseline NAME');
    const figures = await listBaselines(db, o.baseline);
    if (figures.length === 0) {
      const known = [...new Set((await listBaselines(db)).map((b) => b.name))];
      throw new LanternError(
        'NOT_FOUND',
        `no baseline "${o.baseline}"${known.length ? `; baselines: ${known.join(', ')}` : '; add one with: lantern baseline import FILE --name NAME'}`,
      );
    }
    result.baseline = compareWithBaseline(rows, o.baseline, figures, opts);
  }
  return result;
}
