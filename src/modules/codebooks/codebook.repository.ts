/**
 * Codebooks in the store. A codebook has numbered versions; each version holds its own code rows,
 * and a coding points at the exact row it used, so a later version never relabels an earlier
 * coding. Saving content identical to the latest version makes no new version.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  defaultCodebook,
  type Codebook,
  type CodeDef,
  type Vocabulary,
} from '../../classify/codebook/codebook.ts';
import { LanternError } from '../../shared/errors.ts';

export interface StoredCodebook {
  codebookId: string;
  versionId: string;
  version: number;
  book: Codebook;
  /** Code key -> code row id in this version. */
  codeIds: Map<string, string>;
}

export interface SaveResult {
  codebookId: string;
  versionId: string;
  version: number;
  /** False when the content matched the latest version, which is returned instead. */
  created: boolean;
}

/** The note on versions of Lantern's own codebook saved from the shipped file. */
export const SHIPPED_NOTE = 'shipped with Lantern';

function contentHash(book: Codebook): string {
  return createHash('sha256').update(JSON.stringify(book)).digest('hex');
}

/** Saves a codebook as a new version (creating the codebook on first save). */
export async function saveCodebook(
  db: Kysely<Database>,
  book: Codebook,
  note: string | null = null,
): Promise<SaveResult> {
  const hash = contentHash(book);
  return db.transaction().execute(async (tx) => {
    let codebook = await tx
      .selectFrom('codebooks')
      .select(['id'])
      .where('slug', '=', book.slug)
      .executeTakeFirst();
    if (codebook) {
      await tx
        .updateTable('codebooks')
        .set({ name: book.name, description: book.description })
        .where('id', '=', codebook.id)
        .execute();
    } else {
      codebook = await tx
        .insertInto('codebooks')
        .values({ slug: book.slug, name: book.name, description: book.description })
        .returning(['id'])
        .executeTakeFirstOrThrow();
    }
    const latest = await tx
      .selectFrom('codebook_versions')
      .select(['id', 'version', 'content_hash'])
      .where('codebook_id', '=', codebook.id)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (latest?.content_hash === hash)
      return { codebookId: codebook.id, versionId: latest.id, version: latest.version, created: false };
    const version = (latest?.version ?? 0) + 1;
    const row = await tx
      .insertInto('codebook_versions')
      .values({ codebook_id: codebook.id, version, note, content_hash: hash })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('codes')
      .values(
        book.codes.map((c, position) => ({
          codebook_version_id: row.id,
          position,
          key: c.key,
          parent_key: c.parent,
          label: c.label,
          definition: c.definition,
          inclusion: c.include,
          exclusion: c.exclude,
          vocabulary: JSON.stringify(c.vocabulary),
          reference_code: c.reference,
          polarity: c.polarity,
          group_name: c.group,
        })),
      )
      .execute();
    return { codebookId: codebook.id, versionId: row.id, version, created: true };
  });
}

export interface CodebookSummary {
  slug: string;
  name: string;
  primary: boolean;
  version: number;
  codes: number;
  updated: string;
}

export async function listCodebooks(db: Kysely<Database>): Promise<CodebookSummary[]> {
  const rows = await db
    .selectFrom('codebooks as b')
    .innerJoin('codebook_versions as v', 'v.codebook_id', 'b.id')
    .select((eb) => [
      'b.slug',
      'b.name',
      'b.is_primary',
      'v.version',
      'v.created_at',
      eb
        .selectFrom('codes')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('codes.codebook_version_id', '=', 'v.id')
        .as('codes'),
    ])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('codebook_versions as newer')
            .select('newer.id')
            .whereRef('newer.codebook_id', '=', 'b.id')
            .whereRef('newer.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('b.slug')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    primary: r.is_primary,
    version: r.version,
    codes: Number(r.codes ?? 0),
    updated: new Date(r.created_at).toISOString(),
  }));
}

/** Loads a codebook version (the latest by default). */
export async function loadCodebook(
  db: Kysely<Database>,
  slug: string,
  version?: number,
): Promise<StoredCodebook> {
  const book = await db.selectFrom('codebooks').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!book) throw new LanternError('NOT_FOUND', `no codebook "${slug}"`);
  let q = db.selectFrom('codebook_versions').selectAll().where('codebook_id', '=', book.id);
  q = version === undefined ? q.orderBy('version', 'desc') : q.where('version', '=', version);
  const v = await q.executeTakeFirst();
  if (!v) throw new LanternError('NOT_FOUND', `codebook "${slug}" has no version ${version ?? ''}`.trim());
  const codes = await db
    .selectFrom('codes')
    .selectAll()
    .where('codebook_version_id', '=', v.id)
    .orderBy('position')
    .execute();
  const defs: CodeDef[] = codes.map((c) => ({
    key: c.key,
    parent: c.parent_key,
    label: c.label,
    group: (c.group_name as CodeDef['group']) ?? null,
    polarity: c.polarity === 'presence' ? 'presence' : 'topic',
    definition: c.definition,
    include: c.inclusion,
    exclude: c.exclusion,
    reference: c.reference_code,
    vocabulary: {
      terms: [],
      weak: [],
      near: [],
      abbreviations: [],
      patterns: [],
      not: [],
      ...(c.vocabulary as Partial<Vocabulary>),
    },
  }));
  return {
    codebookId: book.id,
    versionId: v.id,
    version: v.version,
    book: { slug: book.slug, name: book.name, description: book.description, codes: defs },
    codeIds: new Map(codes.map((c) => [c.key, c.id])),
  };
}

/** Makes a codebook the primary one: the one new documents are coded with. */
export async function setPrimaryCodebook(db: Kysely<Database>, slug: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('codebooks').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!found) throw new LanternError('NOT_FOUND', `no codebook "${slug}"`);
    await tx.updateTable('codebooks').set({ is_primary: false }).where('is_primary', '=', true).execute();
    await tx.updateTable('codebooks').set({ is_primary: true }).where('id', '=', found.id).execute();
  });
}

/**
 * The primary codebook's latest version. On a store with none, Lantern's own codebook is saved and
 * made primary; when Lantern's shipped codebook changes, a new version of it is saved.
 */
export async function primaryCodebook(db: Kysely<Database>): Promise<StoredCodebook> {
  const shipped = defaultCodebook();
  const primary = await db
    .selectFrom('codebooks')
    .select('slug')
    .where('is_primary', '=', true)
    .executeTakeFirst();
  if (!primary || primary.slug === shipped.slug) {
    // Lantern's codebook follows the shipped one until someone saves a version of their own.
    const latest = await db
      .selectFrom('codebook_versions as v')
      .innerJoin('codebooks as b', 'b.id', 'v.codebook_id')
      .select('v.note')
      .where('b.slug', '=', shipped.slug)
      .orderBy('v.version', 'desc')
      .executeTakeFirst();
    if (!latest || latest.note === SHIPPED_NOTE) await saveCodebook(db, shipped, SHIPPED_NOTE);
    if (!primary) await setPrimaryCodebook(db, shipped.slug);
    return loadCodebook(db, shipped.slug);
  }
  return loadCodebook(db, primary.slug);
}
