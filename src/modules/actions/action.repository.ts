/**
 * The tracker's SQL: actions, their measures, evidence and themes. Rows are mapped to records
 * here; the rules (overdue, RAG, rights) live in the service.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { machineCodingStands } from '../analytics/review-themes.repository.ts';

/** Where a piece of text came from: a document and a span in it. */
export interface SourceRef {
  itemId: string;
  kind: string;
  ref: string | null;
  text: string;
  documentId: string;
  fileName: string;
  span: [number, number];
}

export interface ActionRecord {
  id: string;
  number: number;
  partnershipId: string;
  partnership: string;
  reviewId: string | null;
  review: string | null;
  text: string;
  owner: string | null;
  deadline: string | null;
  dueOn: string | null;
  status: string;
  rag: string | null;
  completedOn: string | null;
  supersededBy: number | null;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  /** The extracted action it was seeded from; null when added by hand. */
  source: SourceRef | null;
  recommendation: SourceRef | null;
  /** Drawn from a confidential document (its own or its recommendation's). */
  confidential: boolean;
}

export interface MeasureRecord {
  id: string;
  actionId: string;
  text: string;
  /** The "how will we know" item it came from; null when written by hand. */
  source: SourceRef | null;
  createdBy: string;
}

export interface EvidenceRecord {
  id: string;
  actionId: string;
  measureId: string | null;
  kind: string;
  summary: string;
  occurredOn: string;
  documentId: string | null;
  reference: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface ActionFilter {
  ids?: string[];
  /** Partnerships to include; null or absent means all. */
  partnershipIds?: string[] | null;
  reviewId?: string;
  statuses?: string[];
  /** Leave out actions drawn from confidential documents in these partnerships. */
  hideConfidentialIn?: string[];
  /** Only actions due before this day (YYYY-MM-DD), earliest first. */
  dueBefore?: string;
  limit?: number;
}

/** The WHERE conditions of a filter, over `actions a` alone (so they can pick rows before any join). */
function conditions(filter: ActionFilter) {
  const where = [sql`true`];
  if (filter.ids) where.push(sql`a.id = any(${filter.ids}::uuid[])`);
  if (filter.partnershipIds) where.push(sql`a.partnership_id = any(${filter.partnershipIds}::uuid[])`);
  if (filter.reviewId) where.push(sql`a.review_id = ${filter.reviewId}`);
  if (filter.statuses?.length) where.push(sql`a.status = any(${filter.statuses}::text[])`);
  if (filter.dueBefore) where.push(sql`a.due_on < ${filter.dueBefore}::date`);
  if (filter.hideConfidentialIn?.length)
    where.push(
      sql`not (a.partnership_id = any(${filter.hideConfidentialIn}::uuid[]) and exists (
        select 1 from items x join documents xd on xd.id = x.document_id
        where x.id in (a.item_id, a.recommendation_id) and xd.confidential))`,
    );
  return sql.join(where, sql` and `);
}

/** How many actions match, and how many of them are due before `today`. */
export async function countActions(
  db: Kysely<Database>,
  filter: ActionFilter,
  today: string,
): Promise<{ total: number; dueBefore: number }> {
  const { rows } = await sql<{ total: string; due: string }>`
    select count(*) as total, count(*) filter (where a.due_on < ${today}::date) as due
    from actions a
    where ${conditions(filter)}`.execute(db);
  return { total: Number(rows[0]?.total ?? 0), dueBefore: Number(rows[0]?.due ?? 0) };
}

type Row = Record<string, unknown>;

function source(row: Row, prefix: 's' | 'r'): SourceRef | null {
  if (!row[`${prefix}_id`]) return null;
  return {
    itemId: row[`${prefix}_id`] as string,
    kind: row[`${prefix}_kind`] as string,
    ref: row[`${prefix}_ref`] as string | null,
    text: row[`${prefix}_text`] as string,
    documentId: row[`${prefix}_document_id`] as string,
    fileName: row[`${prefix}_file_name`] as string,
    span: [row[`${prefix}_start`] as number, row[`${prefix}_end`] as number],
  };
}

/** Actions matching the filter, by partnership, then number. */
export async function selectActions(db: Kysely<Database>, filter: ActionFilter): Promise<ActionRecord[]> {
  // The actions are chosen first, on their own table (and its indexes), then joined.
  const { rows } = await sql<Row>`
    with chosen as materialized (
      select a.id from actions a
      where ${conditions(filter)}
      ${filter.dueBefore ? sql`order by a.due_on, a.number` : sql``}
      ${filter.limit ? sql`limit ${filter.limit}` : sql``}
    )
    select a.*, p.name as partnership_name, rv.subject as review_subject, sup.number as superseded_number,
      s.id as s_id, s.kind as s_kind, s.ref as s_ref, s.text as s_text, s.document_id as s_document_id,
      sd.file_name as s_file_name, s.span_start as s_start, s.span_end as s_end,
      r.id as r_id, r.kind as r_kind, r.ref as r_ref, r.text as r_text, r.document_id as r_document_id,
      rd.file_name as r_file_name, r.span_start as r_start, r.span_end as r_end,
      coalesce(sd.confidential, false) or coalesce(rd.confidential, false) as confidential
    from chosen c
    join actions a on a.id = c.id
    join partnerships p on p.id = a.partnership_id
    left join reviews rv on rv.id = a.review_id
    left join actions sup on sup.id = a.superseded_by
    left join items s on s.id = a.item_id
    left join documents sd on sd.id = s.document_id
    left join items r on r.id = a.recommendation_id
    left join documents rd on rd.id = r.document_id
    order by ${filter.dueBefore ? sql`a.due_on, a.number` : sql`p.name, a.number`}`.execute(db);
  return rows.map((row) => ({
    id: row.id as string,
    number: row.number as number,
    partnershipId: row.partnership_id as string,
    partnership: row.partnership_name as string,
    reviewId: row.review_id as string | null,
    review: row.review_subject as string | null,
    text: row.text as string,
    owner: row.owner as string | null,
    deadline: row.deadline as string | null,
    dueOn: row.due_on as string | null,
    status: row.status as string,
    rag: row.rag as string | null,
    completedOn: row.completed_on as string | null,
    supersededBy: (row.superseded_number as number | null) ?? null,
    version: row.version as number,
    createdBy: row.created_by as string,
    createdAt: row.created_at as Date,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as Date,
    source: source(row, 's'),
    recommendation: source(row, 'r'),
    confidential: row.confidential as boolean,
  }));
}

/**
 * The ids of the actions with this number (one per partnership at most), or whose id starts with
 * this text, among the partnerships given (null: all of them).
 */
export async function findActionIds(
  db: Kysely<Database>,
  ref: string,
  partnershipIds: string[] | null,
): Promise<string[]> {
  const text = ref.trim().replace(/^#|^action\s+/i, '');
  let q = db.selectFrom('actions').select('id');
  if (partnershipIds !== null) q = q.where(sql<boolean>`partnership_id = any(${partnershipIds}::uuid[])`);
  if (/^\d{1,9}$/.test(text)) {
    const rows = await q.where('number', '=', Number(text)).execute();
    return rows.map((r) => r.id);
  }
  if (!/^[0-9a-f-]{4,36}$/i.test(text)) return [];
  const rows = await q
    .where(sql<string>`id::text`, 'like', `${text.toLowerCase()}%`)
    .limit(5)
    .execute();
  return rows.map((r) => r.id);
}

export async function selectMeasures(db: Kysely<Database>, actionIds: string[]): Promise<MeasureRecord[]> {
  if (actionIds.length === 0) return [];
  const { rows } = await sql<Row>`
    select m.id, m.action_id, m.text, m.created_by,
      s.id as s_id, s.kind as s_kind, s.ref as s_ref, s.text as s_text, s.document_id as s_document_id,
      d.file_name as s_file_name, s.span_start as s_start, s.span_end as s_end
    from action_measures m
    left join items s on s.id = m.item_id
    left join documents d on d.id = s.document_id
    where m.action_id = any(${actionIds}::uuid[])
    order by m.action_id, s.position nulls last, m.created_at`.execute(db);
  return rows.map((row) => ({
    id: row.id as string,
    actionId: row.action_id as string,
    text: row.text as string,
    source: source(row, 's'),
    createdBy: row.created_by as string,
  }));
}

export async function selectEvidence(db: Kysely<Database>, actionIds: string[]): Promise<EvidenceRecord[]> {
  if (actionIds.length === 0) return [];
  const rows = await db
    .selectFrom('action_evidence')
    .selectAll()
    .where('action_id', 'in', actionIds)
    .orderBy('occurred_on')
    .orderBy('recorded_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actionId: r.action_id,
    measureId: r.measure_id,
    kind: r.kind,
    summary: r.summary,
    occurredOn: r.occurred_on,
    documentId: r.document_id,
    reference: r.reference,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}

/**
 * The reference themes each action addresses: those a person gave it, and those coded on its own
 * item or on the recommendation it answers, counting people's decisions on the codings. (Not the
 * findings behind the recommendation: a finding names every theme of the case, an action few.)
 */
export async function selectActionThemes(
  db: Kysely<Database>,
  actionIds: string[],
): Promise<{ actionId: string; theme: string; origin: 'user' | 'chain' }[]> {
  if (actionIds.length === 0) return [];
  const { rows } = await sql<{ action_id: string; theme: string; origin: 'user' | 'chain' }>`
    with chain as (
      select a.id as action_id, a.item_id as item_id from actions a
      where a.id = any(${actionIds}::uuid[]) and a.item_id is not null
      union
      select a.id, a.recommendation_id from actions a
      where a.id = any(${actionIds}::uuid[]) and a.recommendation_id is not null
    ),
    coded as (
      select c.action_id, k.reference_code as theme
      from chain c
      join machine_codings m on m.item_id = c.item_id
      join codes k on k.id = m.code_id
      where k.reference_code is not null and ${machineCodingStands('m')}
      union
      select c.action_id, k.reference_code
      from chain c
      join human_codings h on h.item_id = c.item_id and h.decision in ('added', 'confirmed')
      join codes k on k.id = h.code_id
      where k.reference_code is not null
    )
    select action_id, theme, 'user' as origin from action_themes where action_id = any(${actionIds}::uuid[])
    union
    select action_id, theme, 'chain' from coded c
    where not exists (select 1 from action_themes t where t.action_id = c.action_id and t.theme = c.theme)
    order by action_id, theme`.execute(db);
  return rows.map((r) => ({ actionId: r.action_id, theme: r.theme, origin: r.origin }));
}

export interface NewAction {
  partnershipId: string;
  reviewId: string | null;
  itemId: string | null;
  recommendationId: string | null;
  text: string;
  owner: string | null;
  deadline: string | null;
  dueOn: string | null;
  status: string;
  completedOn: string | null;
  createdBy: string;
}

export async function insertActions(
  db: Kysely<Database>,
  actions: NewAction[],
): Promise<{ id: string; number: number }[]> {
  if (actions.length === 0) return [];
  // Numbers count within each partnership. Locking the partnerships' rows makes two transactions
  // that add actions to one partnership take turns, so they never pick the same number.
  const partnershipIds = [...new Set(actions.map((a) => a.partnershipId))].sort();
  await sql`select id from partnerships where id = any(${partnershipIds}::uuid[]) order by id for update`.execute(
    db,
  );
  const { rows: last } = await sql<{ partnership_id: string; last: number }>`
    select partnership_id, max(number)::int as last from actions
    where partnership_id = any(${partnershipIds}::uuid[]) group by partnership_id`.execute(db);
  const next = new Map(last.map((r) => [r.partnership_id, r.last]));
  const numberFor = (partnershipId: string) => {
    const n = (next.get(partnershipId) ?? 0) + 1;
    next.set(partnershipId, n);
    return n;
  };
  const numbered = actions.map((a) => ({ ...a, number: numberFor(a.partnershipId) }));
  const rows = await db
    .insertInto('actions')
    .values(
      numbered.map((a) => ({
        number: a.number,
        partnership_id: a.partnershipId,
        review_id: a.reviewId,
        item_id: a.itemId,
        recommendation_id: a.recommendationId,
        text: a.text,
        owner: a.owner,
        deadline: a.deadline,
        due_on: a.dueOn,
        status: a.status,
        completed_on: a.completedOn,
        created_by: a.createdBy,
        updated_by: a.createdBy,
      })),
    )
    .returning(['id', 'number', 'partnership_id'])
    .execute();
  // In the order of `actions`, whatever order the rows come back in.
  const byKey = new Map(rows.map((r) => [`${r.partnership_id}/${r.number}`, { id: r.id, number: r.number }]));
  return numbered.map((a) => byKey.get(`${a.partnershipId}/${a.number}`) as { id: string; number: number });
}

export async function insertMeasures(
  db: Kysely<Database>,
  measures: { actionId: string; itemId: string | null; text: string; createdBy: string }[],
): Promise<string[]> {
  if (measures.length === 0) return [];
  const rows = await db
    .insertInto('action_measures')
    .values(
      measures.map((m) => ({
        action_id: m.actionId,
        item_id: m.itemId,
        text: m.text,
        created_by: m.createdBy,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertActionThemes(
  db: Kysely<Database>,
  actionId: string,
  themes: string[],
  addedBy: string,
): Promise<void> {
  if (themes.length === 0) return;
  await db
    .insertInto('action_themes')
    .values(themes.map((theme) => ({ action_id: actionId, theme, added_by: addedBy })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface ActionChanges {
  text?: string;
  owner?: string | null;
  deadline?: string | null;
  dueOn?: string | null;
  status?: string;
  rag?: string | null;
  completedOn?: string | null;
  supersededBy?: string | null;
  recommendationId?: string | null;
}

/**
 * Applies changes only if the action is still at `expectedVersion`, and bumps the version.
 * Returns the new version, or null when the action has moved on (or is gone).
 */
export async function updateActionIfVersion(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  changes: ActionChanges,
  updatedBy: string,
): Promise<number | null> {
  const values: Record<string, unknown> = {};
  if (changes.text !== undefined) values.text = changes.text;
  if (changes.owner !== undefined) values.owner = changes.owner;
  if (changes.deadline !== undefined) values.deadline = changes.deadline;
  if (changes.dueOn !== undefined) values.due_on = changes.dueOn;
  if (changes.status !== undefined) values.status = changes.status;
  if (changes.rag !== undefined) values.rag = changes.rag;
  if (changes.completedOn !== undefined) values.completed_on = changes.completedOn;
  if (changes.supersededBy !== undefined) values.superseded_by = changes.supersededBy;
  if (changes.recommendationId !== undefined) values.recommendation_id = changes.recommendationId;
  const row = await db
    .updateTable('actions')
    .set({
      ...values,
      version: sql<number>`version + 1`,
      updated_by: updatedBy,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? null;
}

export async function insertEvidence(
  db: Kysely<Database>,
  evidence: Omit<EvidenceRecord, 'id' | 'recordedAt'>,
): Promise<{ id: string; recordedAt: Date }> {
  const row = await db
    .insertInto('action_evidence')
    .values({
      action_id: evidence.actionId,
      measure_id: evidence.measureId,
      kind: evidence.kind,
      summary: evidence.summary,
      occurred_on: evidence.occurredOn,
      document_id: evidence.documentId,
      reference: evidence.reference,
      recorded_by: evidence.recordedBy,
    })
    .returning(['id', 'recorded_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, recordedAt: row.recorded_at };
}

/** A document's extracted actions that are not tracked yet, with the items linked to them. */
export async function untrackedActionItems(
  db: Kysely<Database>,
  documentId: string,
): Promise<
  {
    id: string;
    partnershipId: string;
    reviewId: string | null;
    text: string;
    owner: string | null;
    deadline: string | null;
    recommendationId: string | null;
    measures: { id: string; text: string }[];
  }[]
> {
  const { rows } = await sql<Row>`
    select i.id, d.partnership_id, i.review_id, i.text, i.owner, i.deadline,
      (select l.from_item_id from item_links l join items r on r.id = l.from_item_id
        where l.to_item_id = i.id and r.kind = 'recommendation' order by r.position limit 1) as recommendation_id,
      coalesce((select json_agg(json_build_object('id', m.id, 'text', m.text) order by m.position)
        from item_links l join items m on m.id = l.to_item_id and m.kind = 'measure'
        where l.from_item_id = i.id), '[]') as measures
    from items i join documents d on d.id = i.document_id
    where i.document_id = ${documentId} and i.kind = 'action'
      and not exists (select 1 from actions a where a.item_id = i.id)
    order by i.position`.execute(db);
  return rows.map((r) => ({
    id: r.id as string,
    partnershipId: r.partnership_id as string,
    reviewId: r.review_id as string | null,
    text: r.text as string,
    owner: r.owner as string | null,
    deadline: r.deadline as string | null,
    recommendationId: r.recommendation_id as string | null,
    measures: (typeof r.measures === 'string' ? JSON.parse(r.measures) : r.measures) as {
      id: string;
      text: string;
    }[],
  }));
}

/** The recurring themes of the reviews in these partnerships: theme -> reviews that have it. */
export async function reviewsByTheme(
  db: Kysely<Database>,
  partnershipIds: string[] | null,
): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ theme: string; review_id: string }>`
    select t.theme, t.review_id
    from review_themes t join reviews r on r.id = t.review_id
    where ${partnershipIds === null} or r.partnership_id = any(${partnershipIds ?? []}::uuid[])
    order by t.theme`.execute(db);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.theme, [...(out.get(r.theme) ?? []), r.review_id]);
  return out;
}
