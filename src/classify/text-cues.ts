/**
 * Cues in the running text that the coder reads around a mention: a pointer to a resource and how
 * far it reaches, an inline list of themes, an indexing "Keywords:" line, a label ("What did we
 * find?") heading what follows, and headings that name references or contacts, not learning.
 */
import type { CodingBlock } from './coder.ts';
import { INLINE_THEME_LABEL, KEYWORDS_LABEL, POINTER_SENTENCE } from './context.ts';

/** How far back on its line a mention looks for a "Keywords:" label. */
const KEYWORD_REACH = 1000;

/**
 * Sections whose words are not learning: references, links, contacts, glossaries. The heading
 * must be such a name on its own (at most five words, nothing after a colon): "Author: A. Smith
 * and B. Jones" is a line of metadata, not a section.
 */
const NON_LEARNING_WORDS = 5;
const NON_LEARNING =
  /\b(references|bibliography|further (information|reading)|(useful )?links|contacts?( us)?|find out more|glossary|acknowledg\w*|contents|appendix|appendices|footnotes|endnotes|resources|about the author|author)\b/i;
/** A label in the running text: a short line ending in "?" or ":" that heads what follows. */
const LABEL_WORDS = 10;

/** A pointer sentence this short is all pointer; a longer one, its first POINTER_HEAD_WORDS words. */
const POINTER_WORDS = 30;
const POINTER_HEAD_WORDS = 15;
/** How far back in its block a mention looks for an inline list label. */
const INLINE_REACH = 1500;

/**
 * True when `offset` in a block's text follows an inline label of themes or learning with no
 * sentence end between ("Some key themes include: Age of the child; Thresholds for neglect").
 */
export function inInlineThemeList(blockText: string, offset: number): boolean {
  const from = Math.max(0, offset - INLINE_REACH);
  const before = blockText.slice(from, offset);
  let end = -1;
  for (const m of before.matchAll(INLINE_THEME_LABEL)) end = m.index + m[0].length;
  return end >= 0 && !/[.!?]\s/.test(before.slice(end));
}

/**
 * How many characters of a sentence a pointer to a resource covers: up to a file marker ("(PDF)",
 * "(Word, 2 MB)"), or the whole of a short sentence, or its first fifteen words; 0 for no pointer.
 */
export function pointerExtent(said: string): number {
  if (!POINTER_SENTENCE.test(said)) return 0;
  const marker = /\((pdf|word|docx?|[\d.]+ ?[km]b)\b[^)]*\)/i.exec(said);
  if (marker) return marker.index + marker[0].length;
  const words = [...said.matchAll(/\S+/g)];
  if (words.length <= POINTER_WORDS) return said.length;
  const last = words[POINTER_HEAD_WORDS - 1] as RegExpMatchArray;
  return (last.index ?? 0) + last[0].length;
}

/** True when a "Keywords:" label stands before `offset` on its line. */
export function afterKeywordsLabel(text: string, offset: number): boolean {
  const from = Math.max(0, offset - KEYWORD_REACH);
  const before = text.slice(from, offset);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return KEYWORDS_LABEL.test(line);
}

/** The nearest short line above block `b`, within its section, that ends in "?" or ":" (a label). */
export function labelOf(text: string, blocks: CodingBlock[], b: number): string | null {
  for (let i = b - 1; i >= 0 && i >= b - 40; i--) {
    const prev = blocks[i] as CodingBlock;
    if (prev.kind === 'heading') return null;
    const line = text.slice(prev.start, prev.end).trim();
    if (/[?:]$/.test(line) && line.split(/\s+/).length <= LABEL_WORDS) return line;
  }
  return null;
}

export function isNonLearningHeading(heading: string): boolean {
  return (
    NON_LEARNING.test(heading) &&
    !/:\s*\S/.test(heading) &&
    heading.split(/\s+/).filter(Boolean).length <= NON_LEARNING_WORDS
  );
}
