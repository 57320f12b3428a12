/**
 * Imports documents: each file is read and extracted outside any transaction, then stored in one
 * short transaction, so a crash leaves a document either fully imported or absent. A batch
 * returns one outcome per file; one bad file stops nothing else.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { EXTRACTOR_VERSION } from '../../ingest/extract/index.ts';
import { subjectKey } from '../../ingest/extract/subjects.ts';
import { sha256Hex, type IngestedDocument } from '../../ingest/pipeline.ts';
import { ingestInWorker } from '../../ingest/thread/pool.ts';
import { describeError } from '../../shared/errors.ts';
import { seedActionsForDocument } from '../actions/action.service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { prepareStoreCoder, storeDocumentCoding, type StoreCoder } from '../codings/coding.service.ts';
import { insertItems } from '../items/item.repository.ts';
import {
  findOrCreatePartnership,
  findPartnershipNamed,
  requirePartnership,
  UNASSIGNED,
  type Partnership,
} from '../partnerships/partnership.repository.ts';
import { attachReviewDocument, upsertReview } from '../reviews/review.repository.ts';
import { findDocumentIdBySha, findDocumentsBySha, insertDocument } from './document.repository.ts';
import { collectFiles, readInputFile, type InputFile } from './files.ts';

export type ImportStatus = 'imported' | 'unchanged' | 'failed';

export interface ImportOutcome {
  name: string;
  status: ImportStatus;
  documentId?: string;
  reviews?: number;
  items?: number;
  reason?: string;
  warnings?: string[];
}

export interface ImportOptions {
  /**
   * Partnership to file documents under (an existing one, found as findPartnership finds it); by
   * default the publisher the document names, created if new.
   */
  partnership?: string | undefined;
  confidential?: boolean | undefined;
  /** Who is importing, for the audit log ("cli:alice"). */
  actor: string;
  maxFileBytes: number;
  /** The coder to code documents with; by default the store's primary codebook and latest model. */
  coder?: StoreCoder | undefined;
  /** Called once the files are known, and after each file. */
  onStart?: (total: number) => void;
  onOutcome?: (outcome: ImportOutcome, done: number, total: number) => void;
}

/** Imports every file under `paths`. Never throws for a bad file: its outcome says why. */
export async function importPaths(
  db: Kysely<Database>,
  paths: string[],
  options: ImportOptions,
): Promise<ImportOutcome[]> {
  // A partnership that does not exist stops the batch before anything is read: it is made on
  // purpose (lantern partnerships add), never by a typing mistake.
  if (options.partnership) await requirePartnership(db, options.partnership);
  const { files, problems } = await collectFiles(paths);
  const total = files.length + problems.length;
  options.onStart?.(total);
  const outcomes: ImportOutcome[] = [];
  const report = (o: ImportOutcome) => {
    outcomes.push(o);
    options.onOutcome?.(o, outcomes.length, total);
  };
  for (const p of problems) report({ name: p.name, status: 'failed', reason: p.reason });
  const coder = options.coder ?? (files.length > 0 ? await prepareStoreCoder(db) : undefined);
  for (const file of files) report(await importFile(db, file, { ...options, coder }));
  if (outcomes.some((o) => o.status === 'imported')) await refreshStatistics(db);
  return outcomes;
}

