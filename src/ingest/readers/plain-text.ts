/**
 * Plain text, as partnerships' exports really look: some Markdown-like marks (#, **bold**,
 * bullets), tab-separated table rows from word processors, numbered paragraphs (3.1, 3.2),
 * lines that are either hard-wrapped or one paragraph each, and page-break debris.
 */
import { TextBuilder, type ReadResult } from '../blocks.ts';
import { cleanText } from '../decode.ts';
import { stripInlineMarkup } from './inline-markup.ts';

type Line =
  | { type: 'blank' }
  | { type: 'heading'; text: string; level: number; inferred: boolean }
  | { type: 'table'; cells: string[] }
  | { type: 'item'; marker: string; text: string; indent: number }
  | { type: 'text'; text: string; indent: number; hardBreak: boolean };

const BULLET = String.raw`[-*+•·▪◦‣○●■□➢➤✓–]`;
const NUMBER = String.raw`\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]`;
const LETTER = String.raw`\(?(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\)`;
const MARKER = new RegExp(String.raw`^(${BULLET}|${NUMBER}|${LETTER})\s+(?=\S)`);
const BULLET_ONLY = new RegExp(String.raw`^${BULLET}\s*$`);
const NUMBER_ONLY = new RegExp(String.raw`^(${NUMBER})$`);
const TERMINAL = /[.!?;:,]["'’”)]*$/;
/**
 * Words a sentence does not end on: a line ending with one continues on the next. Lower case
 * only: "Baby A" ends with a name, not the article.
 */
const CONTINUES =
  /\b(and|or|but|the|a|an|of|to|in|on|at|by|for|with|from|as|that|which|who|whose|their|its|his|her|was|were|is|are|be|been|not|this|these|than|into|about|between|within|including|such)$/;
/** Slide packs mark a continued slide's title: "The Board's Response, cont." */
const CONTINUED_TITLE = /,?\s*(\(?cont(inued)?\.?\)?)$/i;

function indentOf(raw: string): number {
  const m = /^[ \t]*/.exec(raw)?.[0] ?? '';
  return m.replace(/\t/g, '  ').length;
}

function classify(raw: string): Line {
  const trimmed = raw.trim();
  if (!trimmed || BULLET_ONLY.test(trimmed)) return { type: 'blank' };

  const atx = /^#{1,6}(?=\s)/.exec(trimmed);
  if (atx) {
    const text = stripInlineMarkup(trimmed.slice(atx[0].length).replace(/\s#+\s*$/, ''));
    return text ? { type: 'heading', text, level: atx[0].length, inferred: false } : { type: 'blank' };
  }

  const indent = indentOf(raw);
  const marker = MARKER.exec(trimmed);
  if (marker) {
    let rest = trimmed.slice(marker[0].length);
    let mark = marker[1] ?? '';
    // "- i) text": a bullet holding a numbered point keeps the inner number as its marker.
    const inner = new RegExp(String.raw`^(${NUMBER}|${LETTER})\s+(?=\S)`).exec(rest);
    if (inner && BULLET.includes(mark)) {
      mark = inner[1] ?? mark;
      rest = rest.slice(inner[0].length);
    }
    if (!(mark === '*' && rest.endsWith('*'))) {
      return { type: 'item', marker: mark, text: stripInlineMarkup(rest), indent };
    }
  }

  const bold = /^\*\*([^*].*?)\*\*\s*:?$/.exec(trimmed);
  if (bold?.[1] && bold[1].length <= 100 && !/[.;,]$/.test(bold[1].trim())) {
    return { type: 'heading', text: stripInlineMarkup(bold[1]), level: 3, inferred: true };
  }
  // Two trailing spaces are Markdown's line break: the next line continues the paragraph.
  return { type: 'text', text: stripInlineMarkup(trimmed), indent, hardBreak: raw.endsWith('  ') };
}

function cellsOf(raw: string): string[] {
  const cells = raw.split('\t').map((c) => stripInlineMarkup(c));
  // Word exports pad rows with trailing tabs; interior empty cells hold column positions.
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * Lines that are table rows: runs of consecutive tab-separated lines with at least two rows of
 * two filled cells, or one row of three. A lone tab inside prose is not a table.
 */
function findTableRows(raw: string[]): Set<number> {
  const cells = raw.map((r) => (r.includes('\t') ? cellsOf(r) : []));
  const filled = cells.map((c) => c.filter(Boolean).length);
  const rows = new Set<number>();
  for (let i = 0; i < raw.length;) {
    if ((cells[i]?.length ?? 0) < 2) {
      i++;
      continue;
    }
    let j = i;
    while (j < raw.length && (cells[j]?.length ?? 0) >= 2) j++;
    const run = Array.from({ length: j - i }, (_, k) => i + k);
    const strong = run.filter((k) => (filled[k] ?? 0) >= 2).length;
    if (strong >= 2 || run.some((k) => (filled[k] ?? 0) >= 3)) for (const k of run) rows.add(k);
    i = j;
  }
  return rows;
}

/** "Recommendations include: ...", "Keywords: ...": a labelled line starts a block of its own. */
const LABEL_LINE = /^[\p{Lu}][\p{L}’' -]{1,40}?(?:\s+(?:include|includes|included|are|were))?\s*:(?:\s|$)/u;

const FILE_LINK_END = /\((?:pdf|docx?|word|xlsx?|odt|rtf)(?:[,;][^)]*)?\)$/i;

/** "What did we find?", "How to enhance your practice?": a question can head a section. */
const QUESTION_TITLE =
  /^(?:[^.!?;:]{1,40}:\s*)?(what|how|why|who|when|where|which|is|are|do|does|did|can|could|should)\b[^.!;:]*\?$/i;

/** "Explore the trauma-informed practice guide": an instruction on its own line, not a title. */
const IMPERATIVE =
  /^(read|explore|see|visit|watch|listen to|consider|ensure|check|remember|think about|ask|talk to|discuss|share|refer|record|make sure|find out|look at|access|complete|attend|download|use)\s+(the|your|our|a|an|this|these|how|what|whether|all|any)\b/i;

function isTitleLike(raw: string): boolean {
  // A title is at most 80 characters: longer lines are not tested (the patterns below would
  // cost far more on a line of a megabyte).
  if (raw.length > 120) return false;
  const text = raw.replace(CONTINUED_TITLE, '');
  const words = text.split(/\s+/);
  return (
    text.length <= 80 &&
    words.length <= 12 &&
    /^[\p{Lu}\d"'‘“(]/u.test(text) &&
    (!TERMINAL.test(text) || QUESTION_TITLE.test(text)) &&
    !/^(https?:|www\.|<)/i.test(text) &&
    !/^\(.*\)$/.test(text) &&
    !IMPERATIVE.test(text) &&
    !CONTINUES.test(text)
  );
}

/** Lines of one paragraph are hard-wrapped when most sit between 40 and 100 characters. */
function looksHardWrapped(lines: Line[]): boolean {
  const lengths: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i];
    const b = lines[i + 1];
    if (a?.type === 'text' && b?.type === 'text') lengths.push(a.text.length);
  }
  if (lengths.length < 5) return false;
  const inRange = lengths.filter((n) => n >= 40 && n <= 100).length;
  return inRange / lengths.length > 0.8;
}

interface Pending {
  kind: 'text' | 'item';
  text: string;
  marker: string;
  indent: number;
  hardBreak?: boolean;
  /** The last line joined to `text`: its end is the block's end. */
  last: string;
}

const NUMERIC_MARKER = /^\d/;

/**
 * For each line, the index of the nearest line before and after it that is not blank (-1 or
 * lines.length when none): found once, so no line scans its neighbours again (a file of a
 * million "1." lines made that quadratic).
 */
function nonBlankNeighbours(lines: Line[]): { before: Int32Array; after: Int32Array } {
  const before = new Int32Array(lines.length);
  const after = new Int32Array(lines.length);
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    before[i] = last;
    if (lines[i]?.type !== 'blank') last = i;
  }
  last = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    after[i] = last;
    if (lines[i]?.type !== 'blank') last = i;
  }
  return { before, after };
}

/** "1." -> "2", "2.3" -> "2.4": the number that follows a marker at its own depth. */
function nextNumber(marker: string): string {
  const parts = marker.replace(/[.)]$/, '').split('.');
  const lastPart = Number(parts.pop());
  return [...parts, String(lastPart + 1)].join('.');
}

