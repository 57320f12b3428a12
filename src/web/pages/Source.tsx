import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Problem } from '../components/Layout.tsx';
import { HighlightedText, type Highlight } from '../components/Text.tsx';
import { useApi } from '../hooks.ts';
import { KIND_CLASS } from './Review.tsx';

interface DocumentData {
  id: string;
  fileName: string;
  title: string | null;
  text: string;
  items: { id: string; kind: string; ref: string | null; span: [number, number] }[];
}

/** A document's source text; ?start=&end= marks the span a report cites. */
export function SourcePage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const doc = useApi<DocumentData>(`/api/documents/${id ?? ''}`);
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const cited = Number.isInteger(start) && Number.isInteger(end) && end > start;
  const passage =
    params.get('from') === 'search' ? 'the passage that matches your search' : 'the cited passage';
  useEffect(() => {
    if (doc.data && cited) document.querySelector('mark.cited')?.scrollIntoView({ block: 'center' });
  }, [doc.data, cited]);
  // The cited passage first: of spans of equal length, the first listed is drawn.
  const highlights: Highlight[] = [
    ...(cited ? [{ id: 'cited', start, end, className: 'cited', label: passage }] : []),
    ...(doc.data?.items ?? []).map((i) => ({
      id: i.id,
      start: i.span[0],
      end: i.span[1],
      className: KIND_CLASS[i.kind] ?? 'k-other',
      label: `${i.kind}${i.ref ? ` ${i.ref}` : ''}`,
    })),
  ];
  return (
    <>
      <h1>{doc.data?.title ?? doc.data?.fileName ?? 'Document'}</h1>
      {cited && (
        <p>
          {passage.charAt(0).toUpperCase() + passage.slice(1)} (characters {start}–{end}) is outlined.
        </p>
      )}
      <Problem message={doc.error} />
      {doc.data && <HighlightedText text={doc.data.text} highlights={highlights} />}
    </>
  );
}
