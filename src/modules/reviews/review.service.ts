/**
 * A review as a reader wants it: its facts, its documents, and its learning as chains
 * finding -> recommendation -> action -> measure, each item with its source span.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';
import { mayReadReviewSql, type Principal } from '../access/access.ts';
import { listItemsForReview, listLinksAmong, type StoredItem } from '../items/item.repository.ts';
import { findReviews, getReviewDetail, type ReviewDetail } from './review.repository.ts';

export interface ChainNode {
  item: StoredItem;
  next: ChainNode[];
}

export interface ReviewView {
  review: ReviewDetail;
  items: StoredItem[];
  /** Roots of the stated links; items with no links appear as roots with no `next`. */
  chains: ChainNode[];
}

/** Finds one review by id, id prefix or subject; refuses an ambiguous or unknown reference. */
export async function resolveReview(
  db: Kysely<Database>,
  ref: string,
  /** Whose reviews to look among (the CLI operator's: all of them). */
  principal?: Principal,
): Promise<string> {
  const matches = await findReviews(db, ref, principal ? mayReadReviewSql(principal) : undefined);
  if (matches.length === 0)
    throw new LanternError('NOT_FOUND', `No review matches "${ref}". List them with: lantern list reviews`);
  if (matches.length > 1) {
    const options = matches.map((m) => `  ${m.id.slice(0, 8)}  ${m.subject} (${m.partnership})`).join('\n');
    throw new LanternError(
      'AMBIGUOUS',
      `"${ref}" matches ${matches.length} reviews; give an id:\n${options}`,
    );
  }
  return (matches[0] as { id: string }).id;
}

/** Builds chains from links: an item is a root when nothing links to it. */
export function buildChains(items: StoredItem[], links: { from: string; to: string }[]): ChainNode[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const targets = new Set(links.map((l) => l.to));
  const build = (item: StoredItem, seen: Set<string>): ChainNode => ({
    item,
    next: links
      .filter((l) => l.from === item.id && byId.has(l.to) && !seen.has(l.to))
      .map((l) => build(byId.get(l.to) as StoredItem, new Set([...seen, l.to]))),
  });
  return items.filter((i) => !targets.has(i.id)).map((i) => build(i, new Set([i.id])));
}

/** Everything `lantern show review` prints. */
export async function getReviewView(db: Kysely<Database>, ref: string): Promise<ReviewView> {
  const id = await resolveReview(db, ref);
  const review = await getReviewDetail(db, id);
  if (!review) throw new LanternError('NOT_FOUND', `No review with id ${id}`);
  const items = await listItemsForReview(db, id);
  const links = await listLinksAmong(
    db,
    items.map((i) => i.id),
  );
  return { review, items, chains: buildChains(items, links) };
}
