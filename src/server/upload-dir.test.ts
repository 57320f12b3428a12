/**
 * Upload folders: owner-only, emptied of what a killed server left, and (without a data dir)
 * private to the process, with those of dead processes removed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openUploadDir } from './upload-dir.ts';

describe('openUploadDir', () => {
  it('uses <data dir>/tmp, owner-only, and empties what a killed server left there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lantern-data-'));
    mkdirSync(join(dataDir, 'tmp', 'upload-old'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dataDir, 'tmp', 'upload-old', '0-confidential.txt'), 'confidential');
    const dir = await openUploadDir({ dataDir });
    expect(dir.path).toBe(join(dataDir, 'tmp'));
    expect(statSync(dir.path).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir.path)).toEqual([]);
    writeFileSync(join(dir.path, 'left'), 'x');
    await dir.close();
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('without a data dir: a private folder per process; those of dead processes are removed, live ones kept', async () => {
    const base = mkdtempSync(join(tmpdir(), 'lantern-base-'));
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    const dead = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('close', resolve));
    try {
      const deadDir = join(base, `lantern-uploads-${dead.pid}-abc123`);
      const liveDir = join(base, `lantern-uploads-${live.pid}-def456`);
      const other = join(base, 'something-else');
      for (const d of [deadDir, liveDir, other]) mkdirSync(d);
      writeFileSync(join(deadDir, '0-confidential.txt'), 'confidential');
      const dir = await openUploadDir({ base });
      expect(dir.path.startsWith(join(base, `lantern-uploads-${process.pid}-`))).toBe(true);
      expect(statSync(dir.path).mode & 0o777).toBe(0o700);
      expect(existsSync(deadDir)).toBe(false);
      expect(existsSync(liveDir)).toBe(true);
      expect(existsSync(other)).toBe(true);
      await dir.close();
      expect(existsSync(dir.path)).toBe(false);
    } finally {
      live.kill('SIGKILL');
    }
  });
});
