import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runLantern } from '../../test/helpers/cli.ts';
import { openEmbedded } from './connect.ts';
import { lockDataDir, processStart } from './lock.ts';
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

/** A child process that takes the lock on `dir`, says so, then blocks its event loop for good. */
async function blockedHolder(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { lockDataDir } from './src/db/lock.ts'; await lockDataDir(${JSON.stringify(dir)}); ` +
        "console.log('locked'); setTimeout(() => { for (;;); }, 10);",
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()),
  );
  return child;
}

/** Makes the lock look untouched for `ms` (as when its holder's event loop is blocked that long). */
function backdate(dir: string, ms: number) {
  const then = new Date(Date.now() - ms);
  utimesSync(join(dir, 'store.lock'), then, then);
}

describe('lockDataDir never trusts time alone', () => {
  it('never takes the lock of a live holder whose event loop is blocked, however old the lock looks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    const child = await blockedHolder(dir);
    try {
      // Its refresh cannot run; the lock looks ten minutes old, far past any stale period.
      backdate(dir, 10 * 60_000);
      await expect(lockDataDir(dir)).rejects.toMatchObject({
        code: 'STORE_LOCKED',
        message: expect.stringContaining(`in use by process ${child.pid}`),
      });
      expect(existsSync(join(dir, 'store.lock'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
    }
    // Once it is dead, its lock is reclaimed at once.
    const lock = await lockDataDir(dir);
    await lock.release();
  });

  it('reclaims a lock whose pid now belongs to another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      expect(processStart(other.pid as number)).toMatch(/:\d+$/);
      mkdirSync(join(dir, 'store.lock'));
      writeFileSync(
        join(dir, 'store.lock.owner'),
        JSON.stringify({
          pid: other.pid,
          host: hostname(),
          since: '2026-01-01T00:00:00.000Z',
          command: 'serve',
          started: 'another-boot:12345',
        }),
      );
      const lock = await lockDataDir(dir);
      await lock.release();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('honours a lock held on another computer, however old, and says how to clear it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    mkdirSync(join(dir, 'store.lock'));
    writeFileSync(
      join(dir, 'store.lock.owner'),
      JSON.stringify({
        pid: 4242,
        host: 'elsewhere.example',
        since: '2026-01-01T00:00:00.000Z',
        command: 'serve',
      }),
    );
    backdate(dir, 60 * 60_000);
    await expect(lockDataDir(dir)).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringMatching(
        /process 4242 .* on the computer elsewhere\.example.*remove .*store\.lock/,
      ),
    });
  });

  it('lets only one of two processes reclaim the same dead lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-lock-'));
    const child = await blockedHolder(dir);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const script =
      `import { lockDataDir } from './src/db/lock.ts'; ` +
      `try { await lockDataDir(${JSON.stringify(dir)}); console.log('took'); setTimeout(() => {}, 1500); } ` +
      `catch (e) { console.log(e.code); }`;
    const race = () =>
      new Promise<string>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.on('close', () => resolve(out.trim()));
      });
    const outcomes = await Promise.all([race(), race(), race()]);
    expect(outcomes.filter((o) => o === 'took')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'STORE_LOCKED')).toHaveLength(2);
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
