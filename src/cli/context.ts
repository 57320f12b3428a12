/** What every command needs: the configuration, the store, an actor name and output streams. */
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config/config.ts';
import { openStore, type OpenStoreOptions, type Store } from '../db/connect.ts';
export type { Io } from './io.ts';

export interface GlobalOptions {
  dataDir?: string;
}

export function configFrom(globals: GlobalOptions): Config {
  return loadConfig(process.env, { dataDir: globals.dataDir });
}

/** Who is acting, for the audit log: the operating-system user running the CLI. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/** Opens the store, runs `fn`, and always closes the store (PGlite keeps the process alive otherwise). */
export async function withStore<T>(
  globals: GlobalOptions,
  fn: (store: Store, config: Config) => Promise<T>,
  options: OpenStoreOptions = {},
): Promise<T> {
  const config = configFrom(globals);
  const store = await openStore(config, {
    onLockLost: (error) => {
      process.stderr.write(
        `lantern: lost the lock on ${config.dataDir} (${error.message}); stopping to protect the data.\n`,
      );
      process.exit(75);
    },
    ...options,
  });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** Left-aligned columns for terminal tables. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Shortens text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