/** Imports one file. */
export async function importFile(
  db: Kysely<Database>,
  file: InputFile,
  options: ImportOptions,
): Promise<ImportOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(file, options.maxFileBytes);
  } catch (error) {
    return { name: file.name, status: 'failed', reason: describeError(error) };
  }
  const sha256 = sha256Hex(bytes);
  let chosen: Partnership | null;
  try {
    chosen = options.partnership ? await requirePartnership(db, options.partnership) : null;
  } catch (error) {
    return { name: file.name, status: 'failed', reason: describeError(error) };
  }
  const existing = await alreadyImported(db, sha256, chosen);
  if (existing) return { name: file.name, status: 'unchanged', documentId: existing };

  const coder = options.coder ?? (await prepareStoreCoder(db));
  let ingested: IngestedDocument;
  try {
    // Off the event loop, in a worker thread: a server keeps answering while a file is read.
    ingested = await ingestInWorker(file.name, bytes, coder.rules);
  } catch (error) {
    return { name: file.name, status: 'failed', reason: describeError(error) };
  }
  try {
    const stored = await db
      .transaction()
      .execute((tx) => storeIngested(tx, file, bytes, ingested, { ...options, coder, chosen }));
    if (stored.unchanged) return { name: file.name, status: 'unchanged', documentId: stored.id };
    const documentId = stored.id;
    return {
      name: file.name,
      status: 'imported',
      documentId,
      reviews: ingested.report.reviews.length,
      items: ingested.report.items.length,
      ...(ingested.read.warnings.length || ingested.report.warnings?.length
        ? { warnings: [...ingested.read.warnings, ...(ingested.report.warnings ?? [])] }
        : {}),
    };
  } catch (error) {
    // Another process imported the same bytes into the same partnership between our check and
    // our insert.
    if ((error as { code?: string }).code === '23505') {
      const id = await alreadyImported(db, sha256, chosen);
      if (id) return { name: file.name, status: 'unchanged', documentId: id };
    }
    return { name: file.name, status: 'failed', reason: `could not be stored: ${describeError(error)}` };
  }
}

/**
 * The document with these bytes already in the partnership they would be filed under, if any.
 * Copies in other partnerships do not count: each partnership holds its own documents, and an
 * answer must not reveal what another partnership holds. Without a chosen partnership a document
 * goes to the publisher it names, which the same extractor reads the same way from the same bytes,
 * so a stored copy's publisher tells where a new one would go without reading it again.
 */
async function alreadyImported(
  db: Kysely<Database>,
  sha256: string,
  chosen: Partnership | null,
): Promise<string | null> {
  if (chosen) return findDocumentIdBySha(db, sha256, chosen.id);
  for (const copy of await findDocumentsBySha(db, sha256)) {
    if (copy.extractorVersion !== EXTRACTOR_VERSION) continue;
    const target = await findPartnershipNamed(db, copy.publisher ?? UNASSIGNED.name);
    if (target?.id === copy.partnershipId) return copy.id;
  }
  return null;
}

async function storeIngested(
  tx: Kysely<Database>,
  file: InputFile,
  bytes: Uint8Array,
  { read, report, coding }: IngestedDocument,
  options: ImportOptions & { coder: StoreCoder; chosen: Partnership | null },
): Promise<{ id: string; unchanged: boolean }> {
  const partnership =
    options.chosen ?? (await findOrCreatePartnership(tx, report.document.publisher ?? UNASSIGNED.name));
  const copy = await findDocumentIdBySha(tx, report.source.sha256, partnership.id);
  if (copy) return { id: copy, unchanged: true };
  const documentId = await insertDocument(tx, {
    partnershipId: partnership.id,
    sha256: report.source.sha256,
    fileName: file.name.split(/[\\/]/).pop() ?? file.name,
    sourcePath: file.path,
    format: report.source.format,
    bytes,
    text: read.text,
    blocks: read.blocks,
    title: report.document.title,
    publisher: report.document.publisher,
    published: report.document.date,
    kind: report.document.kind,
    confidential: options.confidential ?? false,
    extractorVersion: EXTRACTOR_VERSION,
    importedBy: options.actor,
  });
  const reviewIds = new Map<string, string>();
  for (const review of report.reviews) {
    const id = await upsertReview(
      tx,
      partnership.id,
      subjectKey(review.subject),
      review,
      report.document.date,
    );
    await attachReviewDocument(tx, id, documentId, review);
    reviewIds.set(review.subject, id);
  }
  const itemIds = await insertItems(tx, documentId, report.items, reviewIds);
  if (coding) {
    const items = report.items.map((item, i) => ({
      id: itemIds[i] as string,
      kind: item.kind,
      span: item.span,
    }));
    await storeDocumentCoding(tx, options.coder, documentId, read.text, items, coding);
  }
  // Each action the document states becomes a tracked action (after coding: nothing reads codes here).
  const actions = await seedActionsForDocument(tx, documentId, options.actor);
  await recordAudit(tx, {
    actor: options.actor,
    action: 'document.import',
    entityType: 'document',
    entityId: documentId,
    partnershipId: partnership.id,
    detail: {
      file: file.name,
      sha256: report.source.sha256,
      reviews: report.reviews.length,
      items: report.items.length,
      actions,
    },
  });
  return { id: documentId, unchanged: false };
}
