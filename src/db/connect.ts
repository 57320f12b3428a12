/**
 * Opens the store: PGlite in a locked data dir by default, a PostgreSQL server when DATABASE_URL
 * is set. Both are reached through Kysely's PostgresDialect over a `pg` pool, so every query and
 * every result type is the same on both. This is the only file that knows which engine it holds.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { LanternError } from '../shared/errors.ts';
import { lockDataDir, type DataDirLock } from './lock.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

// A calendar date is not an instant: read `date` columns as their 'YYYY-MM-DD' text, so no time
// zone can shift a deadline by a day.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Engine = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Where the data lives, for messages: a folder, or the server without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Bring the schema up to date on open (default true). `lantern db status` opens without it. */
  migrate?: boolean;
  /** Called if the embedded store's lock is lost while open. */
  onLockLost?: (error: Error) => void;
}

/**
 * SQL that starts with this comment runs as a named prepared statement: parsed and planned once
 * per connection, not at every call. For statements that run often and cost more to plan than to
 * run (a search is ~2.5 ms of planning on PGlite). Keep what changes the best plan out of its
 * parameters (write such values into the text; each text is its own statement).
 */
export const PREPARED = '/* prepared */';

/**
 * Rows per INSERT when a document is stored. The embedded store runs each statement on the
 * process's only thread, so a web server answers other users between statements: short
 * statements keep them waiting no more than a few tens of milliseconds.
 */
export const WRITE_BATCH = 100;

/** A pool whose clients run PREPARED statements by name (a hash of their text). */
function preparing(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (text: unknown, values?: ReadonlyArray<unknown>) =>
        typeof text === 'string' && text.startsWith(PREPARED)
          ? client.query({
              name: `lantern_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
              text,
              values: values as unknown[],
            })
          : // A cursor, or SQL run as it comes.
            client.query(text as string, values as unknown[]);
      return { query, release: () => client.release() } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** PGlite's files inside Lantern's data dir. */
export function pgliteDataPath(dataDir: string): string {
  return join(dataDir, 'pg');
}

/** Opens the store the configuration selects. */
export async function openStore(config: Config, options: OpenStoreOptions = {}): Promise<Store> {
  const store = config.databaseUrl
    ? await openServer(config.databaseUrl, config.connectTimeoutMs)
    : await openEmbedded(config.dataDir, options.onLockLost);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

/** Opens PGlite in `dataDir` after taking the data-dir lock. */
export async function openEmbedded(dataDir: string, onLockLost?: (error: Error) => void): Promise<Store> {
  const lock: DataDirLock = await lockDataDir(dataDir, onLockLost ? { onLost: onLockLost } : {});
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(pgliteDataPath(dataDir));
  } catch (error) {
    await lock.release();
    throw new LanternError(
      'STORE_OPEN_FAILED',
      `Cannot open the embedded store in ${dataDir}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  return fromPGlite(pglite, dataDir, async () => {
    await pglite.close();
    await lock.release();
  });
}

/** Wraps an open PGlite instance (tests use in-memory instances) in a Store. */
export function fromPGlite(pglite: PGlite, location: string, closeEngine: () => Promise<void>): Store {
  // One connection: PGlite is single-session; a transaction holds it until it ends.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    location,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await closeEngine();
    },
  };
}

/** The connection string with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL (unparseable)';
  }
}

function explainConnectError(error: unknown, where: string, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException & { code?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `PostgreSQL at ${where} refused the connection: is the server running and listening there?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `PostgreSQL host in ${where} could not be found: check the host name in DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} rejected the credentials: check the user and password in DATABASE_URL.`;
    case '3D000':
      return `The database named in ${where} does not exist: create it first (createdb), or fix DATABASE_URL.`;
    default:
      if (/timeout/i.test(String(e.message)))
        return `PostgreSQL at ${where} did not answer within ${timeoutMs / 1000} s: check the host, port and firewall.`;
      return `Cannot connect to PostgreSQL at ${where}: ${String(e.message ?? error)}`;
  }
}

/** Opens a pool on a PostgreSQL server and proves it answers, with a clear error if not. */
export async function openServer(url: string, connectTimeoutMs: number): Promise<Store> {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, max: 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new LanternError('DB_UNREACHABLE', explainConnectError(error, where, connectTimeoutMs), {
      cause: error,
    });
  }
  let closed = false;
  return {
    db,
    engine: 'postgres',
    location: where,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
