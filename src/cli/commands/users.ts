/** `lantern users list|add|grant|password`: local accounts for the web app. */
import { createInterface } from 'node:readline/promises';
import { createUser, grantRole, listUsers, setPassword } from '../../modules/users/users.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';

export interface UsersOptions {
  name?: string;
  partnership?: string;
  role?: string;
  siteAdmin?: boolean;
  json?: boolean;
}

/** The password from LANTERN_PASSWORD (for scripts) or typed at the terminal. */
async function readPassword(io: Io): Promise<string> {
  if (process.env.LANTERN_PASSWORD) return process.env.LANTERN_PASSWORD;
  if (!process.stdin.isTTY)
    throw new LanternError(
      'USAGE',
      'give the password in LANTERN_PASSWORD, or run this in a terminal to type it',
    );
  const rl = createInterface({
    input: process.stdin,
    output: io.err,
    terminal: true,
  });
  try {
    return await rl.question('password (at least 12 characters): ');
  } finally {
    rl.close();
  }
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
    throw new LanternError('USAGE', `unknown users command "${action}": list, add, grant or password`);
  });
}
