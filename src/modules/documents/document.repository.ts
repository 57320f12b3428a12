import { sql, type Kysely } from 'kysely';
import type { Block } from '../../ingest/blocks.ts';
import type { Database } from '../../db/schema.ts';
import { writePassages } from './passage.repository.ts';

export interface NewDocument {
  partnershipId: string;
  sha256: string;
  fileName: string;
  sourcePath: string | null;
  format: string;
  bytes: Uint8Array;
  text: string;
  blocks: Block[];
  title: string | null;
  publisher: string | null;
  published: string | null;
  kind: string;
  confidential: boolean;
  extractorVersion: string;
  importedBy: string;
}

export interface DocumentSummary {
  id: string;
  fileName: string;
  format: string;
  title: string | null;
  publisher: string | null;
  published: string | null;
  kind: string;
  partnership: string;
  confidential: boolean;
  chars: number;
  items: number;
  importedAt: Date;
}

/** The documents with these bytes, in any partnership (to decide where a new copy would go). */
export async function findDocumentsBySha(
  db: Kysely<Database>,
  sha256: string,
): Promise<{ id: string; partnershipId: string; publisher: string | null; extractorVersion: string }[]> {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'partnership_id', 'publisher', 'extractor_version'])
    .where('sha256', '=', sha256)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    partnershipId: r.partnership_id,
    publisher: r.publisher,
    extractorVersion: r.extractor_version,
  }));
}

/** The id of the partnership's document with these bytes, if it was imported there before. */
export async function findDocumentIdBySha(
  db: Kysely<Database>,
  sha256: string,
  partnershipId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('documents')
    .select('id')
    .where('sha256', '=', sha256)
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Inserts a document, its original bytes and its passages for search; returns its id. */
export async function insertDocument(db: Kysely<Database>, doc: NewDocument): Promise<string> {
  const { id } = await db
    .insertInto('documents')
    .values({
      partnership_id: doc.partnershipId,
      sha256: doc.sha256,
      file_name: doc.fileName,
      source_path: doc.sourcePath,
      format: doc.format,
      byte_size: doc.bytes.length,
      text: doc.text,
      blocks: JSON.stringify(doc.blocks),
      title: doc.title,
      publisher: doc.publisher,
      published: doc.published,
      kind: doc.kind,
      confidential: doc.confidential,
      extractor_version: doc.extractorVersion,
      imported_by: doc.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('document_files')
    .values({ document_id: id, bytes: Buffer.from(doc.bytes) })
    .execute();
  await writePassages(db, id, doc.text, doc.blocks);
  return id;
}

/** Every document with its item count, newest first. */
export async function listDocuments(db: Kysely<Database>): Promise<DocumentSummary[]> {
  const rows = await db
    .selectFrom('documents as d')
    .innerJoin('partnerships as p', 'p.id', 'd.partnership_id')
    .select([
      'd.id',
      'd.file_name',
      'd.format',
      'd.title',
      'd.publisher',
      'd.published',
      'd.kind',
      'd.confidential',
      'd.imported_at',
      'p.name as partnership',
      sql<number>`length(d.text)`.as('chars'),
      (eb) =>
        eb
          .selectFrom('items')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('items.document_id', '=', 'd.id')
          .as('items'),
    ])
    .orderBy('d.imported_at', 'desc')
    .orderBy('d.file_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    title: r.title,
    publisher: r.publisher,
    published: r.published,
    kind: r.kind,
    partnership: r.partnership,
    confidential: r.confidential,
    chars: Number(r.chars),
    items: Number(r.items ?? 0),
    importedAt: r.imported_at,
  }));
}

export interface StoreCounts {
  partnerships: number;
  documents: number;
  reviews: number;
  items: number;
  itemLinks: number;
}

/** How many of each thing the store holds. */
export async function countStore(db: Kysely<Database>): Promise<StoreCounts> {
  const count = async (table: 'partnerships' | 'documents' | 'reviews' | 'items' | 'item_links') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    partnerships: await count('partnerships'),
    documents: await count('documents'),
    reviews: await count('reviews'),
    items: await count('items'),
    itemLinks: await count('item_links'),
  };
}

/** The stored text of a document, for showing spans in context. */
export async function getDocumentText(
  db: Kysely<Database>,
  id: string,
): Promise<{ fileName: string; text: string } | null> {
  const row = await db
    .selectFrom('documents')
    .select(['file_name', 'text'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { fileName: row.file_name, text: row.text } : null;
}
