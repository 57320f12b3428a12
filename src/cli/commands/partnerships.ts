/** `lantern partnerships list|add|rename`: the partnerships (tenants) documents are filed under. */
import { listPartnerships, type Partnership } from '../../modules/partnerships/partnership.repository.ts';
import { changePartnershipName, createPartnership } from '../../modules/partnerships/partnership.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';

/** The partnerships as a table (or JSON): `partnerships list` and `list partnerships`. */
export function printPartnerships(io: Io, partnerships: Partnership[], json: boolean): void {
  if (json) io.out.write(JSON.stringify(partnerships, null, 2) + '\n');
  else if (partnerships.length === 0)
    io.out.write('No partnerships yet. Add one with: lantern partnerships add NAME\n');
  else
    io.out.write(
      formatTable(
        ['SLUG', 'NAME', 'ALSO KNOWN AS'],
        partnerships.map((p) => [p.slug, p.name, p.aliases.join('; ')]),
      ),
    );
}

export async function runPartnerships(
  action: string,
  args: string[],
  options: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const need = (n: number, usage: string) => {
    if (args.length !== n || args.some((a) => !a.trim()))
      throw new LanternError('USAGE', `usage: lantern partnerships ${usage}`);
  };
  if (action === 'add') need(1, 'add NAME');
  else if (action === 'rename') need(2, 'rename PARTNERSHIP NEW-NAME');
  else if (action === 'list') need(0, 'list [--json]');
  else throw new LanternError('USAGE', `unknown action "${action}": choose list, add or rename`);
  return withStore(globals, async (store) => {
    if (action === 'add') {
      const p = await createPartnership(store.db, cliActor(), args[0] as string);
      io.out.write(`added partnership ${p.name} (slug ${p.slug})\n`);
    } else if (action === 'rename') {
      const { before, after } = await changePartnershipName(
        store.db,
        cliActor(),
        args[0] as string,
        args[1] as string,
      );
      io.out.write(
        `renamed ${before.name} to ${after.name} (slug ${after.slug}); the old name still finds it\n`,
      );
    } else {
      printPartnerships(io, await listPartnerships(store.db), options.json ?? false);
    }
    return 0;
  });
}
