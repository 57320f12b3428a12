/**
 * Passages: a document's text cut into pieces of about a paragraph or a few, for search. A
 * 100-page report is one document but hundreds of passages; searching and ranking passages costs
 * the same however long the document, and a document's search hit can show (and link to) the
 * passage where its words are, not just the document.
 *
 * Passages follow the reader's blocks: a heading starts a passage (with the text under it),
 * short blocks join their neighbours up to PASSAGE_TARGET characters, and a block longer than
 * PASSAGE_MAX is cut at sentence ends (or spaces). Every character of a block is in exactly one
 * passage, and each passage is a [start, end) span of the document's text.
 */
import type { Block, TextSpan } from './blocks.ts';

/** A passage is closed once it has this many characters... */
export const PASSAGE_TARGET = 600;
/** ...and a block is cut into pieces of at most this many. */
export const PASSAGE_MAX = 1_500;

/** Cuts [start, end) of text into pieces of at most PASSAGE_MAX, at sentence ends where it can. */
function cut(text: string, start: number, end: number): TextSpan[] {
  const out: TextSpan[] = [];
  let at = start;
  while (end - at > PASSAGE_MAX) {
    const window = text.slice(at, at + PASSAGE_MAX);
    // The last sentence end in the window's second half, else its last space, else a hard cut.
    let cutAt = -1;
    for (const m of window.matchAll(/[.!?;:]["')\]]?\s+/g))
      if (m.index >= PASSAGE_MAX / 2) cutAt = m.index + m[0].length;
    if (cutAt < 0) {
      const space = window.lastIndexOf(' ');
      cutAt = space > PASSAGE_MAX / 2 ? space + 1 : PASSAGE_MAX;
    }
    out.push({ start: at, end: at + cutAt });
    at += cutAt;
  }
  if (end > at) out.push({ start: at, end });
  return out;
}

/** The document's passages, in order. A text without blocks is taken as one block. */
export function passagesOf(text: string, blocks: readonly Block[]): TextSpan[] {
  const units: { span: TextSpan; heading: boolean }[] = [];
  const sorted = blocks.length
    ? [...blocks].filter((b) => b.end > b.start).sort((a, b) => a.start - b.start)
    : [{ kind: 'paragraph' as const, start: 0, end: text.length }];
  let covered = 0;
  for (const b of sorted) {
    // Blocks never overlap in a reader's output; if one did, its overlap is not indexed twice.
    const start = Math.max(b.start, covered);
    if (b.end <= start) continue;
    for (const span of cut(text, start, b.end)) units.push({ span, heading: b.kind === 'heading' });
    covered = b.end;
  }
  const passages: TextSpan[] = [];
  let current: TextSpan | null = null;
  // Headings in a row ("Part 2", "2.1 Findings") stay together with the text under them.
  let onlyHeadings = false;
  for (const { span, heading } of units) {
    if (
      current &&
      ((heading && !onlyHeadings) ||
        current.end - current.start >= PASSAGE_TARGET ||
        span.end - current.start > PASSAGE_MAX)
    ) {
      passages.push(current);
      current = null;
    }
    onlyHeadings = current ? onlyHeadings && heading : heading;
    current = current ? { start: current.start, end: span.end } : { ...span };
  }
  if (current) passages.push(current);
  // Whitespace alone is not a passage. Blocks that hold no text: the text is taken whole.
  const found = passages.filter((p) => text.slice(p.start, p.end).trim() !== '');
  return found.length === 0 && blocks.length > 0 && text.trim() !== '' ? passagesOf(text, []) : found;
}
