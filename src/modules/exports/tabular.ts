/**
 * Tables for statistics packages: reviews x variables (one row per review; one column per
 * characteristic and per theme, 1 or 0), items, and codings, as CSV or XLSX. Each table comes with
 * a codebook of its variables (a second sheet in XLSX, a second file for CSV).
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ageBand, hasTheme, type Selection } from '../../analytics/dataset.ts';
import { REFERENCE_CODES } from '../../classify/reference-codes.ts';
import { loadReviewRows } from '../analytics/analysis.repository.ts';
import { themeLabels } from '../analytics/analysis.service.ts';
import { mayReadDocumentSql, operator, type Principal } from '../access/access.ts';
import { selectionFor } from '../library/library.service.ts';
import { listActions } from '../actions/action.service.ts';
import { CASE_VARIABLES, VARIABLE_LABELS, valuesOf } from '../../ingest/extract/case-variables.ts';
import { variablesOfReviews } from '../reviews/variables.repository.ts';
import { statementsTable } from './statements-table.ts';

/** Case variables as columns (known_to_csc has its own column already). */
const VARIABLE_COLUMNS = CASE_VARIABLES.filter((v) => v !== 'known_to_csc');

export const TABLES = ['reviews', 'items', 'codings', 'actions', 'statements'] as const;
export type TableName = (typeof TABLES)[number];

export interface Variable {
  name: string;
  label: string;
  values: string;
}

export interface Tabular {
  name: TableName;
  variables: Variable[];
  rows: (string | number | null)[][];
}

/** A variable name statistics packages accept: letters, digits and underscores. */
export const variableName = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_');

export async function reviewsTable(
  db: Kysely<Database>,
  selection: Selection = {},
  principal: Principal = operator('export'),
): Promise<Tabular> {
  const rows = await loadReviewRows(db, await selectionFor(db, principal, selection));
  const labels = await themeLabels(db);
  const variables: Variable[] = [
    { name: 'review_id', label: 'Review id in Lantern', values: 'text' },
    { name: 'subject', label: "The review's name for the case", values: 'text' },
    { name: 'partnership', label: 'Safeguarding partnership', values: 'text' },
    {
      name: 'review_type',
      label: 'Type of review',
      values: 'serious-case-review, child-safeguarding-practice-review, rapid-review, ...; empty: not stated',
    },
    { name: 'year', label: 'Year of publication', values: 'number; empty: not stated' },
    { name: 'age_years', label: "Child's age in years", values: 'number; empty: not stated' },
    {
      name: 'age_band',
      label: "Child's age band",
      values: 'under-1, 1-5, 6-10, 11-15, 16-17, 18-plus; empty: not stated',
    },
    { name: 'sex', label: "Child's sex", values: 'male, female; empty: not stated' },
    { name: 'outcome', label: 'Outcome', values: 'death, serious-harm; empty: not stated' },
    { name: 'cp_plan', label: 'Child protection plan', values: 'current, past, never; empty: not stated' },
    {
      name: 'known_to_csc',
      label: "Known to children's social care",
      values: '1 yes, 0 no; empty: not stated',
    },
    ...VARIABLE_COLUMNS.map((v) => ({
      name: v,
      label: VARIABLE_LABELS[v],
      values:
        valuesOf(v)[0] === 'yes'
          ? '1 yes, 0 no; empty: not stated'
          : `${valuesOf(v).join(', ')}; empty: not stated`,
    })),
    ...REFERENCE_CODES.map((t) => ({
      name: `theme_${variableName(t)}`,
      label: labels[t] ?? t,
      values: '1 theme present, 0 not coded',
    })),
  ];
  const stated = await variablesOfReviews(
    db,
    rows.map((r) => r.id),
  );
  const cell = (reviewId: string, v: (typeof VARIABLE_COLUMNS)[number]) => {
    const value = stated.get(reviewId)?.get(v);
    if (value === undefined || value === 'not-stated') return null;
    return value === 'yes' ? 1 : value === 'no' ? 0 : value;
  };
  return {
    name: 'reviews',
    variables,
    rows: rows.map((r) => [
      r.id,
      r.subject,
      r.partnership,
      r.reviewType,
      r.year,
      r.ageYears === null ? null : Math.round(r.ageYears * 100) / 100,
      ageBand(r.ageYears),
      r.sex,
      r.outcome,
      r.cpPlan,
      r.knownToCsc === null ? null : r.knownToCsc ? 1 : 0,
      ...VARIABLE_COLUMNS.map((v) => cell(r.id, v)),
      ...REFERENCE_CODES.map((_, i) => (hasTheme(r, i) ? 1 : 0)),
    ]),
  };
}

