import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { WRITE_BATCH } from '../../db/connect.ts';
import type { ExtractedItem } from '../../shared/extraction-report.ts';

export interface StoredItem {
  id: string;
  documentId: string;
  kind: string;
  ref: string | null;
  text: string;
  span: [number, number];
  owner: string | null;
  deadline: string | null;
}

/**
 * Inserts a document's items in document order, then the links the document states between
 * them. `reviewIds` maps a review subject to its stored id.
 */
export async function insertItems(
  db: Kysely<Database>,
  documentId: string,
  items: ExtractedItem[],
  reviewIds: Map<string, string>,
): Promise<string[]> {
  if (items.length === 0) return [];
  const ids: string[] = [];
  // Batches keep each statement's parameter count well under PostgreSQL's limit, and each
  // statement short: the embedded store runs SQL on the server's thread, between requests.
  for (let from = 0; from < items.length; from += WRITE_BATCH) {
    const batch = items.slice(from, from + WRITE_BATCH);
    const rows = await db
      .insertInto('items')
      .values(
        batch.map((item, n) => ({
          document_id: documentId,
          review_id: item.review ? (reviewIds.get(item.review) ?? null) : null,
          position: from + n,
          kind: item.kind,
          ref: item.ref,
          text: item.text,
          span_start: item.span[0],
          span_end: item.span[1],
          owner: item.owner,
          deadline: item.deadline,
        })),
      )
      .returning(['id', 'position'])
      .execute();
    for (const r of rows.sort((a, b) => a.position - b.position)) ids.push(r.id);
  }
  const links = items.flatMap((item, i) =>
    (item.links ?? [])
      .filter((j) => j !== i && ids[j] !== undefined)
      .map((j) => ({ from_item_id: ids[i] ?? '', to_item_id: ids[j] ?? '', origin: 'document' })),
  );
  if (links.length > 0)
    await db
      .insertInto('item_links')
      .values(links)
      .onConflict((oc) => oc.doNothing())
      .execute();
  return ids;
}

/** A review's items in document order. */
export async function listItemsForReview(db: Kysely<Database>, reviewId: string): Promise<StoredItem[]> {
  const rows = await db
    .selectFrom('items')
    .select(['id', 'document_id', 'kind', 'ref', 'text', 'span_start', 'span_end', 'owner', 'deadline'])
    .where('review_id', '=', reviewId)
    .orderBy('document_id')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    documentId: r.document_id,
    kind: r.kind,
    ref: r.ref,
    text: r.text,
    span: [r.span_start, r.span_end],
    owner: r.owner,
    deadline: r.deadline,
  }));
}

/** Links (from -> to) among the given items. */
export async function listLinksAmong(
  db: Kysely<Database>,
  itemIds: string[],
): Promise<{ from: string; to: string }[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom('item_links')
    .select(['from_item_id', 'to_item_id'])
    .where('from_item_id', 'in', itemIds)
    .execute();
  return rows.map((r) => ({ from: r.from_item_id, to: r.to_item_id }));
}