/** "2.3 Brief summary of each case": a numbered line that is a title, not a numbered point. */
function isNumberedTitle(lines: Line[], i: number, near: ReturnType<typeof nonBlankNeighbours>): boolean {
  const line = lines[i];
  if (line?.type !== 'item' || !NUMERIC_MARKER.test(line.marker)) return false;
  if (!isTitleLike(line.text) || line.text.split(' ').length > 8) return false;
  const neighbour = (step: number) => lines[(step < 0 ? near.before : near.after)[i] ?? -1];
  // In a run of short numbered points ("1. Neglect", "2. Domestic abuse") each is a list item.
  const numbered = (l: Line | undefined) =>
    l?.type === 'item' && NUMERIC_MARKER.test(l.marker) && isTitleLike(l.text);
  // "1. What are ...?" followed by "2. How can ...?" is a numbered list, whatever its lines' length.
  const next = neighbour(1);
  const follows = next?.type === 'item' && nextNumber(line.marker) === next.marker.replace(/[.)]$/, '');
  return !numbered(neighbour(-1)) && !numbered(next) && !follows;
}

/** Reads plain text into blocks. */
export function readPlainText(source: string): ReadResult {
  const raw = cleanText(source).split('\n');
  const tableRows = findTableRows(raw);
  const lines = raw.map((r, i): Line =>
    tableRows.has(i) ? { type: 'table', cells: cellsOf(r) } : classify(r),
  );
  // Two trailing spaces are a line break only in Markdown; elsewhere they are noise.
  const markdownish = lines.some((l) => l.type === 'heading' && !l.inferred) || /\*\*\S/.test(source);
  if (!markdownish) for (const l of lines) if (l.type === 'text') l.hardBreak = false;
  const wrapped = looksHardWrapped(lines);
  const near = nonBlankNeighbours(lines);
  const out = new TextBuilder();
  const indents: number[] = [];
  let pending: Pending | null = null;
  let blankSince = false;

  const depthOf = (indent: number): number => {
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > indent) indents.pop();
    if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < indent) indents.push(indent);
    return indents.length - 1;
  };
  const flush = () => {
    if (!pending) return;
    if (pending.kind === 'item') out.listItem(pending.text, depthOf(pending.indent), pending.marker);
    else out.paragraph(pending.text);
    pending = null;
  };
  // Only the end of an open block matters, and it is the last line joined to it: testing (or
  // even slicing) the whole growing block at every line cost the square of its length.
  const endsOpen = (p: Pending) => {
    const end = p.last.length > 64 ? p.last.slice(-64) : p.last;
    // "Read the leaflet (PDF)", "Download (PDF, 320 KB)": a link to a file ends its line.
    if (FILE_LINK_END.test(end)) return false;
    return !TERMINAL.test(end) || CONTINUES.test(end) || /[,-]$/.test(end);
  };
  const extend = (p: Pending, text: string) => {
    p.text += ' ' + text;
    p.last = text;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? { type: 'blank' };
    if (line.type === 'blank') {
      blankSince = true;
      continue;
    }
    const prevBlank = blankSince;
    blankSince = false;
    const next = lines[i + 1];
    const nextBlank = next === undefined || next.type === 'blank';

    if (line.type === 'text' && pending && LABEL_LINE.test(line.text)) flush();
    if (line.type === 'text') {
      const startsLower = /^[\p{Ll}]/u.test(line.text);
      // A line that starts in lower case continues the open block, even across a page break.
      if (pending && startsLower && endsOpen(pending)) {
        extend(pending, line.text);
        continue;
      }
      if (
        pending &&
        !prevBlank &&
        (wrapped || pending.hardBreak || endsOpen(pending)) &&
        pending.kind === 'text'
      ) {
        extend(pending, line.text);
        pending.hardBreak = line.hardBreak;
        continue;
      }
      if (
        pending &&
        !prevBlank &&
        pending.kind === 'item' &&
        (line.indent > pending.indent || endsOpen(pending))
      ) {
        extend(pending, line.text);
        continue;
      }
      const numberOnly = NUMBER_ONLY.exec(line.text);
      if (numberOnly) {
        // "1." alone on a line, its heading on the next: one numbered heading.
        const j = near.after[i] ?? lines.length;
        const head = lines[j];
        if (head && head.type === 'text' && isTitleLike(head.text)) {
          flush();
          out.heading(`${line.text} ${head.text}`, 2, { inferred: true });
          i = j;
          continue;
        }
      }
      // In text with one paragraph per line, a short line after a finished sentence is a heading too.
      const afterSentence = pending !== null && !wrapped && !endsOpen(pending);
      if (
        (prevBlank || !pending || afterSentence) &&
        isTitleLike(line.text) &&
        (nextBlank || next?.type !== 'text' || !startsLowerText(next))
      ) {
        flush();
        out.heading(line.text, /^[^\p{Ll}]+$/u.test(line.text) ? 2 : 3, { inferred: true });
        continue;
      }
      flush();
      pending = {
        kind: 'text',
        text: line.text,
        marker: '',
        indent: line.indent,
        hardBreak: line.hardBreak,
        last: line.text,
      };
      continue;
    }

    if (line.type === 'heading' && pending && endsOpen(pending)) {
      // A lower-case line right after a heading means the heading was a running header that
      // interrupted a sentence at a page break: skip it and let the sentence continue.
      const after = lines[near.after[i] ?? lines.length];
      if (after && startsLowerText(after)) continue;
    }
    flush();
    if (line.type === 'heading') {
      out.heading(line.text, line.level, { inferred: line.inferred });
    } else if (line.type === 'table') {
      out.tableRow(line.cells);
    } else if (isNumberedTitle(lines, i, near)) {
      out.heading(`${line.marker} ${line.text}`, 2 + (line.marker.match(/\.\d/g) ?? []).length, {
        inferred: true,
      });
    } else {
      pending = { kind: 'item', text: line.text, marker: line.marker, indent: line.indent, last: line.text };
    }
  }
  flush();
  return out.finish('txt');
}

function startsLowerText(line: Line): boolean {
  return line.type === 'text' && /^[\p{Ll}]/u.test(line.text);
}
