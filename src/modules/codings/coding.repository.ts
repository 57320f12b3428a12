/**
 * Machine and human codings. They live in separate tables: re-running the coder replaces the
 * machine's codings of a document and never touches a person's decisions.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { WRITE_BATCH } from '../../db/connect.ts';
import type { CodingDraft, StoredEvidence } from '../../classify/combine.ts';
import { LanternError } from '../../shared/errors.ts';

/** Replaces the machine codings of one document. `itemIds` are in the order of the drafts' item indexes. */
export async function replaceMachineCodings(
  db: Kysely<Database>,
  documentId: string,
  itemIds: string[],
  drafts: CodingDraft[],
  codeIds: Map<string, string>,
  coderVersion: string,
  modelId: string | null,
  /** Review ids by subject, for case-level codings in documents about several reviews. */
  reviewIds: Map<string, string> = new Map(),
): Promise<number> {
  await db.deleteFrom('machine_codings').where('document_id', '=', documentId).execute();
  await db.updateTable('documents').set({ coded_with: coderVersion }).where('id', '=', documentId).execute();
  const rows = drafts.flatMap((d) => {
    const codeId = codeIds.get(d.key);
    const itemId = d.item === null ? null : itemIds[d.item];
    const reviewId = d.review === undefined ? null : reviewIds.get(d.review);
    if (!codeId || itemId === undefined || reviewId === undefined) return [];
    return [
      {
        code_id: codeId,
        document_id: documentId,
        item_id: itemId,
        confidence: d.confidence,
        score: d.score,
        coder_version: coderVersion,
        component: d.component,
        model_id: d.component === 'rules' ? null : modelId,
        review_id: reviewId,
        evidence: JSON.stringify(d.evidence),
      },
    ];
  });
  for (let from = 0; from < rows.length; from += WRITE_BATCH)
    await db
      .insertInto('machine_codings')
      .values(rows.slice(from, from + WRITE_BATCH))
      .execute();
  return rows.length;
}

export interface CodingView {
  id: string;
  source: 'machine' | 'human';
  codeKey: string;
  codeLabel: string;
  referenceCode: string | null;
  codebookVersion: number;
  documentId: string;
  itemId: string | null;
  /** A case-level coding in a document about several reviews: the review it is for. */
  reviewId: string | null;
  itemRef: string | null;
  itemKind: string | null;
  /** Machine: the confidence; human: null. */
  confidence: number | null;
  component: string | null;
  coder: string;
  decision: string | null;
  machineCodingId: string | null;
  evidence: StoredEvidence[];
  note: string | null;
  createdAt: string;
}

function codeJoin(db: Kysely<Database>) {
  return db
    .selectFrom('codes as c')
    .innerJoin('codebook_versions as v', 'v.id', 'c.codebook_version_id')
    .select(['c.id', 'c.key', 'c.label', 'c.reference_code', 'v.version']);
}

/** Every machine and human coding of the given documents, machine first, in document order. */
export async function listCodings(db: Kysely<Database>, documentIds: string[]): Promise<CodingView[]> {
  if (documentIds.length === 0) return [];
  const machine = await db
    .selectFrom('machine_codings as m')
    .innerJoin(codeJoin(db).as('c'), 'c.id', 'm.code_id')
    .leftJoin('items as i', 'i.id', 'm.item_id')
    .select([
      'm.id',
      'm.document_id',
      'm.item_id',
      'm.review_id',
      'm.confidence',
      'm.component',
      'm.coder_version',
      'm.evidence',
      'm.created_at',
      'c.key',
      'c.label',
      'c.reference_code',
      'c.version',
      'i.ref',
      'i.kind',
      'i.position',
    ])
    .where('m.document_id', 'in', documentIds)
    .orderBy('m.document_id')
    .orderBy(sql`i.position nulls first`)
    .orderBy('m.confidence', 'desc')
    .execute();
  const human = await db
    .selectFrom('human_codings as h')
    .innerJoin(codeJoin(db).as('c'), 'c.id', 'h.code_id')
    .leftJoin('items as i', 'i.id', 'h.item_id')
    .select([
      'h.id',
      'h.document_id',
      'h.item_id',
      'h.decision',
      'h.coder',
      'h.machine_coding_id',
      'h.span_start',
      'h.span_end',
      'h.note',
      'h.created_at',
      'c.key',
      'c.label',
      'c.reference_code',
      'c.version',
      'i.ref',
      'i.kind',
    ])
    .where('h.document_id', 'in', documentIds)
    .orderBy('h.created_at')
    .execute();
  return [
    ...machine.map((m): CodingView => ({
      id: m.id,
      source: 'machine',
      codeKey: m.key,
      codeLabel: m.label,
      referenceCode: m.reference_code,
      codebookVersion: m.version,
      documentId: m.document_id,
      itemId: m.item_id,
      reviewId: m.review_id,
      itemRef: m.ref,
      itemKind: m.kind,
      confidence: m.confidence,
      component: m.component,
      coder: m.coder_version,
      decision: null,
      machineCodingId: null,
      evidence: m.evidence as StoredEvidence[],
      note: null,
      createdAt: new Date(m.created_at).toISOString(),
    })),
    ...human.map((h): CodingView => ({
      id: h.id,
      source: 'human',
      codeKey: h.key,
      codeLabel: h.label,
      referenceCode: h.reference_code,
      codebookVersion: h.version,
      documentId: h.document_id,
      itemId: h.item_id,
      reviewId: null,
      itemRef: h.ref,
      itemKind: h.kind,
      confidence: null,
      component: null,
      coder: h.coder,
      decision: h.decision,
      machineCodingId: h.machine_coding_id,
      evidence:
        h.span_start !== null && h.span_end !== null
          ? [
              {
                start: h.span_start,
                end: h.span_end,
                source: 'rules',
                pattern: '',
                weight: 1,
                reasons: ['marked by a person'],
              },
            ]
          : [],
      note: h.note,
      createdAt: new Date(h.created_at).toISOString(),
    })),
  ];
}

