import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runLantern } from '../../test/helpers/cli.ts';
import { openEmbedded } from './connect.ts';
import { lockDataDir } from './lock.ts';
import { migrateToLatest } from './migrate.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('lockDataDir', () => {
  it('refuses a second holder and names the process that holds the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringContaining(`process ${process.pid}`),
    });
    await lock.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it('reclaims at once a lock left by a process that was killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { lockDataDir } from './src/db/lock.ts'; await lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()),
    );
    await expect(lockDataDir(dir)).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringContaining(`process ${child.pid}`),
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(join(dir, 'store.lock'))).toBe(true);
    const started = Date.now();
    const lock = await lockDataDir(dir);
    expect(Date.now() - started).toBeLessThan(2000);
    await lock.release();
  });
});

describe('embedded store opened by two processes', () => {
  it('refuses the second process with a clear message and keeps the data intact', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lantern-two-')), 'store');
    const store = await openEmbedded(dir);
    try {
      await migrateToLatest(store.db);
      await store.db.insertInto('partnerships').values({ slug: 'kept', name: 'Kept Partnership' }).execute();
      const second = await runLantern([
        '--data-dir',
        dir,
        'import',
        join(ROOT, 'test/fixtures/import/child-r-response.md'),
      ]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`in use by process ${process.pid}`);
      expect(second.stderr).not.toMatch(/\n\s+at /);
      // The first process still reads and writes its data as before.
      await store.db.insertInto('partnerships').values({ slug: 'after', name: 'After' }).execute();
      const rows = await sql<{ slug: string }>`select slug from partnerships order by slug`.execute(store.db);
      expect(rows.rows.map((r) => r.slug)).toEqual(['after', 'kept']);
    } finally {
      await store.close();
    }
    const list = await runLantern(['--data-dir', dir, 'export', '--format', 'json']);
    expect(list.code).toBe(0);
    expect(
      (JSON.parse(list.stdout) as { tables: { partnerships: unknown[] } }).tables.partnerships,
    ).toHaveLength(2);
  });
});
