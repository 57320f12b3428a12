/**
 * Where the server keeps uploaded files while it imports them. They hold confidential text, so
 * never in the shared /tmp under a guessable name, and never left behind: with the embedded store,
 * `<data dir>/tmp` (owner-only; emptied at start, since the data-dir lock says no other server uses
 * it); with a PostgreSQL server, a private folder under the system's temporary folder named after
 * this process, removed at close, and those of processes that died are removed at start.
 */
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePrivateTempDir, removeStaleTempDirs, staleTempDirs } from '../shared/private-temp.ts';

const PRIVATE_PREFIX = 'lantern-uploads-';

export interface UploadDir {
  /** The folder; each request makes its own folder inside it. */
  path: string;
  /** Removes what is left in it (and the folder itself when it belongs to this process only). */
  close(): Promise<void>;
}

/** Upload folders under `base` left by Lantern processes that are gone (killed, crashed). */
export function staleUploadDirs(base: string): string[] {
  return staleTempDirs(base, PRIVATE_PREFIX);
}

/**
 * The upload folder for a server: `<dataDir>/tmp` for the embedded store (`dataDir` given), else a
 * private folder under `base` (default: the system's temporary folder). Leftovers are removed.
 */
export async function openUploadDir(options: { dataDir?: string | null; base?: string }): Promise<UploadDir> {
  if (options.dataDir) {
    const path = join(options.dataDir, 'tmp');
    await mkdir(path, { recursive: true, mode: 0o700 });
    await chmod(path, 0o700);
    const empty = async () => {
      for (const name of await readdir(path)) await rm(join(path, name), { recursive: true, force: true });
    };
    await empty();
    return { path, close: empty };
  }
  const base = options.base ?? tmpdir();
  await removeStaleTempDirs(base, PRIVATE_PREFIX);
  const path = await makePrivateTempDir(PRIVATE_PREFIX, base);
  return { path, close: () => rm(path, { recursive: true, force: true }) };
}
