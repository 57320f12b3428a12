/**
 * Files that hold confidential records (exports, backups) are written readable by their owner
 * only (mode 0600), whatever the umask, and whole or not at all: into a new temporary file created
 * with that mode beside the target, then renamed over it. An existing file of that name is
 * replaced, so its old permissions do not carry over.
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_MODE = 0o600;

export async function writePrivateFile(path: string, pieces: Iterable<Buffer | string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'wx', PRIVATE_MODE);
  try {
    await handle.chmod(PRIVATE_MODE);
    for (const piece of pieces) await handle.write(typeof piece === 'string' ? Buffer.from(piece) : piece);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
