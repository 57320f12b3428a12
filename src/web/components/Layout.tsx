import { NavLink, Outlet } from 'react-router';
import { useSession } from '../session.tsx';

const LINKS: [string, string][] = [
  ['/', 'Dashboard'],
  ['/reviews', 'Reviews'],
  ['/analysis', 'Analysis'],
  ['/actions', 'Actions'],
  ['/reports', 'Briefings and reports'],
  ['/upload', 'Upload'],
  ['/codebook', 'Codebook'],
];

export function Layout() {
  const { user, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Lantern</span>
        <nav aria-label="Main">
          <ul>
            {[
              ...LINKS,
              ...(user?.siteAdmin || user?.partnerships.some((p) => p.role === 'admin')
                ? ([['/admin', 'Accounts']] as [string, string][])
                : []),
            ].map(([to, text]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {text}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {user?.email}{' '}
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

export function Problem({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="problem">
      {message}
    </p>
  ) : null;
}
