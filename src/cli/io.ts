/** Where a command writes: standard output for results, standard error for progress and problems. */
export interface Io {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export const processIo: Io = { out: process.stdout, err: process.stderr };