/**
 * A machine coding by full id or id prefix (at least 6 characters), among the codings of the
 * documents `allowed` lets through (a condition on `d`; a user's: access.mayReadDocumentSql), so
 * that another partnership's coding is simply not found.
 */
export async function findMachineCoding(
  db: Kysely<Database>,
  ref: string,
  allowed: RawBuilder<boolean> = sql<boolean>`true`,
) {
  const needle = ref.trim().toLowerCase();
  if (!/^[0-9a-f-]{6,36}$/.test(needle))
    throw new LanternError('INVALID_INPUT', `"${ref}" is not a coding id (give at least 6 characters of it)`);
  const rows = await db
    .selectFrom('machine_codings as m')
    .innerJoin('codes as c', 'c.id', 'm.code_id')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .select(['m.id', 'm.code_id', 'm.document_id', 'm.item_id', 'c.key', 'm.evidence'])
    .where(allowed)
    .where(sql<string>`m.id::text`, 'like', `${needle}%`)
    .limit(2)
    .execute();
  if (rows.length === 0) throw new LanternError('NOT_FOUND', `no machine coding "${ref}"`);
  if (rows.length > 1)
    throw new LanternError('AMBIGUOUS', `"${ref}" matches more than one coding; give more of its id`);
  return rows[0] as (typeof rows)[number];
}

export interface NewHumanCoding {
  codeId: string;
  documentId: string;
  itemId: string | null;
  span: [number, number] | null;
  decision: 'confirmed' | 'rejected' | 'added';
  coder: string;
  userId?: string | null;
  machineCodingId: string | null;
  note: string | null;
}

/**
 * Records a person's decision. Refuses a span outside the document's text, an item from another
 * document, and an empty coder name.
 */
export async function insertHumanCoding(db: Kysely<Database>, coding: NewHumanCoding): Promise<string> {
  if (!coding.coder.trim()) throw new LanternError('INVALID_INPUT', 'a coding needs the coder who made it');
  const doc = await db
    .selectFrom('documents')
    .select([sql<number>`length(text)`.as('chars')])
    .where('id', '=', coding.documentId)
    .executeTakeFirst();
  if (!doc) throw new LanternError('NOT_FOUND', `no document ${coding.documentId}`);
  if (coding.itemId) {
    const item = await db
      .selectFrom('items')
      .select(['document_id'])
      .where('id', '=', coding.itemId)
      .executeTakeFirst();
    if (!item || item.document_id !== coding.documentId)
      throw new LanternError('INVALID_INPUT', 'the item is not part of that document');
  }
  if (coding.span) {
    const [start, end] = coding.span;
    const chars = Number(doc.chars);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > chars)
      throw new LanternError(
        'INVALID_INPUT',
        `span ${start}-${end} is outside the document, whose text has ${chars} characters`,
      );
  }
  const row = await db
    .insertInto('human_codings')
    .values({
      code_id: coding.codeId,
      document_id: coding.documentId,
      item_id: coding.itemId,
      span_start: coding.span?.[0] ?? null,
      span_end: coding.span?.[1] ?? null,
      decision: coding.decision,
      coder: coding.coder.trim(),
      user_id: coding.userId ?? null,
      machine_coding_id: coding.machineCodingId,
      note: coding.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Decision {
  coder: string;
  documentId: string;
  itemId: string | null;
  key: string;
  decision: string;
  createdAt: string;
}

/** Every human decision, oldest first (a later decision by the same coder on the same unit and code wins). */
export async function listHumanDecisions(db: Kysely<Database>, coders?: string[]): Promise<Decision[]> {
  let q = db
    .selectFrom('human_codings as h')
    .innerJoin('codes as c', 'c.id', 'h.code_id')
    .select(['h.coder', 'h.document_id', 'h.item_id', 'c.key', 'h.decision', 'h.created_at'])
    .orderBy('h.created_at')
    .orderBy('h.id');
  if (coders?.length) q = q.where('h.coder', 'in', coders);
  const rows = await q.execute();
  return rows.map((r) => ({
    coder: r.coder,
    documentId: r.document_id,
    itemId: r.item_id,
    key: r.key,
    decision: r.decision,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The machine's codings as (unit, key) pairs: item-level or document-level. */
export async function listMachineUnits(
  db: Kysely<Database>,
  level: 'item' | 'document',
): Promise<{ documentId: string; itemId: string | null; key: string }[]> {
  const rows = await db
    .selectFrom('machine_codings as m')
    .innerJoin('codes as c', 'c.id', 'm.code_id')
    .select(['m.document_id', 'm.item_id', 'c.key'])
    .where('m.item_id', level === 'item' ? 'is not' : 'is', null)
    .execute();
  return rows.map((r) => ({ documentId: r.document_id, itemId: r.item_id, key: r.key }));
}

/** Items of documents the machine has coded (every such item was judged by the machine). */
export async function listCodedItems(db: Kysely<Database>): Promise<{ id: string; documentId: string }[]> {
  const rows = await db
    .selectFrom('items as i')
    .select(['i.id', 'i.document_id'])
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .where('d.coded_with', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, documentId: r.document_id }));
}

/** Documents the machine has coded. */
export async function listCodedDocuments(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('documents').select('id').where('coded_with', 'is not', null).execute();
  return rows.map((r) => r.id);
}
