/**
 * Runs the migrations with Kysely's Migrator, which holds a lock while it works (an advisory lock
 * on PostgreSQL), so two processes starting at once cannot both migrate.
 */
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { describeError, LanternError } from '../shared/errors.ts';
import { migrations } from './migrations/index.ts';

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

/** Applies every pending migration; returns the ones it ran. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db as Kysely<unknown>).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new LanternError('DB_MIGRATION_FAILED', `Migration ${failed} failed: ${describeError(error)}`, {
      cause: error,
    });
  }
  return results ?? [];
}

/** Migrates up or down to the named migration (tests of a migration's data step use it). */
export async function migrateTo<T>(db: Kysely<T>, name: string): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db as Kysely<unknown>).migrateTo(name);
  if (error)
    throw new LanternError('DB_MIGRATION_FAILED', `Migrating to ${name} failed: ${describeError(error)}`, {
      cause: error,
    });
  return results ?? [];
}

/** Every known migration and when it ran (null when pending). */
export async function migrationStatus<T>(db: Kysely<T>): Promise<MigrationState[]> {
  const list = await migrator(db as Kysely<unknown>).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
