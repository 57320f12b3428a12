import { useSearchParams } from 'react-router';
import { Problem } from '../components/Layout.tsx';
import { useApi } from '../hooks.ts';

interface Shown {
  text: string;
  percent: number | null;
}
interface Analysis {
  reviews: number;
  prevalence?: { rows: { theme: string; label: string; n: Shown }[] };
  combinations?: { label: string; n: Shown }[];
  characteristics?: Record<string, { label: string; n: Shown }[]>;
}

export function AnalysisPage() {
  const [params, setParams] = useSearchParams();
  const suppress = params.get('suppress') === '1';
  const qs = params.toString();
  const analysis = useApi<Analysis>(`/api/analysis${qs ? `?${qs}` : ''}`);
  const a = analysis.data;
  return (
    <>
      <h1>Analysis across reviews</h1>
      <div className="toolbar">
        <span className="check">
          <input
            id="suppress"
            type="checkbox"
            checked={suppress}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.checked) next.set('suppress', '1');
              else next.delete('suppress');
              setParams(next);
            }}
          />
          <label htmlFor="suppress">Hide small numbers (below 5) for publication</label>
        </span>
      </div>
      <Problem message={analysis.error} />
      {a && (
        <>
          <p>{a.reviews} reviews analysed.</p>
          {a.prevalence && a.prevalence.rows.length > 0 && (
            <section aria-labelledby="p">
              <h2 id="p">Prevalence of themes</h2>
              <img
                className="chart"
                src={`/api/charts/prevalence.svg${qs ? `?${qs}` : ''}`}
                alt="Bar chart of theme prevalence; figures in the table below."
              />
              <table>
                <thead>
                  <tr>
                    <th scope="col">Theme</th>
                    <th scope="col">Reviews</th>
                    <th scope="col">%</th>
                  </tr>
                </thead>
                <tbody>
                  {a.prevalence.rows.map((r) => (
                    <tr key={r.theme}>
                      <th scope="row">{r.label}</th>
                      <td>{r.n.text}</td>
                      <td>{r.n.percent ?? '-'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {a.combinations && a.combinations.length > 0 && (
            <section aria-labelledby="c">
              <h2 id="c">Combinations</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Themes together</th>
                    <th scope="col">Reviews</th>
                  </tr>
                </thead>
                <tbody>
                  {a.combinations.map((c) => (
                    <tr key={c.label}>
                      <th scope="row">{c.label}</th>
                      <td>{c.n.text}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section aria-labelledby="t">
            <h2 id="t">Over the years and together</h2>
            <img
              className="chart"
              src={`/api/charts/trends.svg${qs ? `?${qs}` : ''}`}
              alt="Line chart of the leading themes by year."
            />
            <img
              className="chart"
              src={`/api/charts/cooccurrence.svg${qs ? `?${qs}` : ''}`}
              alt="Heat map of themes found in the same reviews."
            />
          </section>
        </>
      )}
    </>
  );
}
