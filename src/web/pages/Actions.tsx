import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, label, STATUSES, type Action } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { useApi } from '../hooks.ts';
import { useSession } from '../session.tsx';

interface Digest {
  owner: string;
  ownerKind: string;
  overdue: Action[];
  dueSoon: Action[];
  noDeadline: Action[];
  open: number;
}

function Rag({ a }: { a: Action }) {
  if (!a.ragShown) return <span>-</span>;
  return (
    <span className={`rag rag-${a.ragShown}`}>
      {a.ragShown}
      {a.ragSource === 'derived' ? <span className="visually-hidden"> (derived)</span> : null}
    </span>
  );
}

function due(a: Action): string {
  if (!a.dueOn) return 'no deadline';
  if (a.overdue) return `${a.dueOn} (${a.daysLate} days late)`;
  return a.dueOn;
}

function ActionEditor({ action, onDone }: { action: Action; onDone: () => void }) {
  const [status, setStatus] = useState(action.status);
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState('audit');
  const [summary, setSummary] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async (e: FormEvent, fn: () => Promise<unknown>, message: string) => {
    e.preventDefault();
    setProblem(null);
    setSaved(null);
    try {
      await fn();
      setSaved(message);
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const n = action.number;
  const key = action.id;
  return (
    <div className="editor">
      <form
        onSubmit={(e) =>
          void run(
            e,
            () => api('PATCH', `/api/actions/${action.id}`, { version: action.version, status, reason }),
            `Action ${n} saved.`,
          )
        }
      >
        <label htmlFor={`status-${key}`}>Status</label>
        <select id={`status-${key}`} value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <label htmlFor={`reason-${key}`}>Reason for the change</label>
        <input id={`reason-${key}`} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit">Save change</button>
      </form>
      <form
        onSubmit={(e) =>
          void run(
            e,
            () => api('POST', `/api/actions/${action.id}/evidence`, { kind, summary }),
            `Evidence recorded on action ${n}.`,
          )
        }
      >
        <label htmlFor={`kind-${key}`}>Evidence of impact</label>
        <select id={`kind-${key}`} value={kind} onChange={(e) => setKind(e.target.value)}>
          {['audit', 'survey', 'training', 'data', 'document', 'note'].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <label htmlFor={`summary-${key}`}>What it shows</label>
        <input id={`summary-${key}`} required value={summary} onChange={(e) => setSummary(e.target.value)} />
        <button type="submit">Add evidence</button>
      </form>
      <Problem message={problem} />
      {saved && (
        <p role="status" className="ok">
          {saved}
        </p>
      )}
    </div>
  );
}

export function ActionsPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') ?? 'table';
  const overdueOnly = params.get('overdue') === '1';
  const focus = params.get('focus');
  const actions = useApi<Action[]>(`/api/actions${overdueOnly ? '?overdue=1' : ''}`);
  const digest = useApi<Digest[]>(view === 'owners' ? '/api/actions/digest' : null);
  const { canEdit } = useSession();
  // Numbers count within a partnership: a row is known by its action's id.
  const [open, setOpen] = useState<string | null>(focus);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  return (
    <>
      <h1>Action tracker</h1>
      <div className="toolbar">
        <button type="button" aria-pressed={view === 'table'} onClick={() => set('view', null)}>
          All actions
        </button>
        <button type="button" aria-pressed={view === 'owners'} onClick={() => set('view', 'owners')}>
          By owner
        </button>
        {view === 'table' && (
          <span className="check">
            <input
              id="overdue-only"
              type="checkbox"
              checked={overdueOnly}
              onChange={(e) => set('overdue', e.target.checked ? '1' : null)}
            />
            <label htmlFor="overdue-only">Overdue only</label>
          </span>
        )}
      </div>
      <Problem message={actions.error ?? digest.error} />
      {view === 'owners' && digest.data && (
        <>
          {digest.data.map((d) => (
            <section key={d.owner} aria-labelledby={`o-${d.owner}`}>
              <h2 id={`o-${d.owner}`}>
                {d.owner} <span className="muted">({d.ownerKind})</span>
              </h2>
              <p>
                {d.open} open: {d.overdue.length} overdue, {d.dueSoon.length} due within 30 days,{' '}
                {d.noDeadline.length} without a deadline.
              </p>
              <ul>
                {[...d.overdue, ...d.dueSoon].map((a) => (
                  <li key={a.id} className={a.overdue ? 'late' : ''}>
                    Action {a.number} ({a.review ?? a.partnership}): {a.text} — {due(a)}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      {view === 'table' && actions.data && (
        <table className="actions">
          <caption>{actions.data.length} actions</caption>
          <thead>
            <tr>
              <th scope="col">No.</th>
              <th scope="col">Action</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">RAG</th>
              <th scope="col">Evidence</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {actions.data.map((a) => (
              <Fragment key={a.id}>
                <tr id={`action-${a.id}`} className={a.overdue ? 'late' : ''}>
                  <td>{a.number}</td>
                  <td>
                    {a.text}
                    {a.measures.length > 0 && (
                      <div className="muted">
                        How will we know: {a.measures.map((m) => m.text).join('; ')}
                      </div>
                    )}
                    {canEdit(a.partnershipId) && (
                      <div>
                        <button
                          type="button"
                          className="link"
                          aria-expanded={open === a.id}
                          onClick={() => setOpen(open === a.id ? null : a.id)}
                        >
                          Update action {a.number}
                        </button>
                      </div>
                    )}
                  </td>
                  <td>{a.owner ?? 'not stated'}</td>
                  <td>{due(a)}</td>
                  <td>{label(a.status)}</td>
                  <td>
                    <Rag a={a} />
                  </td>
                  <td>{a.evidence.length}</td>
                  <td>{a.reviewId ? <Link to={`/reviews/${a.reviewId}`}>{a.review}</Link> : '-'}</td>
                </tr>
                {open === a.id && (
                  <tr>
                    <td colSpan={8}>
                      <ActionEditor action={a} onDone={actions.reload} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
