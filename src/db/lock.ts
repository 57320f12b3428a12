/**
 * An exclusive lock on an embedded data dir. PGlite corrupts a data dir silently when two
 * processes open it, so nothing opens one without this lock.
 *
 * proper-lockfile gives an atomic, mtime-refreshed lock directory (stale after `STALE_MS` even on
 * shared file systems); a side file records the owner's pid so that the message names the process,
 * and so that a lock left by a process that was killed (kill -9) on this host is reclaimed at once
 * instead of after the stale period.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { LanternError } from '../shared/errors.ts';

const STALE_MS = 20_000;
const UPDATE_MS = 5_000;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Called if the lock is lost while held (for example, its directory was removed). */
  onLost?: (error: Error) => void;
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dir` (creating the folder), or throws STORE_LOCKED naming the holder. */
export async function lockDataDir(dir: string, options: LockOptions = {}): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, 'store.lock');
  const ownerPath = join(dir, 'store.lock.owner');
  const take = () =>
    lockfile.lock(dir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_MS,
      update: UPDATE_MS,
      onCompromised: (error) => options.onLost?.(error),
    });

  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(ownerPath);
    const abandoned = owner !== null && owner.host === hostname() && !isAlive(owner.pid);
    if (!abandoned) {
      const who = owner ? `process ${owner.pid} (${owner.command}, since ${owner.since})` : 'another process';
      throw new LanternError(
        'STORE_LOCKED',
        `The data directory ${dir} is in use by ${who}. Only one process can open the embedded store: ` +
          'stop that process first, or run Lantern against a PostgreSQL server (DATABASE_URL).',
      );
    }
    // The holder died without releasing (killed, crashed): reclaim its lock.
    await rm(ownerPath, { force: true });
    await rm(lockPath, { recursive: true, force: true });
    release = await take();
  }

  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(2, 4).join(' ') || 'lantern',
  };
  await writeFile(ownerPath, JSON.stringify(owner));
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      if (existsSync(ownerPath) && readOwner(ownerPath)?.pid === process.pid)
        await rm(ownerPath, { force: true });
      await release().catch(() => undefined);
    },
  };
}
