/**
 * Coding in the store: coding documents with the primary codebook (and the latest model trained
 * for it), re-coding after a codebook change or a training run, people's decisions on codings,
 * agreement between coders, and training the model from people's decisions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { agreementReport, type AgreementReport, type CoderJudgements } from '../../classify/agreement.ts';
import { RULES_VERSION, RuleCoder, type DocumentCoding } from '../../classify/coder.ts';
import { combineCodings } from '../../classify/combine.ts';
import {
  MODEL_PARAMETERS,
  ModelPredictor,
  trainModel,
  type ModelParameters,
  type TrainedModel,
  type TrainingExample,
} from '../../classify/model.ts';
import type { Block, ReadResult } from '../../ingest/blocks.ts';
import { codeWithItems } from '../../ingest/extract/index.ts';
import { subjectKey } from '../../ingest/extract/subjects.ts';
import type { DocumentFormat } from '../../shared/extraction-report.ts';
import { LanternError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { refreshThemesForDocument } from '../analytics/review-themes.repository.ts';
import { primaryCodebook, type StoredCodebook } from '../codebooks/codebook.repository.ts';
import {
  findMachineCoding,
  insertHumanCoding,
  listCodedDocuments,
  listCodedItems,
  listHumanDecisions,
  listMachineUnits,
  replaceMachineCodings,
} from './coding.repository.ts';

/** Everything needed to code documents in one store: the codebook, its rule coder, its model. */
export interface StoreCoder {
  codebook: StoredCodebook;
  rules: RuleCoder;
  model: { id: string; version: number; predictor: ModelPredictor } | null;
  /** Stamped on every machine coding: rules, codebook version and model version. */
  version: string;
}

