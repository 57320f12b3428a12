import { sql, type Kysely } from 'kysely';

/**
 * Keys that were global become keys within a partnership, so that nothing one partnership does
 * is visible to another through them:
 * - a document's bytes are unique per partnership (SHA-256), not across the store: uploading a
 *   copy of another partnership's file imports it for the uploader's partnership instead of
 *   answering "unchanged" with the other partnership's document;
 * - an action's number ("action 12") counts within its partnership, so the gaps between one
 *   partnership's numbers no longer count another's actions. Numbers already given are kept:
 *   boards have cited them in minutes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents drop constraint documents_sha256_key`.execute(db);
  await sql`alter table documents add constraint documents_partnership_sha256 unique (partnership_id, sha256)`.execute(
    db,
  );
  await sql`alter table actions alter column number drop identity`.execute(db);
  await sql`alter table actions drop constraint actions_number_key`.execute(db);
  await sql`alter table actions add constraint actions_partnership_number unique (partnership_id, number)`.execute(
    db,
  );
}
