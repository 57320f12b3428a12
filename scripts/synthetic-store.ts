/**
 * A generator of synthetic stores for benchmarks: partnerships, reviews with characteristics,
 * one document each, items and machine codings, made inside the database with generate_series
 * (so ten thousand reviews and two million codings take seconds, not hours), then the review
 * themes refreshed as Lantern does after coding. The text is filler; the shape is realistic.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { primaryCodebook } from '../src/modules/codebooks/codebook.repository.ts';
import { refreshReviewThemes } from '../src/modules/analytics/review-themes.repository.ts';
import { buildMissingPassages } from '../src/modules/documents/passage.repository.ts';

export interface SyntheticSize {
  partnerships: number;
  reviews: number;
  itemsPerReview: number;
  /** Machine codings per item (on average); document-level codings come on top. */
  codingsPerItem: number;
}

export const FULL: SyntheticSize = {
  partnerships: 100,
  reviews: 10_000,
  itemsPerReview: 50,
  codingsPerItem: 3.7,
};

/**
 * SQL for a varied sentence of safeguarding practice language, chosen by hashing `seed` and `n`
 * (SQL expressions): about 24,000 different sentences, so words have realistic frequencies for
 * full-text search, from very common ("child") to rare.
 */
function sentence(seed: string, n: string) {
  const h = (salt: string) => sql.raw(`abs(hashtext(${seed} || '${salt}' || (${n})::text))`);
  const subjects = [
    'Practitioners',
    'The health visitor',
    'The school',
    "Children's social care",
    'The GP',
    'Police officers',
    'The midwife',
    'Managers',
    'The partnership',
    'Agencies',
    'The social worker',
    'Housing services',
    'The hospital',
    'Early help workers',
    'The probation officer',
    'Mental health services',
    'The nursery',
    'Substance misuse services',
    'The paediatrician',
    'Youth workers',
  ];
  const verbs = [
    'did not share information about',
    'should assess',
    'did not recognise',
    'should seek assurance about',
    'missed opportunities to explore',
    'recorded but did not act on',
    'should review',
    'were not curious about',
    'escalated concerns about',
    'should train staff on',
    'did not challenge',
    'focused on the parents rather than',
  ];
  const objects = [
    'domestic abuse in the household',
    'the voice of the child',
    'the father and male carers',
    'parental substance misuse',
    'parental mental health',
    'neglect over many years',
    'injuries to a non-mobile baby',
    'safe sleeping advice',
    'criminal exploitation and county lines',
    'disguised compliance',
    'missed health appointments',
    'the family history and chronology',
    'poverty and housing',
    'a child in need plan',
    'transfer between local authorities',
    'self-harm and suicidal thoughts',
    'school attendance and exclusion',
    'coercive control after separation',
    'learning disability in a parent',
    'online grooming and sexual exploitation',
    'supervision and management oversight',
    'thresholds for a strategy discussion',
  ];
  const arr = (xs: string[]) => sql`${xs}::text[]`;
  return sql`((${arr(subjects)})[1 + ${h('s')} % ${subjects.length}] || ' ' || (${arr(verbs)})[1 + ${h('v')} % ${verbs.length}] || ' ' || (${arr(objects)})[1 + ${h('o')} % ${objects.length}] || '.')`;
}