export async function prepareStoreCoder(db: Kysely<Database>): Promise<StoreCoder> {
  const codebook = await primaryCodebook(db);
  const modelRow = await db
    .selectFrom('coder_models')
    .select(['id', 'version', 'model'])
    .where('codebook_id', '=', codebook.codebookId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  const model = modelRow
    ? {
        id: modelRow.id,
        version: modelRow.version,
        predictor: new ModelPredictor(modelRow.model as unknown as TrainedModel),
      }
    : null;
  const version = `${RULES_VERSION}+${codebook.book.slug}@${codebook.version}${model ? `+model@${model.version}` : ''}`;
  return { codebook, rules: new RuleCoder(codebook.book), model, version };
}

/** Stores the machine codings of one freshly coded document (inside the caller's transaction). */
export async function storeDocumentCoding(
  db: Kysely<Database>,
  coder: StoreCoder,
  documentId: string,
  text: string,
  items: { id: string; kind: string; span: [number, number] }[],
  coding: DocumentCoding,
): Promise<number> {
  const drafts = combineCodings(text, items, coding, coder.model?.predictor ?? null);
  // Case-level codings (documents about several reviews) name their review by subject.
  const reviews = await db
    .selectFrom('review_documents as rd')
    .innerJoin('reviews as r', 'r.id', 'rd.review_id')
    .select(['r.id', 'r.subject_key'])
    .where('rd.document_id', '=', documentId)
    .execute();
  const byKey = new Map(reviews.map((r) => [r.subject_key, r.id]));
  const reviewIds = new Map(
    coding.cases
      .map((c) => [c.subject, byKey.get(subjectKey(c.subject)) ?? ''] as const)
      .filter(([, id]) => id),
  );
  const stored = await replaceMachineCodings(
    db,
    documentId,
    items.map((i) => i.id),
    drafts,
    coder.codebook.codeIds,
    coder.version,
    coder.model?.id ?? null,
    reviewIds,
  );
  await refreshThemesForDocument(db, documentId);
  return stored;
}

/**
 * Codes stored documents again (all, or the given ones) with the store's current codebook and
 * model. The document's stored text and blocks are re-read; its stored items keep their ids.
 */
export async function recodeDocuments(
  db: Kysely<Database>,
  coder: StoreCoder,
  documentIds?: string[],
  onDocument?: (done: number, total: number) => void,
): Promise<{ documents: number; codings: number }> {
  let q = db.selectFrom('documents').select(['id', 'format', 'text', 'blocks', 'title']);
  if (documentIds)
    q = q.where('id', 'in', documentIds.length ? documentIds : ['00000000-0000-0000-0000-000000000000']);
  const docs = await q.orderBy('imported_at').execute();
  let codings = 0;
  for (const [n, doc] of docs.entries()) {
    const read: ReadResult = {
      format: doc.format as DocumentFormat,
      text: doc.text,
      blocks: doc.blocks as unknown as Block[],
      metaTitle: doc.title,
      pages: null,
      warnings: [],
    };
    const stored = await db
      .selectFrom('items')
      .select(['id', 'kind', 'span_start', 'span_end'])
      .where('document_id', '=', doc.id)
      .orderBy('position')
      .execute();
    const items = stored.map((i) => ({
      id: i.id,
      kind: i.kind,
      span: [i.span_start, i.span_end] as [number, number],
    }));
    const coding = codeWithItems(read, coder.rules, items);
    await db.transaction().execute(async (tx) => {
      codings += await storeDocumentCoding(tx, coder, doc.id, doc.text, items, coding);
    });
    onDocument?.(n + 1, docs.length);
  }
  await refreshStatistics(db);
  return { documents: docs.length, codings };
}

export interface ReviewDecision {
  /** A machine coding id (or prefix) to confirm or reject. */
  coding: string;
  decision: 'confirmed' | 'rejected';
  coder: string;
  note?: string | null;
}

/** Confirms or rejects a machine coding; the person's decision is stored apart from it. */
export async function decideMachineCoding(db: Kysely<Database>, d: ReviewDecision): Promise<string> {
  const m = await findMachineCoding(db, d.coding);
  const evidence = (m.evidence as { start: number; end: number }[])[0];
  return db.transaction().execute(async (tx) => {
    const id = await insertHumanCoding(tx, {
      codeId: m.code_id,
      documentId: m.document_id,
      itemId: m.item_id,
      span: evidence ? [evidence.start, evidence.end] : null,
      decision: d.decision,
      coder: d.coder,
      machineCodingId: m.id,
      note: d.note ?? null,
    });
    await refreshThemesForDocument(tx, m.document_id);
    await recordAudit(tx, {
      actor: d.coder,
      action: `coding.${d.decision === 'confirmed' ? 'confirm' : 'reject'}`,
      entityType: 'human_coding',
      entityId: id,
      partnershipId: null,
      detail: { machineCoding: m.id, code: m.key },
    });
    return id;
  });
}

export interface AddedCoding {
  documentId: string;
  itemId: string | null;
  code: string;
  coder: string;
  span: [number, number] | null;
  note?: string | null;
}

/** A person adds a code the machine did not give (to a document, or one of its items). */
export async function addHumanCoding(db: Kysely<Database>, a: AddedCoding): Promise<string> {
  const codebook = await primaryCodebook(db);
  const codeId = codebook.codeIds.get(a.code);
  if (!codeId)
    throw new LanternError(
      'INVALID_INPUT',
      `no code "${a.code}" in codebook ${codebook.book.slug} (version ${codebook.version}); list them with: lantern codebook show`,
    );
  return db.transaction().execute(async (tx) => {
    const id = await insertHumanCoding(tx, {
      codeId,
      documentId: a.documentId,
      itemId: a.itemId,
      span: a.span,
      decision: 'added',
      coder: a.coder,
      machineCodingId: null,
      note: a.note ?? null,
    });
    await refreshThemesForDocument(tx, a.documentId);
    await recordAudit(tx, {
      actor: a.coder,
      action: 'coding.add',
      entityType: 'human_coding',
      entityId: id,
      partnershipId: null,
      detail: { code: a.code, item: a.itemId, span: a.span },
    });
    return id;
  });
}

/** The reserved coder name for the machine in agreement reports. */
export const MACHINE = 'machine';

/** A person's judgements: per unit they decided on, the codes that stand after their latest decisions. */
function humanJudgements(
  decisions: Awaited<ReturnType<typeof listHumanDecisions>>,
  coder: string,
  level: 'item' | 'document',
): CoderJudgements {
  const units = new Map<string, Set<string>>();
  for (const d of decisions) {
    if (d.coder !== coder) continue;
    const unit = level === 'item' ? d.itemId : d.itemId === null ? d.documentId : null;
    if (!unit) continue;
    const set = units.get(unit) ?? new Set<string>();
    if (d.decision === 'rejected') set.delete(d.key);
    else set.add(d.key);
    units.set(unit, set);
  }
  return { coder, units };
}

async function machineJudgements(db: Kysely<Database>, level: 'item' | 'document'): Promise<CoderJudgements> {
  const units = new Map<string, Set<string>>();
  const judged =
    level === 'item' ? (await listCodedItems(db)).map((i) => i.id) : await listCodedDocuments(db);
  for (const u of judged) units.set(u, new Set());
  for (const m of await listMachineUnits(db, level)) {
    const unit = level === 'item' ? m.itemId : m.documentId;
    if (unit) units.get(unit)?.add(m.key);
  }
  return { coder: MACHINE, units };
}

/**
 * Agreement between coders (names as recorded on human codings, or "machine") on the units each
 * has judged, per code and overall.
 */
export async function coderAgreement(
  db: Kysely<Database>,
  coders: string[],
  level: 'item' | 'document' = 'item',
): Promise<AgreementReport> {
  if (coders.length < 2)
    throw new LanternError('USAGE', 'agreement needs at least two coders (--coder A --coder B)');
  if (new Set(coders).size !== coders.length) throw new LanternError('USAGE', 'name each coder once');
  const decisions = await listHumanDecisions(db);
  const known = new Set(decisions.map((d) => d.coder));
  const judgements: CoderJudgements[] = [];
  for (const c of coders) {
    if (c === MACHINE) judgements.push(await machineJudgements(db, level));
    else if (!known.has(c))
      throw new LanternError(
        'NOT_FOUND',
        `no codings by "${c}"${known.size ? `; coders in this store: ${[...known].sort().join(', ')}` : ''}`,
      );
    else judgements.push(humanJudgements(decisions, c, level));
  }
  // The codes compared: those any coder applied to a unit that every coder judged. A code nobody
  // applied there would only add agreement on nothing.
  const shared = [...(judgements[0] as CoderJudgements).units.keys()].filter((u) =>
    judgements.every((j) => j.units.has(u)),
  );
  const codes = [
    ...new Set(judgements.flatMap((j) => shared.flatMap((u) => [...(j.units.get(u) ?? [])]))),
  ].sort();
  return agreementReport(judgements, codes);
}

/**
 * Training examples from people's decisions on items: for each item someone decided on, the codes
 * that stand are positive and every other code of the codebook negative (the item was reviewed
 * whole). A later decision by the same coder replaces an earlier one; where coders differ, a code
 * stands when more of them applied it than not.
 */
export async function trainingExamples(
  db: Kysely<Database>,
  codebook: StoredCodebook,
): Promise<TrainingExample[]> {
  const decisions = await listHumanDecisions(db);
  const byItem = new Map<string, Map<string, Map<string, boolean>>>();
  for (const d of decisions) {
    if (!d.itemId) continue;
    const coders = byItem.get(d.itemId) ?? new Map<string, Map<string, boolean>>();
    const codes = coders.get(d.coder) ?? new Map<string, boolean>();
    codes.set(d.key, d.decision !== 'rejected');
    coders.set(d.coder, codes);
    byItem.set(d.itemId, coders);
  }
  if (byItem.size === 0) return [];
  const items = await db
    .selectFrom('items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .select(['i.id', 'i.span_start', 'i.span_end', 'd.text'])
    .where('i.id', 'in', [...byItem.keys()])
    .execute();
  const keys = codebook.book.codes.map((c) => c.key);
  return items.map((item) => {
    const coders = byItem.get(item.id) as Map<string, Map<string, boolean>>;
    const votes = new Map<string, number>();
    for (const codes of coders.values())
      for (const [k, yes] of codes) votes.set(k, (votes.get(k) ?? 0) + (yes ? 1 : -1));
    const positive = [...votes].filter(([, v]) => v > 0).map(([k]) => k);
    return {
      text: item.text.slice(item.span_start, item.span_end),
      positive,
      negative: keys.filter((k) => !positive.includes(k)),
    };
  });
}

export interface TrainResult {
  version: number;
  examples: number;
  codes: { key: string; positives: number; negatives: number }[];
  skipped: number;
}

/** Trains a new model version for the primary codebook from people's decisions. */
export async function trainStoreModel(
  db: Kysely<Database>,
  actor: string,
  parameters: ModelParameters = MODEL_PARAMETERS,
): Promise<TrainResult> {
  const codebook = await primaryCodebook(db);
  const examples = await trainingExamples(db, codebook);
  if (examples.length === 0)
    throw new LanternError(
      'INVALID_INPUT',
      'nothing to learn from yet: confirm, reject or add codings on items first (lantern coding confirm|reject|add)',
    );
  const model = trainModel(examples, parameters);
  const withCodes = new Set(examples.flatMap((e) => e.positive));
  return db.transaction().execute(async (tx) => {
    const latest = await tx
      .selectFrom('coder_models')
      .select('version')
      .where('codebook_id', '=', codebook.codebookId)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    const metrics = {
      codes: model.codes.map((c) => ({ key: c.key, positives: c.positives, negatives: c.negatives })),
    };
    const row = await tx
      .insertInto('coder_models')
      .values({
        codebook_id: codebook.codebookId,
        version,
        algorithm: model.algorithm,
        parameters: JSON.stringify(parameters),
        model: JSON.stringify(model),
        examples: examples.length,
        metrics: JSON.stringify(metrics),
        trained_by: actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      action: 'model.train',
      entityType: 'coder_model',
      entityId: row.id,
      partnershipId: null,
      detail: { version, examples: examples.length, codes: model.codes.length },
    });
    return {
      version,
      examples: examples.length,
      codes: metrics.codes,
      skipped: [...withCodes].filter((k) => !model.codes.some((c) => c.key === k)).length,
    };
  });
}
