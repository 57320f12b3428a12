/**
 * A fresh, migrated store for one test file: PGlite restored from the run's snapshot, or, when
 * LANTERN_TEST_DATABASE_URL is set, a new PostgreSQL database copied from the migrated template.
 * The same repository tests run on both.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { fromPGlite, openServer, type Store } from '../../src/db/connect.ts';
import { adminUrl, scratchName } from './postgres.ts';

export const testEngine: 'pglite' | 'postgres' = process.env.LANTERN_TEST_DATABASE_URL
  ? 'postgres'
  : 'pglite';

export async function createTestStore(): Promise<Store> {
  const url = process.env.LANTERN_TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (url && template) {
    const name = scratchName();
    const admin = await openServer(adminUrl(url, 'postgres'), 5000);
    await sql.raw(`create database ${name} template ${template}`).execute(admin.db);
    await admin.close();
    const store = await openServer(adminUrl(url, name), 5000);
    return {
      ...store,
      async close() {
        await store.close();
        const again = await openServer(adminUrl(url, 'postgres'), 5000);
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db);
        await again.close();
      },
    };
  }
  const snapshot = new Blob([readFileSync(inject('pgliteSnapshot'))]);
  const pglite = await PGlite.create({ loadDataDir: snapshot });
  return fromPGlite(pglite, 'memory', () => pglite.close());
}
