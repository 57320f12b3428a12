/**
 * Stopping a server on Ctrl+C (SIGINT) or SIGTERM within a few seconds: imports in progress are
 * ended (their worker threads terminated; a file whose transaction has begun commits or rolls
 * back, nothing half-stored), the listener closes, open requests get a grace period, then the
 * caller closes the store, which releases the data-dir lock. If that does not finish in time, the
 * process exits anyway, as a kill would, which every document survives whole or absent.
 */
import type { FastifyInstance } from 'fastify';
import { stopIngest } from '../ingest/thread/pool.ts';

export const STOPPING_REASON =
  'Lantern was stopped before this file was imported: nothing of it was kept; import it again';

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM. */
  readonly received: Promise<NodeJS.Signals>;
  /** True once a signal has come. */
  readonly stopping: boolean;
  /** Removes the listeners. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM. The first ends the imports at once and resolves `received`; the
 * deadline then starts: past `deadlineMs`, or at a second signal, `onGiveUp` runs and the process exits.
 */
export function listenForStop(options: { deadlineMs: number; onGiveUp: (why: string) => void }): StopSignal {
  let stopping = false;
  let resolveReceived: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  const giveUp = (why: string) => {
    options.onGiveUp(why);
    process.exit(1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return giveUp(`${signal} again`);
    stopping = true;
    setTimeout(() => giveUp(`not stopped within ${options.deadlineMs / 1000} s`), options.deadlineMs).unref();
    void stopIngest(STOPPING_REASON);
    resolveReceived(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received,
    get stopping() {
      return stopping;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Closes the server: no new connections, idle ones closed, requests in progress given `graceMs`
 * to finish (an import ends quickly once its worker is stopped), then every connection closed.
 */
export async function closeServer(app: FastifyInstance, graceMs: number): Promise<void> {
  await stopIngest(STOPPING_REASON);
  const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}