export async function itemsTable(
  db: Kysely<Database>,
  selection: Selection = {},
  principal: Principal = operator('export'),
): Promise<Tabular> {
  const scoped = await selectionFor(db, principal, selection);
  const all = Object.keys(scoped).length === 0;
  const ids = all ? [] : (await loadReviewRows(db, scoped)).map((r) => r.id);
  let q = db
    .selectFrom('items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('reviews as r', 'r.id', 'i.review_id')
    .leftJoin('actions as a', 'a.item_id', 'i.id')
    .select([
      'i.id',
      'r.subject',
      'i.review_id',
      'd.file_name',
      'i.kind',
      'i.ref',
      'i.text',
      'i.owner',
      'i.deadline',
      'a.number as action_number',
      'a.status',
      'i.span_start',
      'i.span_end',
      (eb) =>
        eb
          .selectFrom('machine_codings as m')
          .innerJoin('codes as c', 'c.id', 'm.code_id')
          .select((x) => x.fn.agg<string>('string_agg', [x.ref('c.key'), x.val(';')]).as('k'))
          .whereRef('m.item_id', '=', 'i.id')
          .as('codes'),
    ])
    // The library's rule: only documents the principal may read (no confidential text for viewers).
    .where(mayReadDocumentSql(principal))
    .orderBy('d.file_name')
    .orderBy('i.position');
  if (!all) q = ids.length ? q.where('i.review_id', 'in', ids) : q.where((eb) => eb.val(false));
  const rows = await q.execute();
  return {
    name: 'items',
    variables: [
      { name: 'item_id', label: 'Item id in Lantern', values: 'text' },
      { name: 'review', label: 'Review subject', values: 'text; empty: document-wide' },
      { name: 'review_id', label: 'Review id', values: 'text' },
      { name: 'document', label: 'Source file', values: 'text' },
      {
        name: 'kind',
        label: 'Item kind',
        values: 'finding, lesson, learning, recommendation, action, measure, theme',
      },
      { name: 'ref', label: "The document's own number or label", values: 'text' },
      { name: 'text', label: 'The item as written', values: 'text' },
      { name: 'owner', label: 'Who is to act', values: 'text' },
      { name: 'deadline', label: 'Deadline', values: 'YYYY, YYYY-MM or YYYY-MM-DD' },
      { name: 'action_number', label: 'Number of the tracked action (lantern actions)', values: 'number' },
      {
        name: 'status',
        label: 'Tracked action status',
        values: 'planned, in-progress, completed, evidenced, superseded',
      },
      { name: 'span_start', label: 'Start of the source span (characters)', values: 'number' },
      { name: 'span_end', label: 'End of the source span (characters)', values: 'number' },
      { name: 'codes', label: "The machine's codes for the item", values: 'codes separated by ;' },
    ],
    rows: rows.map((r) => [
      r.id,
      r.subject,
      r.review_id,
      r.file_name,
      r.kind,
      r.ref,
      r.text,
      r.owner,
      r.deadline,
      r.action_number,
      r.status,
      r.span_start,
      r.span_end,
      r.codes ?? '',
    ]),
  };
}

export async function codingsTable(
  db: Kysely<Database>,
  principal: Principal = operator('export'),
): Promise<Tabular> {
  const machine = await db
    .selectFrom('machine_codings as m')
    .innerJoin('codes as c', 'c.id', 'm.code_id')
    .innerJoin('codebook_versions as v', 'v.id', 'c.codebook_version_id')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .leftJoin('items as i', 'i.id', 'm.item_id')
    .select([
      'm.id',
      'd.file_name',
      'm.item_id',
      'i.kind',
      'i.ref',
      'c.key',
      'c.reference_code',
      'v.version',
      'm.confidence',
      'm.component',
      'm.coder_version',
      'm.created_at',
      'm.evidence',
    ])
    .where(mayReadDocumentSql(principal))
    .orderBy('d.file_name')
    .orderBy('m.id')
    .execute();
  const human = await db
    .selectFrom('human_codings as h')
    .innerJoin('codes as c', 'c.id', 'h.code_id')
    .innerJoin('codebook_versions as v', 'v.id', 'c.codebook_version_id')
    .innerJoin('documents as d', 'd.id', 'h.document_id')
    .leftJoin('items as i', 'i.id', 'h.item_id')
    .select([
      'h.id',
      'd.file_name',
      'h.item_id',
      'i.kind',
      'i.ref',
      'c.key',
      'c.reference_code',
      'v.version',
      'h.coder',
      'h.decision',
      'h.created_at',
      'h.span_start',
      'h.span_end',
    ])
    .where(mayReadDocumentSql(principal))
    .orderBy('h.created_at')
    .execute();
  const first = (e: unknown) => {
    const list = e as { start: number; end: number }[];
    return list[0] ? [list[0].start, list[0].end] : [null, null];
  };
  return {
    name: 'codings',
    variables: [
      { name: 'coding_id', label: 'Coding id', values: 'text' },
      { name: 'source', label: 'Who coded', values: 'machine, human' },
      { name: 'document', label: 'Source file', values: 'text' },
      { name: 'item_id', label: 'Item id (empty: the document as a whole)', values: 'text' },
      { name: 'item_kind', label: 'Item kind', values: 'text' },
      { name: 'item_ref', label: 'Item ref', values: 'text' },
      { name: 'code', label: 'Code key', values: 'text' },
      { name: 'reference_code', label: 'Reference theme code', values: 'text' },
      { name: 'codebook_version', label: 'Codebook version', values: 'number' },
      { name: 'confidence', label: "Machine's confidence", values: '0-1' },
      {
        name: 'component',
        label: 'Which part of the coder proposed it',
        values: 'rules, model, rules+model',
      },
      { name: 'coder', label: 'Coder (version of the machine coder, or the person)', values: 'text' },
      { name: 'decision', label: "A person's decision", values: 'confirmed, rejected, added' },
      { name: 'evidence_start', label: 'Start of the (first) evidence span', values: 'number' },
      { name: 'evidence_end', label: 'End of the (first) evidence span', values: 'number' },
      { name: 'created_at', label: 'When', values: 'ISO date-time' },
    ],
    rows: [
      ...machine.map((m) => [
        m.id,
        'machine',
        m.file_name,
        m.item_id,
        m.kind,
        m.ref,
        m.key,
        m.reference_code,
        m.version,
        m.confidence,
        m.component,
        m.coder_version,
        null,
        ...first(m.evidence),
        new Date(m.created_at).toISOString(),
      ]),
      ...human.map((h) => [
        h.id,
        'human',
        h.file_name,
        h.item_id,
        h.kind,
        h.ref,
        h.key,
        h.reference_code,
        h.version,
        null,
        null,
        h.coder,
        h.decision,
        h.span_start,
        h.span_end,
        new Date(h.created_at).toISOString(),
      ]),
    ],
  };
}

/** The action tracker as a spreadsheet: one row per action, with its derived state on `today`. */
export async function actionsTable(
  db: Kysely<Database>,
  selection: Selection = {},
  principal: Principal = operator('export'),
  today?: string,
): Promise<Tabular> {
  const scoped = await selectionFor(db, principal, selection);
  const all = Object.keys(scoped).length === 0;
  const ids = all ? null : new Set((await loadReviewRows(db, scoped)).map((r) => r.id));
  const actions = (await listActions(db, principal, today ? { today } : {})).filter(
    (a) => ids === null || (a.reviewId !== null && ids.has(a.reviewId)),
  );
  return {
    name: 'actions',
    variables: [
      { name: 'number', label: 'Action number in Lantern', values: 'number' },
      { name: 'partnership', label: 'Partnership', values: 'text' },
      { name: 'review', label: 'Review subject', values: 'text; empty: not tied to a review' },
      { name: 'recommendation', label: 'The recommendation it answers (ref and text)', values: 'text' },
      { name: 'action', label: 'The action', values: 'text' },
      { name: 'owner', label: 'Owner (subgroup, agency or role)', values: 'text' },
      { name: 'owner_kind', label: 'Kind of owner', values: 'subgroup, board, agency, not stated' },
      { name: 'deadline', label: 'Deadline as stated', values: 'YYYY, YYYY-MM or YYYY-MM-DD' },
      { name: 'due_on', label: 'Day it falls due', values: 'YYYY-MM-DD' },
      { name: 'status', label: 'Status', values: 'planned, in-progress, completed, evidenced, superseded' },
      { name: 'overdue', label: 'Open after the day it fell due', values: '1 yes, 0 no' },
      { name: 'rag', label: 'RAG rating', values: 'red, amber, green' },
      { name: 'rag_source', label: 'Who gave the RAG rating', values: 'set by a person, derived by Lantern' },
      { name: 'completed_on', label: 'Day completed', values: 'YYYY-MM-DD' },
      { name: 'measures', label: 'How will we know (measures)', values: 'text separated by " | "' },
      { name: 'evidence', label: 'Evidence of impact recorded', values: 'number of records' },
      { name: 'themes', label: 'Themes the action addresses', values: 'codes separated by ;' },
      {
        name: 'source_file',
        label: 'Document the action was taken from',
        values: 'text; empty: added by hand',
      },
      { name: 'source_start', label: 'Start of the source span (characters)', values: 'number' },
      { name: 'source_end', label: 'End of the source span (characters)', values: 'number' },
      { name: 'version', label: 'Version (changes so far + 1)', values: 'number' },
    ],
    rows: actions.map((a) => [
      a.number,
      a.partnership,
      a.review,
      a.recommendation ? `${a.recommendation.ref ?? ''} ${a.recommendation.text}`.trim() : null,
      a.text,
      a.owner,
      a.ownerKind,
      a.deadline,
      a.dueOn,
      a.status,
      a.overdue ? 1 : 0,
      a.ragShown,
      a.ragShown ? a.ragSource : null,
      a.completedOn,
      a.measures.map((m) => m.text).join(' | '),
      a.evidence.length,
      a.themes.join(';'),
      a.source?.fileName ?? null,
      a.source?.span[0] ?? null,
      a.source?.span[1] ?? null,
      a.version,
    ]),
  };
}

/** One table, with what `principal` may read (the CLI operator's: everything). */
export async function buildTable(
  db: Kysely<Database>,
  name: TableName,
  selection: Selection = {},
  principal: Principal = operator('export'),
): Promise<Tabular> {
  if (name === 'reviews') return reviewsTable(db, selection, principal);
  if (name === 'items') return itemsTable(db, selection, principal);
  if (name === 'actions') return actionsTable(db, selection, principal);
  if (name === 'statements') return statementsTable(db, principal);
  return codingsTable(db, principal);
}

/**
 * CSV injection (OWASP): a spreadsheet opening the file runs a cell that begins with =, +, -, @,
 * a tab or a carriage return as a formula (`=HYPERLINK(...)`, DDE). Document text reaches these
 * cells, so csv-stringify's `escape_formulas` puts a single quote in front of such a text cell
 * (spreadsheets show it as text; numbers stay numbers), and the cell is quoted. A cell that
 * begins with spaces before such a character (some spreadsheets trim them) is quoted the same way.
 */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const formulaAfterSpaces = /^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

const CSV_OPTIONS = {
  escape_formulas: true,
  cast: {
    string: (s: string) =>
      FORMULA_START.test(s)
        ? { value: s, quoted: true }
        : formulaAfterSpaces.test(s)
          ? { value: `'${s}`, quoted: true }
          : s,
  },
};

export function toCsv(t: Tabular): { data: string; codebook: string } {
  return {
    data: stringify(
      [t.variables.map((v) => v.name), ...t.rows.map((r) => r.map((c) => (c === null ? '' : c)))],
      CSV_OPTIONS,
    ),
    codebook: stringify(
      [['variable', 'label', 'values'], ...t.variables.map((v) => [v.name, v.label, v.values])],
      CSV_OPTIONS,
    ),
  };
}

export async function toXlsx(t: Tabular): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lantern';
  const sheet = book.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(t.variables.map((v) => v.name)).font = { bold: true };
  for (const r of t.rows) sheet.addRow(r.map((c) => c ?? null));
  sheet.columns.forEach((c, i) => {
    c.width = Math.min(60, Math.max(10, (t.variables[i]?.name.length ?? 10) + 2));
  });
  const vars = book.addWorksheet('codebook');
  vars.addRow(['variable', 'label', 'values']).font = { bold: true };
  for (const v of t.variables) vars.addRow([v.name, v.label, v.values]);
  vars.columns = [{ width: 34 }, { width: 50 }, { width: 70 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
