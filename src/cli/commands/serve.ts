/**
 * `lantern serve` and `lantern start` (what `npm start` runs): the web app on the store.
 * `start` also imports the sample reviews on first run. On first run either way, a site admin
 * account is made and its password printed once.
 */
import { countStore } from '../../modules/documents/document.repository.ts';
import { importPaths } from '../../modules/documents/import.service.ts';
import { ensureFirstAdmin } from '../../modules/users/users.service.ts';
import { buildApp } from '../../server/app.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';
import { SAMPLES_DIR } from './start.ts';

export interface ServeOptions {
  port?: string;
  host?: string;
  samples?: boolean;
}

export async function runServe(options: ServeOptions, globals: GlobalOptions, io: Io): Promise<number> {
  return withStore(globals, async (store, config) => {
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
    const admin = await ensureFirstAdmin(store.db, cliActor());
    const port = options.port !== undefined ? Number(options.port) : config.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new LanternError('USAGE', `--port must be a port number, not "${options.port}"`);
    const host = options.host ?? config.host;
    const app = await buildApp({ store, config });
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
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.out.write('Stopping Lantern.\n');
    await app.close();
    return 0;
  });
}