export async function generateStore(
  db: Kysely<Database>,
  size: SyntheticSize,
  log: (s: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const step = (what: string) => log(`  ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const codebook = await primaryCodebook(db);
  const codeIds = [...codebook.codeIds.values()];

  await sql`
    insert into partnerships (slug, name)
    select 'synthetic-' || g, 'Synthetic Safeguarding Partnership ' || g from generate_series(1, ${size.partnerships}) g`.execute(
    db,
  );
  step(`${size.partnerships} partnerships`);

  // Reviews: year 2012-2025, age skewed young, sex, outcome, plan status, known to CSC.
  await sql`
    insert into reviews (partnership_id, subject, subject_key, review_type, published, child_age_text, child_age_years,
                         child_sex, outcome, cp_plan_status, known_to_csc)
    select p.id, 'Child S' || g, 'child s' || g,
      (array['serious-case-review','child-safeguarding-practice-review','rapid-review','partnership-learning-review'])[1 + g % 4],
      (2012 + (g * 7) % 14)::text,
      null,
      case when g % 10 = 0 then null else round((power((g * 37 % 1000) / 1000.0, 2) * 17.9)::numeric, 2) end,
      case g % 5 when 0 then null when 1 then 'female' when 2 then 'female' else 'male' end,
      case g % 3 when 0 then 'death' when 1 then 'serious-harm' else null end,
      (array['current','past','never', null])[1 + g % 4],
      case g % 7 when 0 then null else g % 3 <> 0 end
    from generate_series(1, ${size.reviews}) g
    join lateral (select id from partnerships order by slug offset (g % ${size.partnerships}) limit 1) p on true`.execute(
    db,
  );
  step(`${size.reviews} reviews`);

  // One document a review: a briefing of 60 sentences (~4 KB), or, for one review in ten, a full
  // overview report of 1,800 (~130 KB, some 40 pages), in paragraphs of five sentences.
  await sql`
    insert into documents (partnership_id, sha256, file_name, format, byte_size, text, title, published, kind, extractor_version, imported_by)
    select r.partnership_id, encode(sha256(r.id::text::bytea), 'hex'), 'review-' || r.subject_key || '.txt', 'txt', 20000,
      (select string_agg(${sentence('r.id::text', 'k')}, case when k % 5 = 1 then E'\n\n' else ' ' end)
       from generate_series(1, case when full_report then 1800 else 60 end) k),
      'Review of ' || r.subject, r.published,
      case when full_report then 'overview-report' else 'learning-briefing' end, 'synthetic', 'bench'
    from (select *, abs(hashtext(id::text)) % 10 = 0 as full_report from reviews) r`.execute(db);
  await sql`
    insert into review_documents (review_id, document_id)
    select r.id, d.id from reviews r join documents d on d.sha256 = encode(sha256(r.id::text::bytea), 'hex')`.execute(
    db,
  );
  await buildMissingPassages(db);
  step(`${size.reviews} documents and their passages`);

  const kinds = [
    'finding',
    'finding',
    'lesson',
    'learning',
    'recommendation',
    'recommendation',
    'action',
    'action',
    'action',
    'measure',
  ];
  await sql`
    insert into items (document_id, review_id, position, kind, ref, text, span_start, span_end, owner, deadline)
    select rd.document_id, rd.review_id, n,
      (${kinds}::text[])[1 + n % 10],
      (n + 1)::text,
      ${sentence('rd.review_id::text', 'n')} || ' ' || ${sentence('rd.review_id::text', 'n + 1000')},
      n * 100, n * 100 + 90,
      case when n % 10 between 6 and 8 then (array['Learning and Improvement Subgroup', 'Quality Assurance Subgroup', 'Children''s Social Care', 'Police', 'Health'])[1 + (n + length(rd.review_id::text)) % 5] end,
      case when n % 10 between 6 and 8 then (2016 + n % 10)::text || '-0' || (1 + n % 9) end
    from review_documents rd cross join generate_series(0, ${size.itemsPerReview - 1}) n`.execute(db);
  // Each action is tracked, as an import does; some are done, most still open.
  await sql`
    insert into actions (partnership_id, review_id, item_id, text, owner, deadline, due_on, status, created_by, updated_by)
    select d.partnership_id, i.review_id, i.id, i.text, i.owner, i.deadline,
      ((i.deadline || '-01')::date + interval '1 month' - interval '1 day')::date,
      (array['planned', 'in-progress', 'completed', 'evidenced', 'planned'])[1 + i.position % 5], 'bench', 'bench'
    from items i join documents d on d.id = i.document_id
    where i.kind = 'action'`.execute(db);
  step(`${size.reviews * size.itemsPerReview} items`);

  // Codings: each item gets codes drawn from a skewed distribution over the codebook's codes.
  const perItem = Math.floor(size.codingsPerItem);
  const extra = Math.round((size.codingsPerItem - perItem) * 10);
  await sql`
    insert into machine_codings (code_id, document_id, item_id, confidence, coder_version, component, evidence)
    select (${codeIds}::uuid[])[1 + floor(power(((abs(hashtext(i.id::text || k)) % 1000) / 1000.0), 2) * ${codeIds.length})::int],
      i.document_id, i.id, 0.5 + (abs(hashtext(i.id::text || 'c' || k)) % 500) / 1000.0, 'synthetic', 'rules',
      jsonb_build_array(jsonb_build_object('start', i.span_start, 'end', i.span_start + 20, 'source', 'rules', 'pattern', 'synthetic', 'weight', 1, 'reasons', jsonb_build_array('synthetic')))
    from items i cross join generate_series(1, ${perItem + 1}) k
    where k <= ${perItem} or abs(hashtext(i.id::text)) % 10 < ${extra}`.execute(db);
  step('item codings');
  await sql`
    insert into machine_codings (code_id, document_id, item_id, confidence, coder_version, component, evidence)
    select distinct on (d.id, code) code, d.id, null::uuid, 0.8, 'synthetic', 'rules', '[]'::jsonb
    from documents d cross join generate_series(1, 18) k
    cross join lateral (select (${codeIds}::uuid[])[1 + floor(power(((abs(hashtext(d.id::text || k)) % 1000) / 1000.0), 1.6) * ${codeIds.length})::int] as code) c`.execute(
    db,
  );
  await sql`update documents set coded_with = 'synthetic'`.execute(db);
  step('document codings');
  await refreshReviewThemes(db, null);
  step('review themes');
  await sql`analyze`.execute(db);
}
