/**
 * `lantern serve` and `lantern start` (what `npm start` runs): the web app on the store.
 * `start` also imports the sample reviews on first run. On first run either way, a site admin
 * account is made and its password printed once.
 */
import { prepareStoreCoder } from '../../modules/codings/coding.service.ts';
import { countStore } from '../../modules/documents/document.repository.ts';
import { ingestPool } from '../../ingest/thread/pool.ts';
import { importPaths } from '../../modules/documents/import.service.ts';
import { ensureFirstAdmin } from '../../modules/users/users.service.ts';
import { buildApp } from '../../server/app.ts';
import { closeServer, listenForStop } from '../../server/lifecycle.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';
import { SAMPLES_DIR } from './start.ts';

export interface ServeOptions {
  port?: string;
  host?: string;
  samples?: boolean;
}

/** Ctrl+C or SIGTERM stops the server within this long, whatever it is doing. */
const STOP_DEADLINE_MS = 4_500;
/** How long requests in progress may take to finish after a stop signal. */
const GRACE_MS = 2_000;

export async function runServe(options: ServeOptions, globals: GlobalOptions, io: Io): Promise<number> {
  // From the start: Ctrl+C during the first run's import ends it too.
  const stop = listenForStop({
    deadlineMs: STOP_DEADLINE_MS,
    onGiveUp: (why) =>
      io.err.write(
        `Lantern is stopping at once (${why}): a document being stored is kept whole or not at all.\n`,
      ),
  });
  try {
    return await serve(options, globals, io, stop);
  } finally {
    stop.dispose();
  }
}

async function serve(
  options: ServeOptions,
  globals: GlobalOptions,
  io: Io,
  stop: ReturnType<typeof listenForStop>,
): Promise<number> {
  return withStore(globals, async (store, config) => {
    // Load the readers in a worker, and the store's codebook here, now: not during the first upload.
    ingestPool().warm(1);
    await prepareStoreCoder(store.db);
    if (options.samples && (await countStore(store.db)).documents === 0) {
      io.out.write(`First run: importing the sample reviews from ${SAMPLES_DIR}\n`);
      const outcomes = await importPaths(store.db, [SAMPLES_DIR], {
        actor: cliActor(),
        maxFileBytes: config.maxFileBytes,
      });
      for (const o of outcomes)
        if (o.status === 'failed') io.err.write(`  failed    ${o.name}: ${o.reason ?? ''}\n`);
        else
          io.out.write(
            `  ${o.status.padEnd(9)} ${o.name} (${o.reviews ?? 0} reviews, ${o.items ?? 0} items)\n`,
          );
    }
    if (stop.stopping) {
      io.out.write('Stopping Lantern.\n');
      return 0;
    }
    const admin = await ensureFirstAdmin(store.db, cliActor());
    const port = options.port !== undefined ? Number(options.port) : config.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new LanternError('USAGE', `--port must be a port number, not "${options.port}"`);
    const host = options.host ?? config.host;
    const app = await buildApp({
      store,
      config,
      // Upload files stay inside the embedded store's data dir (owner-only), never in a shared /tmp.
      uploadsIn: store.engine === 'pglite' ? config.dataDir : null,
    });
    try {
      await app.listen({ port, host });
    } catch (error) {
      await app.close();
      if ((error as { code?: string }).code === 'EADDRINUSE')
        throw new LanternError(
          'CONFIG',
          `port ${port} is in use: stop what uses it, or choose another with --port or LANTERN_PORT`,
        );
      throw error;
    }
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`;
    const where =
      store.engine === 'pglite' ? `embedded store in ${store.location}` : `PostgreSQL at ${store.location}`;
    io.out.write(`\nLantern is running at ${url}  (${where})\n`);
    if (admin)
      io.out.write(
        `\nFirst run: an administrator account was made. Sign in with\n  e-mail:    ${admin.email}\n  password:  ${admin.password}\n` +
          'This password is shown once. Change it with: lantern users password admin@lantern.local\n',
      );
    io.out.write('\nPress Ctrl+C to stop.\n');
    await stop.received;
    io.out.write('Stopping Lantern.\n');
    await closeServer(app, GRACE_MS);
    return 0;
  });
}
