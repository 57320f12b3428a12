/**
 * An exclusive lock on an embedded data dir. PGlite corrupts a data dir silently when two
 * processes open it, so nothing opens one without this lock.
 *
 * proper-lockfile gives the atomic lock directory (`mkdir`) and notices if it is removed while
 * held. A lock is never taken from its holder because of its age: a holder whose event loop is
 * busy for minutes (a long import) still holds it. A side file names the owner: its host, pid and
 * the pid's start time (so that a pid reused by another process is not mistaken for the holder).
 * A lock whose owner is dead on this host is reclaimed at once; a lock held on another host is
 * honoured, with a message saying how to clear it if that host is gone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { LanternError } from '../shared/errors.ts';
import { processAlive } from '../shared/private-temp.ts';

/** How often the holder touches the lock (proper-lockfile notices then if it was removed). */
const UPDATE_MS = 5_000;
/**
 * A lock without an owner file: its holder died in the moment between taking the lock and naming
 * itself (a live holder names itself at once). Reclaimed after this long.
 */
const OWNERLESS_MS = 60_000;
/** The short-lived guard two processes reclaiming the same dead lock take in turn. */
const RECLAIM_GUARD_STALE_MS = 10_000;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  command: string;
  /** The holder's start (boot id and start time from /proc), or null where /proc is missing. */
  started?: string | null;
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

/**
 * When process `pid` started, as "boot id:start time in clock ticks" (Linux), or null if unknown.
 * Together with the pid it names one process: a pid reused later, or after a reboot, differs.
 */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (command) ": state is field 3, starttime field 22.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${boot}:${startTicks}` : null;
  } catch {
    return null;
  }
}

type Holder = 'alive' | 'dead' | 'elsewhere' | 'unknown';

function holderOf(owner: LockOwner | null, lockPath: string): Holder {
  if (!owner) {
    try {
      return Date.now() - statSync(lockPath).mtimeMs > OWNERLESS_MS ? 'dead' : 'unknown';
    } catch {
      return 'unknown';
    }
  }
  if (owner.host !== hostname()) return 'elsewhere';
  if (!processAlive(owner.pid)) return 'dead';
  // Alive: but is it the process that took the lock, or another one given the same pid since?
  if (owner.started) {
    const now = processStart(owner.pid);
    if (now !== null && now !== owner.started) return 'dead';
  }
  return 'alive';
}

function lockedError(
  dir: string,
  lockPath: string,
  ownerPath: string,
  owner: LockOwner | null,
  holder: Holder,
) {
  const who = owner ? `process ${owner.pid} (${owner.command}, since ${owner.since})` : 'another process';
  if (holder === 'elsewhere' && owner)
    return new LanternError(
      'STORE_LOCKED',
      `The data directory ${dir} is in use by ${who} on the computer ${owner.host}. Only one process ` +
        `can open the embedded store: stop it there. If ${owner.host} no longer runs Lantern, remove ` +
        `${lockPath} and ${ownerPath} by hand.`,
    );
  return new LanternError(
    'STORE_LOCKED',
    `The data directory ${dir} is in use by ${who}. Only one process can open the embedded store: ` +
      'stop that process first, or run Lantern against a PostgreSQL server (DATABASE_URL).',
  );
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
      // Never stale by age: only a dead owner gives its lock up (see reclaim below).
      stale: Number.POSITIVE_INFINITY,
      update: UPDATE_MS,
      onCompromised: (error) => options.onLost?.(error),
    });

  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    release = await reclaim(dir, lockPath, ownerPath, take);
  }

  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(2, 4).join(' ') || 'lantern',
    started: processStart(process.pid),
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

/**
 * Takes over a lock whose holder is dead (killed, crashed), else throws STORE_LOCKED. Two
 * processes may find the same dead lock at once: a guard directory lets one of them at a time
 * check the owner again and replace the lock, so neither removes a lock the other just took.
 */
async function reclaim(
  dir: string,
  lockPath: string,
  ownerPath: string,
  take: () => Promise<() => Promise<void>>,
): Promise<() => Promise<void>> {
  const guard = `${lockPath}.reclaim`;
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A guard is held for milliseconds; an old one was left by a process that died holding it.
    const age = Date.now() - (statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    const owner = readOwner(ownerPath);
    if (age < RECLAIM_GUARD_STALE_MS) throw lockedError(dir, lockPath, ownerPath, owner, 'unknown');
    await rm(guard, { recursive: true, force: true });
    await mkdir(guard).catch(() => {
      throw lockedError(dir, lockPath, ownerPath, owner, 'unknown');
    });
  }
  try {
    const owner = readOwner(ownerPath);
    const holder = holderOf(owner, lockPath);
    if (holder !== 'dead') throw lockedError(dir, lockPath, ownerPath, owner, holder);
    await rm(ownerPath, { force: true });
    await rm(lockPath, { recursive: true, force: true });
    try {
      return await take();
    } catch (error) {
      // Someone else took the freed lock first: it is theirs now.
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED')
        throw lockedError(dir, lockPath, ownerPath, readOwner(ownerPath), 'unknown');
      throw error;
    }
  } finally {
    await rm(guard, { recursive: true, force: true });
  }
}
