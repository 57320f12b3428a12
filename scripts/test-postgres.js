#!/usr/bin/env node
// Runs the repository suite (every test that uses a store) against a PostgreSQL server:
// LANTERN_TEST_DATABASE_URL, or the local server at 127.0.0.1:5432 as user postgres.
import { spawnSync } from 'node:child_process';

const url = process.env.LANTERN_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const suite = ['src/db/migrate.test.ts', 'src/db/statistics.test.ts', 'src/modules', 'src/server'];
const result = spawnSync('npx', ['vitest', 'run', ...suite, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, LANTERN_TEST_DATABASE_URL: url },
});
process.exit(result.status ?? 1);
