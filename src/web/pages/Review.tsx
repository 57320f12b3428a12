import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, label, type Action, type Coding, type Role } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { HighlightedText, type Highlight } from '../components/Text.tsx';
import { useApi } from '../hooks.ts';

interface Item {
  id: string;
  documentId: string;
  kind: string;
  ref: string | null;
  text: string;
  span: [number, number];
  owner: string | null;
  deadline: string | null;
  codes: string[];
}
interface ReviewData {
  review: {
    id: string;
    subject: string;
    reviewType: string | null;
    partnership: string;
    childAgeText: string | null;
    childSex: string | null;
    outcome: string | null;
    agencies: string[];
    documentsList: { id: string; fileName: string; title: string | null }[];
  };
  role: Role;
  items: Item[];
  links: { from: string; to: string }[];
  codings: Coding[];
  actions: Action[];
}
interface DocumentData {
  id: string;
  fileName: string;
  text: string;
  confidential: boolean;
  partnershipId: string;
}

export const KIND_CLASS: Record<string, string> = {
  finding: 'k-learning',
  lesson: 'k-learning',
  learning: 'k-learning',
  recommendation: 'k-rec',
  action: 'k-action',
  measure: 'k-measure',
  theme: 'k-theme',
};

export function ReviewPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const review = useApi<ReviewData>(`/api/reviews/${id ?? ''}`);
  const docs = review.data?.review.documentsList ?? [];
  const docId = params.get('document') ?? docs[0]?.id ?? null;
  const doc = useApi<DocumentData>(docId ? `/api/documents/${docId}` : null);
  const codebook = useApi<{ codebook: { codes: { key: string; label: string }[] } }>('/api/codebook');
  const selected = params.get('item');
  const [problem, setProblem] = useState<string | null>(null);
  const [newCode, setNewCode] = useState('');

  const data = review.data;
  const items = useMemo(() => (data ? data.items.filter((i) => i.documentId === docId) : []), [data, docId]);
  const highlights: Highlight[] = items.map((i) => ({
    id: i.id,
    start: i.span[0],
    end: i.span[1],
    className: KIND_CLASS[i.kind] ?? 'k-other',
    label: `${i.kind}${i.ref ? ` ${i.ref}` : ''}`,
  }));
  const evidence: Highlight[] = (data?.codings ?? [])
    .filter((c) => c.documentId === docId && c.source === 'machine' && c.decision !== 'rejected')
    .flatMap((c) =>
      c.evidence.slice(0, 3).map((e, n) => ({
        id: c.itemId ?? `coding-${c.id}-${n}`,
        start: e.start,
        end: e.end,
        className: 'evidence',
        label: `code: ${c.codeLabel}`,
      })),
    );
  const item = data?.items.find((i) => i.id === selected) ?? null;
  // Bring the selected item, or this review's first item, into view (a document may cover several reviews).
  const target = selected ?? items[0]?.id ?? null;
  useEffect(() => {
    if (doc.data && target)
      document.querySelector(`mark[data-item="${target}"]`)?.scrollIntoView({ block: 'center' });
  }, [doc.data, target]);
  const editable = data?.role === 'admin' || data?.role === 'editor';

  const select = (itemId: string) => {
    if (itemId.startsWith('coding-')) return;
    const next = new URLSearchParams(params);
    next.set('item', itemId);
    setParams(next, { replace: true });
  };
  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await fn();
      review.reload();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  if (review.error) return <Problem message={review.error} />;
  if (!data) return <p className="loading">Loading…</p>;
  const r = data.review;
  const byId = new Map(data.items.map((i) => [i.id, i]));
  const upstream = item ? data.links.filter((l) => l.to === item.id).map((l) => byId.get(l.from)) : [];
  const downstream = item ? data.links.filter((l) => l.from === item.id).map((l) => byId.get(l.to)) : [];
  const itemCodings = item ? data.codings.filter((c) => c.itemId === item.id) : [];
  const itemActions = item
    ? data.actions.filter((a) => a.source?.itemId === item.id || a.recommendation?.itemId === item.id)
    : [];

  return (
    <>
      <h1>{r.subject}</h1>
      <p className="facts">
        {r.reviewType ? label(r.reviewType) : 'Review'} · {r.partnership}
        {r.childAgeText ? ` · ${r.childAgeText}` : ''}
        {r.childSex ? ` · ${r.childSex}` : ''}
        {r.outcome ? ` · ${label(r.outcome)}` : ''}
      </p>
      {docs.length > 1 && (
        <nav aria-label="Documents of this review">
          <ul className="tabs">
            {docs.map((d) => (
              <li key={d.id}>
                <Link to={`?document=${d.id}`} aria-current={d.id === docId ? 'page' : undefined}>
                  {d.title ?? d.fileName}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <p className="legend" aria-label="Highlight colours">
        <mark className="k-learning">finding or lesson</mark> <mark className="k-rec">recommendation</mark>{' '}
        <mark className="k-action">action</mark> <mark className="k-measure">measure</mark>{' '}
        <mark className="evidence">words that show a theme</mark>
      </p>
      <Problem message={problem ?? doc.error} />
      <div className="reader">
        <section aria-label="Source text" className="reader-text">
          <h2 className="visually-hidden">Source: {doc.data?.fileName}</h2>
          {doc.data && (
            <HighlightedText
              text={doc.data.text}
              highlights={[...highlights, ...evidence]}
              selected={selected}
              onSelect={select}
            />
          )}
        </section>
        <aside className="reader-panel" aria-label="Selected item">
          {!item && (
            <>
              <h2>Learning in this document</h2>
              <ol className="items">
                {items.map((i) => (
                  <li key={i.id}>
                    <button
                      type="button"
                      className={`link ${KIND_CLASS[i.kind] ?? ''}`}
                      onClick={() => select(i.id)}
                    >
                      {label(i.kind)} {i.ref ?? ''}
                    </button>{' '}
                    {i.text.slice(0, 90)}
                    {i.text.length > 90 ? '…' : ''}
                  </li>
                ))}
              </ol>
            </>
          )}
          {item && (
            <>
              <h2>
                {label(item.kind)} {item.ref ?? ''}
              </h2>
              <p>{item.text}</p>
              <p className="muted">
                Source: {docs.find((d) => d.id === item.documentId)?.fileName}, characters {item.span[0]}–
                {item.span[1]}
                {item.owner ? ` · owner ${item.owner}` : ''}
                {item.deadline ? ` · deadline ${item.deadline}` : ''}
              </p>
              {(upstream.length > 0 || downstream.length > 0) && (
                <>
                  <h3>Chain</h3>
                  <ul>
                    {upstream.map(
                      (u) =>
                        u && (
                          <li key={u.id}>
                            from {label(u.kind)} {u.ref ?? ''}:{' '}
                            <button type="button" className="link" onClick={() => select(u.id)}>
                              {u.text.slice(0, 80)}…
                            </button>
                          </li>
                        ),
                    )}
                    {downstream.map(
                      (d) =>
                        d && (
                          <li key={d.id}>
                            to {label(d.kind)} {d.ref ?? ''}:{' '}
                            <button type="button" className="link" onClick={() => select(d.id)}>
                              {d.text.slice(0, 80)}…
                            </button>
                          </li>
                        ),
                    )}
                  </ul>
                </>
              )}
              {itemActions.length > 0 && (
                <>
                  <h3>Tracked actions</h3>
                  <ul>
                    {itemActions.map((a) => (
                      <li key={a.id}>
                        <Link to={`/actions?focus=${a.id}`}>Action {a.number}</Link>: {label(a.status)}
                        {a.overdue ? ' (overdue)' : ''}; measures:{' '}
                        {a.measures.map((m) => m.text).join('; ') || 'none'}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h3>Theme codes</h3>
              {itemCodings.length === 0 && <p>No codes on this item.</p>}
              <ul className="codes">
                {itemCodings.map((c) => (
                  <li key={c.id} data-code={c.codeKey}>
                    <strong>{c.codeLabel}</strong>{' '}
                    <span className="muted">
                      {c.source === 'machine'
                        ? `machine, confidence ${c.confidence?.toFixed(2)}`
                        : `${c.decision} by ${c.coder}`}
                    </span>
                    {c.source === 'machine' && editable && (
                      <>
                        {' '}
                        <button
                          type="button"
                          onClick={() =>
                            void act(() =>
                              api('POST', `/api/codings/${c.id}/decision`, { decision: 'confirmed' }),
                            )
                          }
                        >
                          Confirm <span className="visually-hidden">{c.codeLabel}</span>
                        </button>{' '}
                        <button
                          type="button"
                          onClick={() =>
                            void act(() =>
                              api('POST', `/api/codings/${c.id}/decision`, { decision: 'rejected' }),
                            )
                          }
                        >
                          Reject <span className="visually-hidden">{c.codeLabel}</span>
                        </button>
                      </>
                    )}
                  </li>
                ))}
              </ul>
              {editable && codebook.data && (
                <form
                  className="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (newCode)
                      void act(() =>
                        api('POST', '/api/codings', {
                          documentId: item.documentId,
                          itemId: item.id,
                          code: newCode,
                        }),
                      );
                  }}
                >
                  <label htmlFor="add-code">Add a code</label>
                  <select id="add-code" value={newCode} onChange={(e) => setNewCode(e.target.value)}>
                    <option value="">Choose…</option>
                    {codebook.data.codebook.codes.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                  <button type="submit">Add</button>
                </form>
              )}
              <p>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    setParams(new URLSearchParams(docId ? { document: docId } : {}), { replace: true })
                  }
                >
                  Back to all learning
                </button>
              </p>
            </>
          )}
        </aside>
      </div>
    </>
  );
}
