import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Problem } from '../components/Layout.tsx';
import { useApi } from '../hooks.ts';
import { useSession } from '../session.tsx';

interface CodebookData {
  version: number;
  yaml: string;
  codebook: {
    name: string;
    codes: { key: string; label: string; definition?: string; parent?: string | null }[];
  };
}

export function CodebookPage() {
  const { user } = useSession();
  const book = useApi<CodebookData>('/api/codebook');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (book.data) setText(book.data.yaml);
  }, [book.data]);
  const save = async () => {
    setProblem(null);
    setSaved(null);
    try {
      const r = await api<{ version: number; created: boolean }>('PUT', '/api/codebook', { text });
      setSaved(
        r.created
          ? `Saved as version ${r.version}. Re-code stored documents with: lantern recode`
          : 'No change: the codebook is the same as the current version.',
      );
      book.reload();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const d = book.data;
  return (
    <>
      <h1>Codebook</h1>
      <Problem message={book.error} />
      {d && (
        <>
          <p>
            {d.codebook.name}, version {d.version}: {d.codebook.codes.length} codes.
          </p>
          <details>
            <summary>The codes</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Label</th>
                  <th scope="col">Definition</th>
                </tr>
              </thead>
              <tbody>
                {d.codebook.codes.map((c) => (
                  <tr key={c.key}>
                    <td>
                      <code>{c.key}</code>
                    </td>
                    <td>{c.label}</td>
                    <td>{c.definition ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <h2>Edit</h2>
          {user?.siteAdmin ? (
            <>
              <label htmlFor="codebook-text">
                The codebook as YAML (a saved change becomes a new version; people's decisions are kept)
              </label>
              <textarea
                id="codebook-text"
                rows={24}
                spellCheck={false}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              <Problem message={problem} />
              {saved && (
                <p role="status" className="ok">
                  {saved}
                </p>
              )}
              <button type="button" onClick={() => void save()}>
                Save as a new version
              </button>
            </>
          ) : (
            <p>Only a site administrator may change the codebook: it codes every partnership's reviews.</p>
          )}
        </>
      )}
    </>
  );
}
