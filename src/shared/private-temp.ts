/**
 * Private temporary folders for files that hold confidential text (uploads, PDFs handed to
 * poppler): owner-only (mkdtemp gives 0700 and a name nobody can guess), named after the process
 * that made them, so that folders left by a process that was killed can be told apart from those
 * of one still running, and removed.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a process with this pid runs (one we may not signal still runs). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders `<prefix><pid>-…` under `base`, of this user, whose process is gone. */
export function staleTempDirs(base: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const pattern = new RegExp(`^${prefix}(\\d+)-`);
  return names
    .map((name) => ({ name, pid: Number(pattern.exec(name)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid))
    .map(({ name }) => join(base, name))
    .filter((path) => {
      try {
        const s = statSync(path);
        return s.isDirectory() && (uid === undefined || s.uid === uid);
      } catch {
        return false;
      }
    });
}

/** Removes the folders of `prefix` left by dead processes under `base`. */
export async function removeStaleTempDirs(base: string, prefix: string): Promise<void> {
  for (const stale of staleTempDirs(base, prefix)) await rm(stale, { recursive: true, force: true });
}

const swept = new Set<string>();

/**
 * A new private folder `<base>/<prefix><pid>-XXXXXX`. The first call for a prefix in a process
 * also removes that prefix's folders left by dead processes.
 */
export async function makePrivateTempDir(prefix: string, base: string = tmpdir()): Promise<string> {
  const key = `${base}\0${prefix}`;
  if (!swept.has(key)) {
    swept.add(key);
    await removeStaleTempDirs(base, prefix);
  }
  return mkdtemp(join(base, `${prefix}${process.pid}-`));
}
