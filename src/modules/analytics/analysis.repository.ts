/**
 * What the analyses read from the store: one row per selected review (filters applied in SQL),
 * baseline figures, and a partnership's recommendations for recurrence.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { maskOf, type AgeBand, type ReviewRow, type Selection } from '../../analytics/dataset.ts';
import type { BaselineFigure } from '../../analytics/analyses.ts';
import type { Recommendation } from '../../analytics/recurrence.ts';
import { LanternError } from '../../shared/errors.ts';

const AGE_RANGES: Record<AgeBand, [number, number]> = {
  'under-1': [0, 1],
  '1-5': [1, 6],
  '6-10': [6, 11],
  '11-15': [11, 16],
  '16-17': [16, 18],
  '18-plus': [18, 1000],
};

const YEAR = sql<number | null>`case when r.published ~ '^[0-9]{4}' then substr(r.published, 1, 4)::int end`;

/** The selected reviews as analysis rows. */
export async function loadReviewRows(db: Kysely<Database>, s: Selection = {}): Promise<ReviewRow[]> {
  let q = db
    .selectFrom('reviews as r')
    .innerJoin('partnerships as p', 'p.id', 'r.partnership_id')
    .select([
      'r.id',
      'r.subject',
      'p.name as partnership',
      'r.review_type',
      YEAR.as('year'),
      'r.child_age_years',
      'r.child_sex',
      'r.outcome',
      'r.cp_plan_status',
      'r.known_to_csc',
      'r.themes',
    ]);
  if (s.ids) q = s.ids.length ? q.where('r.id', 'in', s.ids) : q.where(sql<boolean>`false`);
  if (s.partnerships?.length) {
    const wanted = s.partnerships.map((p) => p.toLowerCase());
    // A name, a slug, or part of a name ("Kestrelford").
    q = q.where((eb) =>
      eb.or([eb('p.slug', 'in', wanted), ...wanted.map((w) => eb(sql`strpos(lower(p.name), ${w})`, '>', 0))]),
    );
  }
  if (s.from !== undefined) q = q.where(YEAR, '>=', s.from);
  if (s.to !== undefined) q = q.where(YEAR, '<=', s.to);
  if (s.reviewTypes?.length) q = q.where('r.review_type', 'in', s.reviewTypes);
  if (s.ageBands?.length) {
    const bands = s.ageBands;
    q = q.where((eb) =>
      eb.or(
        bands.map((b) =>
          eb.and([
            eb('r.child_age_years', '>=', AGE_RANGES[b][0]),
            eb('r.child_age_years', '<', AGE_RANGES[b][1]),
          ]),
        ),
      ),
    );
  }
  if (s.sexes?.length) q = q.where('r.child_sex', 'in', s.sexes);
  if (s.outcomes?.length) q = q.where('r.outcome', 'in', s.outcomes);
  const mask = maskOf(s.themes ?? []);
  if (mask !== 0n)
    q = q.where(sql`r.themes & ${mask.toString()}::bigint`, '=', sql`${mask.toString()}::bigint`);
  const rows = await q.orderBy('r.id').execute();
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    partnership: r.partnership,
    reviewType: r.review_type,
    year: r.year === null ? null : Number(r.year),
    ageYears: r.child_age_years,
    sex: r.child_sex as ReviewRow['sex'],
    outcome: r.outcome as ReviewRow['outcome'],
    cpPlan: r.cp_plan_status as ReviewRow['cpPlan'],
    knownToCsc: r.known_to_csc,
    themes: BigInt(r.themes),
  }));
}

/** The recommendations of the given reviews, for recurrence. */
export async function loadRecommendations(
  db: Kysely<Database>,
  reviewIds: string[],
): Promise<(Recommendation & { year: number | null })[]> {
  if (reviewIds.length === 0) return [];
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('reviews as r', 'r.id', 'i.review_id')
    .select([
      'i.id',
      'i.review_id',
      'r.subject',
      'i.ref',
      'i.text',
      'i.document_id',
      'i.span_start',
      'i.span_end',
      YEAR.as('year'),
    ])
    .where('i.kind', '=', 'recommendation')
    .where('i.review_id', 'in', reviewIds)
    .orderBy('i.document_id')
    .orderBy('i.position')
    .execute();
  return rows.map((r) => ({
    itemId: r.id,
    reviewId: r.review_id as string,
    subject: r.subject,
    ref: r.ref,
    text: r.text,
    documentId: r.document_id,
    span: [r.span_start, r.span_end],
    year: r.year === null ? null : Number(r.year),
  }));
}

export interface BaselineRow extends BaselineFigure {
  name: string;
  source: string | null;
  period: string | null;
}

export async function listBaselines(db: Kysely<Database>, name?: string): Promise<BaselineRow[]> {
  let q = db.selectFrom('baselines').selectAll().orderBy('name').orderBy('measure');
  if (name) q = q.where('name', '=', name);
  const rows = await q.execute();
  return rows.map((r) => ({
    name: r.name,
    source: r.source,
    period: r.period,
    measure: r.measure,
    label: r.label,
    percent:
      r.percent ??
      (r.numerator !== null && r.denominator ? Math.round((r.numerator / r.denominator) * 1000) / 10 : 0),
  }));
}

export interface NewBaselineFigure {
  measure: string;
  label?: string | null;
  percent?: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

/** Saves a baseline's figures (replacing a baseline of the same name). */
export async function saveBaseline(
  db: Kysely<Database>,
  baseline: { name: string; source?: string | null; period?: string | null },
  figures: NewBaselineFigure[],
): Promise<number> {
  if (figures.length === 0) throw new LanternError('INVALID_INPUT', 'a baseline needs at least one figure');
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('baselines').where('name', '=', baseline.name).execute();
    await tx
      .insertInto('baselines')
      .values(
        figures.map((f) => ({
          name: baseline.name,
          source: baseline.source ?? null,
          period: baseline.period ?? null,
          measure: f.measure,
          label: f.label ?? null,
          percent: f.percent ?? null,
          numerator: f.numerator ?? null,
          denominator: f.denominator ?? null,
        })),
      )
      .execute();
    return figures.length;
  });
}
