import { Fragment, type ReactNode } from 'react';

const START = String.fromCharCode(2);
const END = String.fromCharCode(3);

/** A search snippet: the server marks matched words with \u0002 ... \u0003; React escapes the rest. */
export function Snippet({ text }: { text: string }) {
  // Split on the start marks: each piece after the first begins with a marked run up to its end mark.
  const [head, ...rest] = text.split(START);
  return (
    <>
      {head}
      {rest.map((piece, i) => {
        const end = piece.indexOf(END);
        return end < 0 ? (
          <Fragment key={i}>{piece}</Fragment>
        ) : (
          <Fragment key={i}>
            <mark>{piece.slice(0, end)}</mark>
            {piece.slice(end + 1)}
          </Fragment>
        );
      })}
    </>
  );
}

export interface Highlight {
  id: string;
  start: number;
  end: number;
  className: string;
  label: string;
}

/**
 * Source text with highlighted spans. Spans may nest or overlap: the text is cut at every
 * boundary and each piece takes the innermost (shortest) span covering it.
 */
export function HighlightedText({
  text,
  highlights,
  selected,
  onSelect,
}: {
  text: string;
  highlights: Highlight[];
  selected?: string | null;
  onSelect?: (id: string) => void;
}) {
  const cuts = new Set<number>([0, text.length]);
  for (const h of highlights) {
    cuts.add(Math.max(0, Math.min(text.length, h.start)));
    cuts.add(Math.max(0, Math.min(text.length, h.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: ReactNode[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    const piece = text.slice(a, b);
    const covering = highlights
      .filter((h) => h.start <= a && h.end >= b)
      .sort((x, y) => x.end - x.start - (y.end - y.start));
    const h = covering[0];
    if (!h) out.push(<Fragment key={a}>{piece}</Fragment>);
    else
      out.push(
        <mark
          key={a}
          className={`${h.className}${selected === h.id ? ' selected' : ''}`}
          title={h.label}
          data-item={h.id}
          onClick={onSelect ? () => onSelect(h.id) : undefined}
        >
          {piece}
        </mark>,
      );
  }
  // Focusable, so the scrolling text can be read with the keyboard.
  return (
    <div className="source" tabIndex={0} role="region" aria-label="Source text">
      {out}
    </div>
  );
}
