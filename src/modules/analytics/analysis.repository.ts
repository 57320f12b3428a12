/**
 * What the analyses read from the store: one row per selected review (filters applied in SQL),
 * baseline figures, and a partnership's recommendations for recurrence.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
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

function baseQuery(db: Kysely<Database>) {
  return db
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
}

/**
 * The selected reviews as analysis rows. Without `identity`, rows carry only what the counts need
 * (themes and characteristics; id, subject and partnership left empty), packed as one compact
 * text value: through PGlite's node-postgres bridge each row costs far more than its bytes.
 */
export async function loadReviewRows(
  db: Kysely<Database>,
  s: Selection = {},
  options: {
    identity?: boolean;
    /** A further condition on the review `r` (a full-text match, for the library's list). */
    where?: RawBuilder<boolean>;
  } = {},
): Promise<ReviewRow[]> {
  let q = baseQuery(db);
  if (options.where) q = q.where(options.where);
  // One array parameter, however many ids (a viewer's reviews, a search's matches).
  if (s.ids) q = q.where(sql<boolean>`r.id = any(${s.ids}::uuid[])`);
  if (s.partnershipIds)
    q = s.partnershipIds.length
      ? q.where('r.partnership_id', 'in', s.partnershipIds)
      : q.where(sql<boolean>`false`);
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
  if (options.identity === false) return unpackCounts(db, q);
  // With identity the rows come back as one JSON value (10,000 rows: ~350 ms as rows, ~100 ms so).
  type Packed = [
    string,
    string,
    string,
    string | null,
    number | null,
    number | null,
    string | null,
    string | null,
    string | null,
    boolean | null,
    string,
  ];
  const packed = await db
    .selectFrom(q.as('x'))
    .select(
      sql<Packed[] | null>`json_agg(json_build_array(x.id, x.subject, x.partnership, x.review_type, x.year,
        x.child_age_years, x.child_sex, x.outcome, x.cp_plan_status, x.known_to_csc, x.themes::text) order by x.id)`.as(
        'rows',
      ),
    )
    .executeTakeFirst();
  return (packed?.rows ?? []).map(
    ([id, subject, partnership, reviewType, year, ageYears, sex, outcome, cpPlan, knownToCsc, themes]) => ({
      id,
      subject,
      partnership,
      reviewType,
      year: year === null ? null : Number(year),
      ageYears,
      sex: sex as ReviewRow['sex'],
      outcome: outcome as ReviewRow['outcome'],
      cpPlan: cpPlan as ReviewRow['cpPlan'],
      knownToCsc,
      themes: BigInt(themes),
    }),
  );
}

const SEX = { m: 'male', f: 'female' } as const;
const OUTCOME = { d: 'death', s: 'serious-harm' } as const;
const PLAN = { c: 'current', p: 'past', n: 'never' } as const;

/** Rows for counting only: "themes,year,age,sex,outcome,plan,known" per review, ';' between reviews. */
async function unpackCounts(db: Kysely<Database>, q: ReturnType<typeof baseQuery>): Promise<ReviewRow[]> {
  const packed = await db
    .selectFrom(q.as('x'))
    .select(
      sql<
        string | null
      >`string_agg(concat_ws(',', x.themes, coalesce(x.year::text, ''), coalesce(x.child_age_years::text, ''),
        coalesce(left(x.child_sex, 1), ''), coalesce(left(x.outcome, 1), ''), coalesce(left(x.cp_plan_status, 1), ''),
        coalesce(left(x.known_to_csc::text, 1), '')), ';')`.as('packed'),
    )
    .executeTakeFirst();
  if (!packed?.packed) return [];
  return packed.packed.split(';').map((line) => {
    const [themes, year, age, sex, outcome, plan, known] = line.split(',');
    return {
      id: '',
      subject: '',
      partnership: '',
      reviewType: null,
      year: year ? Number(year) : null,
      ageYears: age ? Number(age) : null,
      sex: SEX[sex as keyof typeof SEX] ?? null,
      outcome: OUTCOME[outcome as keyof typeof OUTCOME] ?? null,
      cpPlan: PLAN[plan as keyof typeof PLAN] ?? null,
      knownToCsc: known === 't' ? true : known === 'f' ? false : null,
      themes: BigInt(themes ?? '0'),
    };
  });
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
