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

/** Finds a partnership by slug, or creates it with `name`. */
export async function findOrCreatePartnership(db: Kysely<Database>, name: string): Promise<Partnership> {
  const slug = partnershipSlug(name);
  const existing = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name', 'aliases'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (existing) return toPartnership(existing);
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
 * ("Kestrelford"); null when none matches. Refuses a part of a name that several share.
 */
export async function findPartnership(db: Kysely<Database>, ref: string): Promise<Partnership | null> {
  const text = ref.trim();
  if (!text) return null;
  const slug = partnershipSlug(text);
  const exact = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name', 'aliases'])
    .where((eb) =>
      eb.or([
        eb('slug', '=', slug),
        eb('slug', '=', text.toLowerCase()),
        ...(/^[0-9a-f-]{36}$/i.test(text) ? [eb('id', '=', text.toLowerCase())] : []),
      ]),
    )
    .executeTakeFirst();
  if (exact) return toPartnership(exact);
  const partial = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name', 'aliases'])
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
