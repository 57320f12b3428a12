import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { csrf } from '../api.ts';
import { useSession } from '../session.tsx';

interface Outcome {
  name: string;
  status: 'imported' | 'unchanged' | 'failed';
  documentId?: string;
  reviews?: number;
  items?: number;
  reason?: string;
}
interface Entry {
  key: string;
  file: File;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  outcome?: Outcome;
  message?: string;
}

/** Sends one file, reporting progress (fetch has no upload progress; XMLHttpRequest does). */
function send(
  file: File,
  fields: Record<string, string>,
  onProgress: (p: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('x-csrf-token', csrf() ?? '');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('the upload was interrupted'));
    xhr.send(form);
  });
}

export function UploadPage() {
  const { user, canEdit } = useSession();
  const editable = (user?.partnerships ?? []).filter((p) => p.role !== 'viewer');
  const [partnership, setPartnership] = useState(editable[0]?.slug ?? '');
  const [confidential, setConfidential] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [over, setOver] = useState(false);

  const update = (key: string, patch: Partial<Entry>) =>
    setEntries((all) => all.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  const add = async (files: FileList | File[]) => {
    const fresh = [...files].map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      progress: 0,
      state: 'waiting' as const,
    }));
    setEntries((all) => [...all, ...fresh]);
    for (const entry of fresh) {
      update(entry.key, { state: 'uploading' });
      try {
        const fields: Record<string, string> = { confidential: String(confidential) };
        if (partnership) fields.partnership = partnership;
        const { status, body } = await send(entry.file, fields, (progress) =>
          update(entry.key, { progress }),
        );
        if (status === 200) {
          const outcome = (body as { outcomes: Outcome[] }).outcomes[0];
          update(entry.key, {
            state: outcome?.status === 'failed' ? 'failed' : 'done',
            progress: 100,
            ...(outcome ? { outcome } : {}),
          });
        } else {
          const message =
            (body as { error?: { message?: string } } | null)?.error?.message ??
            `the server answered ${status}`;
          update(entry.key, { state: 'failed', message });
        }
      } catch (error) {
        update(entry.key, {
          state: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (e.dataTransfer.files.length) void add(e.dataTransfer.files);
  };

  if (!canEdit())
    return (
      <p>Your role lets you read reviews, not add documents. Ask an administrator for the editor role.</p>
    );
  return (
    <>
      <h1>Upload documents</h1>
      <p>
        PDF, Word (DOCX), HTML, Markdown or text: overview reports, briefings, board responses, action plans.
      </p>
      <div className="stack">
        {(editable.length > 1 || user?.siteAdmin) && (
          <>
            <label htmlFor="partnership">Partnership</label>
            <select id="partnership" value={partnership} onChange={(e) => setPartnership(e.target.value)}>
              {user?.siteAdmin && <option value="">The publisher each document names</option>}
              {(user?.siteAdmin ? user.partnerships : editable).map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name}
                </option>
              ))}
            </select>
          </>
        )}
        <div className="check">
          <input
            id="confidential"
            type="checkbox"
            checked={confidential}
            onChange={(e) => setConfidential(e.target.checked)}
          />
          <label htmlFor="confidential">
            Confidential (drafts, unpublished reviews): editors and admins only
          </label>
        </div>
      </div>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drag and drop files here, or</p>
        <label htmlFor="files" className="button">
          Choose files
        </label>
        <input
          id="files"
          className="visually-hidden"
          type="file"
          multiple
          accept=".pdf,.docx,.html,.htm,.md,.txt"
          onChange={(e) => {
            if (e.target.files?.length) void add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {entries.length > 0 && (
        <ul className="uploads" aria-live="polite">
          {entries.map((e) => (
            <li key={e.key} className={e.state}>
              <span className="name">{e.file.name}</span>{' '}
              <progress max={100} value={e.progress} aria-label={`upload of ${e.file.name}`}>
                {e.progress}%
              </progress>{' '}
              {e.state === 'waiting' && 'waiting'}
              {e.state === 'uploading' && (e.progress < 100 ? `${e.progress}%` : 'reading…')}
              {e.state === 'done' && e.outcome && (
                <>
                  {e.outcome.status === 'unchanged'
                    ? 'already imported'
                    : `imported: ${e.outcome.reviews} review(s), ${e.outcome.items} learning items`}{' '}
                  {e.outcome.documentId && <Link to={`/documents/${e.outcome.documentId}/source`}>open</Link>}
                </>
              )}
              {e.state === 'failed' && (
                <span className="problem">failed: {e.outcome?.reason ?? e.message}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
