import { migrateToLatest, migrationStatus } from '../../db/migrate.ts';
import { LanternError } from '../../shared/errors.ts';
import { withStore, type GlobalOptions, type Io } from '../context.ts';

/** `lantern db migrate|status`. */
export async function runDb(action: string, globals: GlobalOptions, io: Io): Promise<number> {
  if (action !== 'migrate' && action !== 'status')
    throw new LanternError('USAGE', `unknown db action "${action}": use migrate or status`);
  return withStore(
    globals,
    async (store) => {
      io.out.write(`store: ${store.engine} at ${store.location}\n`);
      if (action === 'migrate') {
        const ran = await migrateToLatest(store.db);
        io.out.write(
          ran.length
            ? ran.map((r) => `applied ${r.migrationName}`).join('\n') + '\n'
            : 'already up to date\n',
        );
        return 0;
      }
      const states = await migrationStatus(store.db);
      for (const s of states)
        io.out.write(
          `${s.executedAt ? 'applied ' : 'pending '} ${s.name}${s.executedAt ? `  (${s.executedAt.toISOString()})` : ''}\n`,
        );
      const pending = states.filter((s) => !s.executedAt).length;
      io.out.write(pending ? `${pending} pending: run "lantern db migrate"\n` : 'up to date\n');
      return 0;
    },
    { migrate: false },
  );
}
