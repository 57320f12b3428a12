/** `lantern users list|add|grant|revoke|disable|enable|password`: local accounts for the web app. */
import { operator } from '../../modules/access/access.ts';
import { findPartnership } from '../../modules/partnerships/partnership.repository.ts';
import { revokeMembership, setAccountDisabled } from '../../modules/users/accounts.service.ts';
import { createUser, grantRole, listUsers, setPassword } from '../../modules/users/users.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';
import { readSecret } from '../secret.ts';

export interface UsersOptions {
  name?: string;
  partnership?: string;
  role?: string;
  siteAdmin?: boolean;
  json?: boolean;
}

/** The password from LANTERN_PASSWORD (for scripts) or typed at the terminal (unseen, twice). */
function readPassword(io: Io): Promise<string> {
  return readSecret(io, {
    env: 'LANTERN_PASSWORD',
    prompt: 'password (at least 12 characters; not a common one, nor your e-mail): ',
    what: 'password',
    confirm: true,
  });
}

export async function runUsers(
  action: string,
  email: string | undefined,
  options: UsersOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const needEmail = () => {
    if (!email) throw new LanternError('USAGE', `say whose account: lantern users ${action} EMAIL`);
    return email;
  };
  return withStore(globals, async (store) => {
    const db = store.db;
    if (action === 'list') {
      const users = await listUsers(db);
      if (options.json) io.out.write(JSON.stringify(users, null, 2) + '\n');
      else
        io.out.write(
          formatTable(
            ['EMAIL', 'NAME', 'ROLES'],
            users.map((u) => [
              u.email + (u.disabled ? ' (disabled)' : ''),
              u.displayName,
              [u.siteAdmin ? 'site admin' : '', ...u.memberships.map((m) => `${m.role} in ${m.slug}`)]
                .filter(Boolean)
                .join('; ') || '-',
            ]),
          ),
        );
      return 0;
    }
    if (action === 'add') {
      const password = await readPassword(io);
      await createUser(db, {
        email: needEmail(),
        password,
        actor: cliActor(),
        siteAdmin: options.siteAdmin ?? false,
        ...(options.name ? { name: options.name } : {}),
      });
      if (options.partnership)
        await grantRole(db, {
          email: needEmail(),
          partnership: options.partnership,
          role: options.role ?? 'viewer',
          actor: cliActor(),
        });
      io.out.write(
        `added ${needEmail()}${options.partnership ? ` as ${options.role ?? 'viewer'} in ${options.partnership}` : ''}${options.siteAdmin ? ' (site admin)' : ''}\n`,
      );
      return 0;
    }
    if (action === 'grant') {
      if (!options.partnership || !options.role)
        throw new LanternError('USAGE', 'give --partnership NAME and --role admin|editor|viewer');
      await grantRole(db, {
        email: needEmail(),
        partnership: options.partnership,
        role: options.role,
        actor: cliActor(),
      });
      io.out.write(`${needEmail()} is now ${options.role} in ${options.partnership}\n`);
      return 0;
    }
    if (action === 'password') {
      await setPassword(db, needEmail(), await readPassword(io), cliActor());
      io.out.write(`changed the password of ${needEmail()}; their sessions were ended\n`);
      return 0;
    }
    if (action === 'disable' || action === 'enable') {
      const r = await setAccountDisabled(
        db,
        operator(cliActor()),
        { email: needEmail() },
        action === 'disable',
      );
      io.out.write(
        action === 'disable'
          ? `disabled ${r.email}${r.changed ? '' : ' (it was already disabled)'}; ${r.sessionsEnded} session(s) ended. Undo with: lantern users enable ${r.email}\n`
          : `enabled ${r.email}${r.changed ? '' : ' (it was not disabled)'}\n`,
      );
      return 0;
    }
    if (action === 'revoke') {
      if (!options.partnership)
        throw new LanternError(
          'USAGE',
          `say which partnership: lantern users revoke ${needEmail()} --partnership NAME`,
        );
      const partnership = await findPartnership(db, options.partnership);
      if (!partnership)
        throw new LanternError(
          'NOT_FOUND',
          `no partnership "${options.partnership}". List them with: lantern list partnerships`,
        );
      const r = await revokeMembership(db, operator(cliActor()), { email: needEmail() }, partnership.id);
      io.out.write(
        `removed ${r.email} (${r.role}) from ${partnership.name}; ${r.sessionsEnded} session(s) ended\n`,
      );
      return 0;
    }
    throw new LanternError(
      'USAGE',
      `unknown users command "${action}": list, add, grant, revoke, disable, enable or password`,
    );
  });
}
