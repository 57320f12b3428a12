/**
 * The planner's statistics, kept fresh after Lantern writes in bulk. A PostgreSQL server's
 * autovacuum analyzes tables as they grow; PGlite runs no autovacuum, so without this an embedded
 * store would never have statistics: every plan would rest on default guesses, and search could
 * not tell a common word from a rare one (see modules/library/search-plan.ts).
 */
import { sql, type Kysely } from 'kysely';

/** A table is analyzed again once it has grown by this share since its last ANALYZE... */
const GROWTH = 0.1;
/** ...and by at least this many pages (8 KB each), so small tables are not analyzed at every write. */
const MIN_PAGES = 8;

const versions = new WeakMap<object, number>();

/** Goes up each time refreshStatistics analyzes something in this store: caches of statistics compare it. */
export function statisticsVersion<T>(db: Kysely<T>): number {
  return versions.get(db) ?? 0;
}

/**
 * Vacuums and analyzes the tables that were never analyzed or have grown by GROWTH since (growth
 * measured in pages, which inserts and updates both add); returns their names. Call it after an
 * import, a re-coding or a store load: outside a transaction, once per batch.
 */
export async function refreshStatistics<T>(db: Kysely<T>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and pg_relation_size(c.oid) / current_setting('block_size')::int
          >= greatest(c.relpages * ${1 + GROWTH}::float8, c.relpages + ${MIN_PAGES}::int)
    order by c.relname`.execute(db);
  if (rows.length === 0) return [];
  // VACUUM too: with no autovacuum, the rows an update or a re-coding leaves dead would stay.
  // (VACUUM cannot run in a transaction; there, ANALYZE alone.)
  const tables = sql.join(rows.map((r) => sql.table(r.name)));
  await (db.isTransaction ? sql`analyze ${tables}` : sql`vacuum (analyze) ${tables}`).execute(db);
  versions.set(db, statisticsVersion(db) + 1);
  return rows.map((r) => r.name);
}
