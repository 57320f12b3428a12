/** A document's passages for search (see ingest/passages.ts): written with the document, rebuilt from its text. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Block } from '../../ingest/blocks.ts';
import { passagesOf } from '../../ingest/passages.ts';

/** Writes the passages of a document (replacing any it had); returns how many. */
export async function writePassages(
  db: Kysely<Database>,
  documentId: string,
  text: string,
  blocks: readonly Block[],
): Promise<number> {
  await db.deleteFrom('document_passages').where('document_id', '=', documentId).execute();
  const spans = passagesOf(text, blocks);
  if (spans.length === 0) return 0;
  // Offsets are JavaScript string offsets, as every span in Lantern is: the texts are cut here.
  // One statement however many passages (a long report has hundreds).
  await sql`
    insert into document_passages (document_id, position, span_start, span_end, text)
    select ${documentId}::uuid, p.position - 1, p.span_start, p.span_end, p.text
    from unnest(${spans.map((s) => s.start)}::int[], ${spans.map((s) => s.end)}::int[],
      ${spans.map((s) => text.slice(s.start, s.end))}::text[]) with ordinality as p(span_start, span_end, text, position)`.execute(
    db,
  );
  return spans.length;
}

/**
 * Builds the passages of every document that has none (documents stored before passages existed,
 * or loaded from an export, which leaves derived data out), a batch at a time; returns how many
 * documents it read.
 */
export async function buildMissingPassages(db: Kysely<Database>, batch = 50): Promise<number> {
  let read = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const docs = await sql<{ id: string; text: string; blocks: Block[] }>`
      select d.id, d.text, d.blocks from documents d
      where d.id > ${after}::uuid and not exists (select 1 from document_passages p where p.document_id = d.id)
      order by d.id limit ${batch}`.execute(db);
    if (docs.rows.length === 0) return read;
    for (const d of docs.rows) await writePassages(db, d.id, d.text, d.blocks);
    read += docs.rows.length;
    after = docs.rows.at(-1)?.id ?? after;
  }
}
