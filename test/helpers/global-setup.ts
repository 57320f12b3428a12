/**
 * Runs once per test run. Creating and migrating a PGlite data dir takes seconds, so it is done
 * once and snapshotted; every test file restores the snapshot (well under a second). On
 * PostgreSQL (LANTERN_TEST_DATABASE_URL) a migrated template database plays the same part.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { fromPGlite, openServer } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { adminUrl, templateName } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-test-'));
  const pglite = await PGlite.create();
  const store = fromPGlite(pglite, 'memory', () => pglite.close());
  await migrateToLatest(store.db);
  const snapshot = await pglite.dumpDataDir('none');
  await store.close();
  const snapshotPath = join(dir, 'migrated.tar');
  writeFileSync(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('pgliteSnapshot', snapshotPath);

  const url = process.env.LANTERN_TEST_DATABASE_URL;
  let template: string | null = null;
  if (url) {
    template = templateName();
    const admin = await openServer(adminUrl(url, 'postgres'), 5000);
    await sql.raw(`drop database if exists ${template}`).execute(admin.db);
    await sql.raw(`create database ${template}`).execute(admin.db);
    await admin.close();
    const tpl = await openServer(adminUrl(url, template), 5000);
    await migrateToLatest(tpl.db);
    await tpl.close();
  }
  project.provide('postgresTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = await openServer(adminUrl(url, 'postgres'), 5000);
      await sql.raw(`drop database if exists ${template} with (force)`).execute(admin.db);
      await admin.close();
    }
  };
}
