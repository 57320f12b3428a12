import { useState } from 'react';
import { query } from '../api.ts';
import { useApi } from '../hooks.ts';

const KINDS: [string, string][] = [
  ['briefing', 'Practice learning briefing'],
  ['seven-minute', 'Seven-minute briefing'],
  ['board', 'Themes report to the board'],
  ['actions', 'Action progress report'],
];

export function ReportsPage() {
  const reviews = useApi<{ reviews: { id: string; subject: string; partnership: string }[] }>(
    '/api/reviews?limit=500',
  );
  const [kind, setKind] = useState('briefing');
  const [format, setFormat] = useState('docx');
  const [chosen, setChosen] = useState<string[]>([]);
  const [suppress, setSuppress] = useState(false);
  const href = `/api/reports/${kind}${query({ format, review: chosen, suppress })}`;
  return (
    <>
      <h1>Briefings and reports</h1>
      <p>Every statement drawn from a review cites its source: the file and the passage.</p>
      <form className="stack" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>What to write</legend>
          {KINDS.map(([value, text]) => (
            <div className="check" key={value}>
              <input
                type="radio"
                id={`kind-${value}`}
                name="kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              <label htmlFor={`kind-${value}`}>{text}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Format</legend>
          {['docx', 'pdf', 'html', 'md'].map((f) => (
            <div className="check" key={f}>
              <input
                type="radio"
                id={`format-${f}`}
                name="format"
                value={f}
                checked={format === f}
                onChange={() => setFormat(f)}
              />
              <label htmlFor={`format-${f}`}>{f === 'md' ? 'Markdown' : f.toUpperCase()}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Reviews (none chosen: all you can see)</legend>
          {(reviews.data?.reviews ?? []).map((r) => (
            <div className="check" key={r.id}>
              <input
                type="checkbox"
                id={`r-${r.id}`}
                checked={chosen.includes(r.id)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id))
                }
              />
              <label htmlFor={`r-${r.id}`}>
                {r.subject} <span className="muted">({r.partnership})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <div className="check">
          <input
            type="checkbox"
            id="suppress"
            checked={suppress}
            onChange={(e) => setSuppress(e.target.checked)}
          />
          <label htmlFor="suppress">Hide small numbers (below 5)</label>
        </div>
        <p>
          <a className="button" href={href} download>
            Download
          </a>
        </p>
      </form>
    </>
  );
}
