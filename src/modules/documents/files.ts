/** Expands the paths a user gives (files and folders) into the files to read, in sorted order. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface InputFile {
  /** Where to read it. */
  path: string;
  /** How to name it to the user: as given, or relative to the folder given. */
  name: string;
}

export interface PathProblem {
  name: string;
  reason: string;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a folder';
  return (error as Error).message ?? String(error);
}

async function walk(root: string, dir: string, out: InputFile[], problems: PathProblem[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ name: dir, reason: reasonOf(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Hidden files and folders (.git, .DS_Store, ~$lock files) are never documents.
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out, problems);
    else if (entry.isFile()) out.push({ path: full, name: relative(root, full) });
  }
}

/** Files under `paths`, each folder read recursively in sorted order; unusable paths as problems. */
export async function collectFiles(
  paths: string[],
): Promise<{ files: InputFile[]; problems: PathProblem[] }> {
  const files: InputFile[] = [];
  const problems: PathProblem[] = [];
  for (const path of paths) {
    try {
      const s = await stat(path);
      if (s.isDirectory()) await walk(path, path, files, problems);
      else files.push({ path, name: path });
    } catch (error) {
      problems.push({ name: path, reason: reasonOf(error) });
    }
  }
  return { files, problems };
}

/** Reads a file's bytes, refusing one over `maxBytes` before reading it. */
export async function readInputFile(file: InputFile, maxBytes: number): Promise<Uint8Array> {
  const s = await stat(file.path);
  if (s.size > maxBytes) {
    const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
    throw new Error(
      `file is ${mb(s.size)}, over the ${mb(maxBytes)} limit (set LANTERN_MAX_FILE_MB to change it)`,
    );
  }
  try {
    return await readFile(file.path);
  } catch (error) {
    throw new Error(reasonOf(error), { cause: error });
  }
}
