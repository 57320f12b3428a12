import { useState } from 'react';
import { api, type Role } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { useApi } from '../hooks.ts';
import { useSession } from '../session.tsx';

interface Account {
  id: string;
  email: string;
  displayName: string;
  siteAdmin: boolean;
  disabled: boolean;
  memberships: { partnershipId: string; partnership: string; role: Role }[];
}

/**
 * Accounts for administrators: a site admin sees every account; a partnership's admin sees its
 * members. Disabling an account or removing a membership ends that person's sessions at once.
 */
export function AdminPage() {
  const { user } = useSession();
  const accounts = useApi<{ users: Account[] }>('/api/admin/users');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const administered = (user?.partnerships ?? []).filter((p) => p.role === 'admin');
  const [partnership, setPartnership] = useState('');
  const [role, setRole] = useState<Role>('viewer');

  const change = async (what: () => Promise<unknown>, message: string) => {
    setProblem(null);
    setDone(null);
    try {
      await what();
      setDone(message);
      accounts.reload();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <h1>Accounts</h1>
      <p>
        {user?.siteAdmin ? 'Every account. ' : 'The members of the partnerships you administer. '}
        Disabling an account or removing someone from a partnership signs them out at once. Every change is
        recorded in the audit log.
      </p>
      <Problem message={accounts.error ?? problem} />
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {accounts.data && (
        <table>
          <caption>Accounts ({accounts.data.users.length})</caption>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Roles</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.users.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.email}
                  {a.displayName !== a.email ? ` (${a.displayName})` : ''}
                </th>
                <td>
                  {a.siteAdmin && <p>Site administrator</p>}
                  <ul>
                    {a.memberships.map((m) => (
                      <li key={m.partnershipId}>
                        {m.role} in {m.partnership}{' '}
                        {a.id !== user?.id && (
                          <button
                            type="button"
                            className="link"
                            onClick={() =>
                              void change(
                                () =>
                                  api('DELETE', `/api/admin/users/${a.id}/memberships/${m.partnershipId}`),
                                `Removed ${a.email} from ${m.partnership}.`,
                              )
                            }
                          >
                            Remove
                            <span className="visually-hidden">
                              {' '}
                              {a.email} from {m.partnership}
                            </span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {a.disabled ? 'Disabled' : 'Active'}{' '}
                  {a.id !== user?.id && (
                    <button
                      type="button"
                      onClick={() =>
                        void change(
                          () => api('POST', `/api/admin/users/${a.id}/${a.disabled ? 'enable' : 'disable'}`),
                          `${a.disabled ? 'Enabled' : 'Disabled'} ${a.email}.`,
                        )
                      }
                    >
                      {a.disabled ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {a.email}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Give someone a role</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const target = partnership || administered[0]?.id || '';
          void change(
            () => api('POST', '/api/admin/memberships', { email, partnership: target, role }),
            `${email} is now ${role} in ${administered.find((p) => p.id === target)?.name ?? 'the partnership'}.`,
          );
        }}
      >
        <label htmlFor="grant-email">E-mail of an existing account</label>
        <input
          id="grant-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="grant-partnership">Partnership</label>
        <select id="grant-partnership" value={partnership} onChange={(e) => setPartnership(e.target.value)}>
          {administered.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="grant-role">Role</label>
        <select id="grant-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="viewer">viewer (reads; no confidential documents)</option>
          <option value="editor">editor (reads all, codes, updates actions)</option>
          <option value="admin">admin (also manages members)</option>
        </select>
        <button type="submit">Give the role</button>
      </form>
      <p>New accounts are added by a site administrator with: lantern users add EMAIL</p>
    </>
  );
}
