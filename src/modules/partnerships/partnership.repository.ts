import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';

export interface Partnership {
  id: string;
  slug: string;
  name: string;
  aliases: string[];
}

/** Documents whose publisher is unknown, imported without --partnership, land here. */
export const UNASSIGNED = { slug: 'unassigned', name: 'Unassigned' } as const;

/**
 * A stable slug for a partnership name: "Cumbria LSCB" and "Cumbria Local Safeguarding Children
 * Board" give the same slug, so one partnership is not split by how a document names it.
 */
export function partnershipSlug(name: string): string {
  const expanded = name
    .toLowerCase()
    .replace(/\blscb\b/g, 'local safeguarding children board')
    .replace(/\bscb\b/g, 'safeguarding children board')
    .replace(/\bsab\b/g, 'safeguarding adults board')
    .replace(/&/g, ' and ')
    .replace(/\bthe\b/g, ' ')
    .replace(/['’]s\b/g, 's');
  return (
    expanded
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || UNASSIGNED.slug
  );
}

function toPartnership(row: { id: string; slug: string; name: string; aliases: string[] }): Partnership {
  return { id: row.id, slug: row.slug, name: row.name, aliases: row.aliases };
}

/** The partnership with this slug, or with a former name (kept by a rename) of this slug. */
async function findBySlug(
  db: Kysely<Database>,
  slug: string,
  among: readonly string[] | null,
): Promise<Partnership | null> {
  let q = db.selectFrom('partnerships').select(['id', 'slug', 'name', 'aliases']);
  if (among !== null) q = q.where(sql<boolean>`id = any(${[...among]}::uuid[])`);
  const current = await q.where('slug', '=', slug).executeTakeFirst();
  if (current) return toPartnership(current);
  const renamed = await q.where(sql<boolean>`cardinality(aliases) > 0`).execute();
  const former = renamed.find((p) => p.aliases.some((a) => partnershipSlug(a) === slug));
  return former ? toPartnership(former) : null;
}

/** The partnership a name would be filed under (by slug), without creating it. */
export async function findPartnershipNamed(db: Kysely<Database>, name: string): Promise<Partnership | null> {
  return findBySlug(db, partnershipSlug(name), null);
}

/**
 * The partnership a document's publisher names (by slug, so spellings agree), created if none
 * has that name: a document is always filed under the body that wrote it.
 */
export async function findOrCreatePartnership(db: Kysely<Database>, name: string): Promise<Partnership> {
  const slug = partnershipSlug(name);
  const existing = await findBySlug(db, slug, null);
  if (existing) return existing;
  // Another transaction may create the same slug concurrently: let the unique key decide.
  await db
    .insertInto('partnerships')
    .values({ slug, name: name.trim() })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name', 'aliases'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return toPartnership(row);
}

/** Every partnership, by name. */
export async function listPartnerships(db: Kysely<Database>): Promise<Partnership[]> {
  const rows = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name', 'aliases'])
    .orderBy('name')
    .execute();
  return rows.map(toPartnership);
}

/**
 * One partnership by id, slug, name (any spelling with the same slug) or a part of its name
 * ("Kestrelford"); null when none matches. Refuses a part of a name that several share. The one
 * rule every command and route uses to find a partnership by what a person typed.
 *
 * `among` limits the search to the partnerships a user may see, so that neither a match nor an
 * ambiguity reveals a partnership they do not belong to (null: every partnership).
 */
export async function findPartnership(
  db: Kysely<Database>,
  ref: string,
  among: readonly string[] | null = null,
): Promise<Partnership | null> {
  const text = ref.trim();
  if (!text) return null;
  const slug = partnershipSlug(text);
  const base = () => {
    const q = db.selectFrom('partnerships').select(['id', 'slug', 'name', 'aliases']);
    return among === null ? q : q.where(sql<boolean>`id = any(${[...among]}::uuid[])`);
  };
  const exact = await base()
    .where((eb) =>
      eb.or([
        eb('slug', '=', text.toLowerCase()),
        ...(/^[0-9a-f-]{36}$/i.test(text) ? [eb('id', '=', text.toLowerCase())] : []),
      ]),
    )
    .executeTakeFirst();
  if (exact) return toPartnership(exact);
  const named = await findBySlug(db, slug, among);
  if (named) return named;
  const partial = await base()
    .where(sql<boolean>`strpos(lower(name), ${text.toLowerCase()}) > 0`)
    .orderBy('name')
    .limit(5)
    .execute();
  if (partial.length > 1)
    throw new LanternError(
      'AMBIGUOUS',
      `"${ref}" matches several partnerships: ${partial.map((p) => p.name).join('; ')}; give more of the name`,
    );
  return partial[0] ? toPartnership(partial[0]) : null;
}

/** findPartnership, or a NOT_FOUND that says how to list (and, for the operator, add) partnerships. */
export async function requirePartnership(
  db: Kysely<Database>,
  ref: string,
  among: readonly string[] | null = null,
): Promise<Partnership> {
  const found = await findPartnership(db, ref, among);
  if (found) return found;
  throw new LanternError(
    'NOT_FOUND',
    among === null
      ? `no partnership "${ref}". List them with: lantern partnerships list; add one with: lantern partnerships add NAME`
      : `no partnership "${ref}" among yours`,
  );
}

/** A name as typed, spaces tidied; refused when empty, over 200 characters or without letters. */
function partnershipName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!/\p{L}/u.test(clean) || clean.length > 200)
    throw new LanternError(
      'INVALID_INPUT',
      'a partnership needs a name (up to 200 characters, with letters)',
    );
  return clean;
}

/** Adds a partnership; refuses a name whose slug another partnership has. */
export async function addPartnership(db: Kysely<Database>, name: string): Promise<Partnership> {
  const clean = partnershipName(name);
  const slug = partnershipSlug(clean);
  const taken = await db
    .selectFrom('partnerships')
    .select('name')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (taken) throw new LanternError('CONFLICT', `a partnership named "${taken.name}" already exists`);
  const row = await db
    .insertInto('partnerships')
    .values({ slug, name: clean })
    .returning(['id', 'slug', 'name', 'aliases'])
    .executeTakeFirstOrThrow();
  return toPartnership(row);
}

/**
 * Renames a partnership. Its slug follows the new name, and the old name is kept as an alias, so
 * documents that name it the old way are still filed under it.
 */
export async function renamePartnership(
  db: Kysely<Database>,
  id: string,
  name: string,
): Promise<Partnership> {
  const clean = partnershipName(name);
  const slug = partnershipSlug(clean);
  const taken = await db
    .selectFrom('partnerships')
    .select('name')
    .where('slug', '=', slug)
    .where('id', '<>', id)
    .executeTakeFirst();
  if (taken) throw new LanternError('CONFLICT', `a partnership named "${taken.name}" already exists`);
  const row = await db
    .updateTable('partnerships')
    .set((eb) => ({
      name: clean,
      slug,
      aliases: sql<
        string[]
      >`array(select distinct a from unnest(${eb.ref('aliases')} || array[${eb.ref('name')}]) a where a <> ${clean})`,
    }))
    .where('id', '=', id)
    .returning(['id', 'slug', 'name', 'aliases'])
    .executeTakeFirstOrThrow();
  return toPartnership(row);
}
