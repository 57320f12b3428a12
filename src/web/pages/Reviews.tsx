import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { label } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { Snippet } from '../components/Text.tsx';
import { useApi } from '../hooks.ts';

type Facet = { value: string; label: string; count: number }[];
interface Page {
  total: number;
  reviews: {
    id: string;
    subject: string;
    partnership: string;
    reviewType: string | null;
    year: number | null;
    ageBand: string | null;
    outcome: string | null;
    themes: string[];
  }[];
  facets: Record<string, Facet>;
}
interface Hit {
  id: string;
  type: string;
  title: string;
  documentId: string;
  reviewId: string | null;
  review: string | null;
  partnership: string;
  span: [number, number] | null;
  snippet: string;
}

const FACETS: [string, string][] = [
  ['year', 'Year'],
  ['partnership', 'Partnership'],
  ['type', 'Review type'],
  ['theme', 'Theme'],
  ['ageBand', 'Age of the child'],
  ['outcome', 'Outcome'],
];
const FACET_KEY: Record<string, string> = { type: 'reviewType' };

export function ReviewsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const filters = new URLSearchParams(params);
  filters.delete('q');
  const reviews = useApi<Page>(`/api/reviews?${params.toString()}`);
  const search = useApi<{ items: Hit[]; documents: Hit[]; capped: boolean }>(
    q ? `/api/search?q=${encodeURIComponent(q)}` : null,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next);
  };
  const toggle = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    const values = next.getAll(key);
    next.delete(key);
    for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value])
      next.append(key, v);
    setParams(next);
  };

  return (
    <>
      <h1>Reviews</h1>
      <form role="search" className="searchbar" onSubmit={submit}>
        <label htmlFor="q">Search documents and learning</label>
        <input
          id="q"
          type="search"
          value={text}
          placeholder='e.g. "domestic abuse" supervision -training'
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <div className="with-facets">
        <aside aria-label="Filters">
          {reviews.data &&
            FACETS.map(([key, title]) => {
              const facet = reviews.data?.facets[FACET_KEY[key] ?? key] ?? [];
              if (facet.length === 0) return null;
              return (
                <fieldset key={key}>
                  <legend>{title}</legend>
                  {facet.slice(0, 12).map((f) => {
                    const id = `f-${key}-${f.value.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
                    return (
                      <div key={f.value} className="check">
                        <input
                          id={id}
                          type="checkbox"
                          checked={params.getAll(key).includes(f.value)}
                          onChange={() => toggle(key, f.value)}
                        />
                        <label htmlFor={id}>
                          {label(f.label)} <span className="count">({f.count})</span>
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              );
            })}
        </aside>
        <div>
          <Problem message={reviews.error ?? search.error} />
          {q && search.data && (
            <section aria-labelledby="hits">
              <h2 id="hits">Learning that matches “{q}”</h2>
              {search.data.items.length === 0 && search.data.documents.length === 0 && (
                <p>Nothing matches.</p>
              )}
              {search.data.capped && (
                <p className="note" id="capped">
                  Very many passages match: these are the best of the first ones found. Add words, or put a
                  phrase in quotes, to narrow the search.
                </p>
              )}
              <ol className="hits">
                {search.data.items.map((h) => (
                  <li key={h.id}>
                    <Link
                      to={
                        h.reviewId
                          ? `/reviews/${h.reviewId}?item=${h.id}`
                          : `/documents/${h.documentId}/source?start=${h.span?.[0]}&end=${h.span?.[1]}`
                      }
                    >
                      {label(h.title)}
                      {h.review ? ` — ${h.review}` : ''}
                    </Link>{' '}
                    <span className="muted">{h.partnership}</span>
                    <p>
                      <Snippet text={h.snippet} />
                    </p>
                  </li>
                ))}
                {search.data.documents.map((h) => (
                  <li key={h.id}>
                    <Link
                      to={
                        h.span
                          ? `/documents/${h.documentId}/source?start=${h.span[0]}&end=${h.span[1]}&from=search`
                          : `/documents/${h.documentId}/source`
                      }
                    >
                      {h.title}
                    </Link>{' '}
                    <span className="muted">document, {h.partnership}</span>
                    <p>
                      <Snippet text={h.snippet} />
                    </p>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {reviews.data && (
            <section aria-labelledby="list">
              <h2 id="list">
                {reviews.data.total} review{reviews.data.total === 1 ? '' : 's'}
                {q ? ' with matching text' : ''}
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Review</th>
                    <th scope="col">Year</th>
                    <th scope="col">Type</th>
                    <th scope="col">Partnership</th>
                    <th scope="col">Themes</th>
                  </tr>
                </thead>
                <tbody>
                  {reviews.data.reviews.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/reviews/${r.id}`}>{r.subject}</Link>
                      </th>
                      <td>{r.year ?? '-'}</td>
                      <td>{r.reviewType ? label(r.reviewType) : '-'}</td>
                      <td>{r.partnership}</td>
                      <td>{r.themes.length}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      </div>
    </>
  );
}
