import { Link } from 'react-router';
import type { Action } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { useApi } from '../hooks.ts';

interface Shown {
  value: number | null;
  text: string;
  percent: number | null;
}
interface Dashboard {
  reviews: number;
  prevalence: { theme: string; label: string; n: Shown }[];
  trends: { years: number[] } | null;
  cooccurrence: { themes: { theme: string }[] } | null;
  charts: { prevalence: string | null; trends: string | null; cooccurrence: string | null };
  actions: { open: number; overdue: number; mostOverdue: Action[] };
}

const svg = (text: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;

export function DashboardPage() {
  const { data, error } = useApi<Dashboard>('/api/dashboard');
  return (
    <>
      <h1>Dashboard</h1>
      <Problem message={error} />
      {data && (
        <>
          <ul className="stats" aria-label="At a glance">
            <li>
              <strong>{data.reviews}</strong> reviews
            </li>
            <li>
              <strong>{data.actions.open}</strong> open actions
            </li>
            <li className={data.actions.overdue ? 'late' : ''}>
              <strong>{data.actions.overdue}</strong> overdue
            </li>
          </ul>
          <section aria-labelledby="prevalence">
            <h2 id="prevalence">Themes across the reviews</h2>
            {data.charts.prevalence ? (
              <>
                <img
                  className="chart"
                  src={svg(data.charts.prevalence)}
                  alt="Bar chart of the themes found in the reviews; the same figures are in the table below."
                />
                <table>
                  <caption>Reviews with each theme</caption>
                  <thead>
                    <tr>
                      <th scope="col">Theme</th>
                      <th scope="col">Reviews</th>
                      <th scope="col">%</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.prevalence.map((r) => (
                      <tr key={r.theme}>
                        <th scope="row">
                          <Link to={`/reviews?theme=${r.theme}`}>{r.label}</Link>
                        </th>
                        <td>{r.n.text}</td>
                        <td>{r.n.percent ?? '-'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <p>No coded reviews yet: upload some documents.</p>
            )}
          </section>
          {data.charts.trends && (
            <section aria-labelledby="trend">
              <h2 id="trend">Trend over the years</h2>
              <img
                className="chart"
                src={svg(data.charts.trends)}
                alt="Line chart of the leading themes by year of publication."
              />
            </section>
          )}
          {data.charts.cooccurrence && (
            <section aria-labelledby="together">
              <h2 id="together">Themes found together</h2>
              <img
                className="chart"
                src={svg(data.charts.cooccurrence)}
                alt="Heat map of how often the most frequent themes occur in the same review."
              />
            </section>
          )}
          <section aria-labelledby="overdue">
            <h2 id="overdue">Overdue actions</h2>
            {data.actions.mostOverdue.length === 0 ? (
              <p>No action is overdue.</p>
            ) : (
              <table>
                <caption>The most overdue actions</caption>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Days late</th>
                    <th scope="col">Review</th>
                  </tr>
                </thead>
                <tbody>
                  {data.actions.mostOverdue.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/actions?focus=${a.id}`}>
                          {a.number}. {a.text}
                        </Link>
                      </td>
                      <td>{a.owner ?? 'not stated'}</td>
                      <td>{a.dueOn}</td>
                      <td>{a.daysLate}</td>
                      <td>{a.review ?? '-'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
