/**
 * Page layout to blocks, shared by both PDF engines (pdf.js and poppler): positioned text runs
 * -> lines in reading order (two columns read left then right) -> running headers, footers,
 * page numbers and footnote markers dropped, footnotes moved to the end -> tables as rows ->
 * headings by font size and weight, paragraphs and list items, words hyphenated across lines
 * rejoined.
 */
import { TextBuilder, type ReadResult } from '../../blocks.ts';

/** One positioned piece of text. `top` is measured from the top of the page, in points. */
export interface Run {
  text: string;
  x: number;
  top: number;
  width: number;
  size: number;
  bold: boolean;
}

export interface PageRuns {
  page: number;
  width: number;
  height: number;
  runs: Run[];
}

interface Segment {
  x: number;
  end: number;
  text: string;
}

export interface Line {
  page: number;
  /** 0 for full width or single column, 1 left, 2 right. */
  column: number;
  text: string;
  x: number;
  top: number;
  size: number;
  bold: boolean;
  segments: Segment[];
  pageHeight: number;
}

const BULLET_LINE =
  /^([•·▪◦‣○●■□➢➤✓–-]|\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+|\(?[a-h]\)|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\))\s+(?=\S)/;
const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;
const TERMINAL = /[.!?:;]["'’”)]*$/;

/** The largest of `values` (Math.max(...values) overflows the stack on a page of 100,000 runs). */
function maxOf(values: number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

function minOf(values: number[]): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Groups runs into lines, top to bottom; a wide gap inside a line separates table cells. */
function groupLines(runs: Run[], page: PageRuns, column: number): Line[] {
  const sorted = [...runs].sort((a, b) => a.top - b.top || a.x - b.x);
  const groups: Run[][] = [];
  for (const run of sorted) {
    const line = groups[groups.length - 1];
    const ref = line?.[0];
    if (line && ref && Math.abs(ref.top - run.top) <= Math.max(ref.size, run.size) * 0.45) line.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const size = maxOf(group.map((r) => r.size));
    const segments: Segment[] = [];
    for (const run of group) {
      const seg = segments[segments.length - 1];
      const gap = seg ? run.x - seg.end : Infinity;
      if (seg && gap <= size * 1.2) {
        if (gap > run.size * 0.2 && !/\s$/.test(seg.text) && !/^\s/.test(run.text)) seg.text += ' ';
        seg.text += run.text;
        seg.end = Math.max(seg.end, run.x + run.width);
      } else segments.push({ x: run.x, end: run.x + run.width, text: run.text });
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim();
    const chars = group.reduce((n, r) => n + r.text.length, 0);
    const boldChars = group.filter((r) => r.bold).reduce((n, r) => n + r.text.length, 0);
    return {
      page: page.page,
      column,
      text: segments
        .map((s) => s.text)
        .join(' ')
        .trim(),
      x: group[0]?.x ?? 0,
      top: minOf(group.map((r) => r.top)),
      size,
      bold: chars > 0 && boldChars / chars >= 0.8,
      segments: segments.filter((s) => s.text),
      pageHeight: page.height,
    };
  });
}

/**
 * Finds the gutter of a two-column page: a vertical band in the middle that few runs cross,
 * with wide text on both sides (a table's narrow cells do not make columns).
 */
function findGutter(runs: Run[], width: number): number | null {
  if (runs.length < 12) return null;
  let best: { x: number; crossing: number } | null = null;
  for (let x = width * 0.35; x <= width * 0.65; x += 3) {
    const crossing = runs.filter((r) => r.x < x - 1 && r.x + r.width > x + 1).length;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  if (!best || best.crossing > runs.length * 0.15) return null;
  const gutter = best.x;
  const left = runs.filter((r) => r.x + r.width <= gutter);
  const right = runs.filter((r) => r.x >= gutter);
  if (left.length < 3 || right.length < 3) return null;
  // Columns stand side by side: several lines of the right column share a baseline with the left.
  const leftTops = left.map((l) => l.top).sort((a, b) => a - b);
  const sideBySide = right.filter((r) => hasWithin(leftTops, r.top, r.size * 0.5)).length;
  if (sideBySide < 2) return null;
  const leftEdge = minOf(left.map((r) => r.x));
  const rightEdge = maxOf(right.map((r) => r.x + r.width));
  const wide = (rs: Run[], span: number) => median(rs.map((r) => r.width)) >= span * 0.6;
  return wide(left, gutter - leftEdge) && wide(right, rightEdge - gutter) ? gutter : null;
}

/** True when sorted `values` hold one within `tolerance` of `target` (binary search). */
function hasWithin(values: number[], target: number, tolerance: number): boolean {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < target - tolerance) lo = mid + 1;
    else hi = mid;
  }
  return lo < values.length && (values[lo] as number) <= target + tolerance;
}

/** Most runs a page may have for footnote markers to be looked for (the test compares run pairs). */
const MARKER_SCAN_RUNS = 3000;

/** A page's lines in reading order. */
function pageLines(page: PageRuns): Line[] {
  const sizes = page.runs.map((r) => r.size);
  const typical = median(sizes);
  // Footnote markers: small digits raised above the text they follow.
  const runs = page.runs.filter(
    (r) =>
      !(
        page.runs.length <= MARKER_SCAN_RUNS &&
        /^\d{1,3}$/.test(r.text.trim()) &&
        r.size < typical * 0.75 &&
        page.runs.some(
          (o) =>
            o !== r &&
            Math.abs(o.top - r.top) < typical &&
            o.x + o.width <= r.x + 1 &&
            o.x + o.width > r.x - 3,
        )
      ),
  );
  const gutter = findGutter(runs, page.width);
  if (gutter === null) return groupLines(runs, page, 0);
  const spanning = groupLines(
    runs.filter((r) => r.x < gutter - 1 && r.x + r.width > gutter + 1),
    page,
    0,
  );
  const left = groupLines(
    runs.filter((r) => r.x + r.width <= gutter + 1),
    page,
    1,
  );
  const right = groupLines(
    runs.filter((r) => r.x >= gutter - 1 && !(r.x < gutter - 1)),
    page,
    2,
  );
  // Full-width lines cut the page into bands; each band is read left column, then right.
  const cuts = [-Infinity, ...spanning.map((l) => l.top), Infinity];
  const out: Line[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [lo, hi] = [cuts[i] as number, cuts[i + 1] as number];
    const inBand = (l: Line) => l.top > lo && l.top < hi;
    if (i > 0) out.push(spanning[i - 1] as Line);
    out.push(...left.filter(inBand), ...right.filter(inBand));
  }
  return out;
}

/** The first two and last two lines of a page (line `i` of `lines`), when they sit in its top or bottom tenth. */
function isMargin(line: Line, i: number, lines: Line[]): boolean {
  const nearEdge = i < 2 || i >= lines.length - 2;
  return nearEdge && (line.top < line.pageHeight * 0.1 || line.top > line.pageHeight * 0.9);
}

/** Text that repeats at the top or bottom of several pages is a running header or footer. */
function dropRunningLines(pages: Line[][]): Line[][] {
  const key = (l: Line) => l.text.toLowerCase().replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set(lines.filter((l, i) => isMargin(l, i, lines)).map(key));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // Title pages usually lack the running header, so it need not be on every page.
  const threshold = Math.max(2, Math.ceil(pages.length * 0.4));
  // Small print at the very edge of a page is page furniture even when it appears only once.
  const body = bodySize(pages.flat());
  const furniture = (l: Line) =>
    l.size <= body * 0.85 && (l.top < l.pageHeight * 0.07 || l.top > l.pageHeight * 0.93);
  // A page's only lines are its content, not its furniture, however alike the pages are (a
  // long PDF of one short line per page was read as nothing but running headers).
  return pages.map((lines) => {
    const hasBody = lines.some((o, k) => !isMargin(o, k, lines));
    return lines.filter(
      (l, i) =>
        !(
          hasBody &&
          isMargin(l, i, lines) &&
          ((counts.get(key(l)) ?? 0) >= threshold || PAGE_NUMBER.test(l.text) || furniture(l))
        ),
    );
  });
}

/** The most common font size, weighted by characters: the body text. */
function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    weight.set(s, (weight.get(s) ?? 0) + l.text.length);
  }
  let best = 10;
  let max = -1;
  for (const [s, w] of weight) if (w > max) [best, max] = [s, w];
  return best;
}

/** Small-print lines below all the body text of their page: footnotes. */
function splitFootnotes(lines: Line[], body: number): { main: Line[]; notes: Line[] } {
  const bodyTops = lines.filter((l) => l.size >= body * 0.9).map((l) => l.top);
  const lowest = bodyTops.length ? maxOf(bodyTops) : Infinity;
  const notes = lines.filter((l) => l.size < body * 0.88 && l.top > lowest && l.top > l.pageHeight * 0.5);
  const isNote = new Set(notes);
  return { main: lines.filter((l) => !isNote.has(l)), notes };
}

type Element =
  | { kind: 'line'; line: Line }
  | { kind: 'table'; rows: { cells: string[]; page: number }[]; header: boolean };

/** Runs of lines whose cells line up in columns become tables; wrapped cell text joins its cell. */
function findTables(lines: Line[]): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < lines.length;) {
    const first = lines[i] as Line;
    if (first.segments.length < 2) {
      out.push({ kind: 'line', line: first });
      i++;
      continue;
    }
    const cols = first.segments.map((s) => s.x);
    const colOf = (x: number) => cols.findIndex((c) => Math.abs(c - x) <= 6);
    // A line belongs to the table when its pieces line up with the columns and it has several
    // cells, or it continues a wrapped cell within normal line spacing of the line before.
    const spacing = (l: Line) => l.size * 1.6;
    const fits = (l: Line, prev: Line) =>
      l.page === first.page &&
      l.segments.every((s) => colOf(s.x) >= 0) &&
      (l.segments.length >= 2 || colOf(l.x) > 0 || l.top - prev.top <= spacing(l));
    let j = i + 1;
    while (j < lines.length && fits(lines[j] as Line, lines[j - 1] as Line)) j++;
    if (j - i < 2) {
      out.push({ kind: 'line', line: first });
      i++;
      continue;
    }
    const region = lines.slice(i, j);
    const rows: { cells: string[]; page: number }[] = [];
    region.forEach((l, k) => {
      const prev = region[k - 1];
      if (!prev || l.top - prev.top > spacing(l)) rows.push({ cells: cols.map(() => ''), page: l.page });
      const row = rows[rows.length - 1] as { cells: string[] };
      for (const s of l.segments) {
        const c = colOf(s.x);
        row.cells[c] = row.cells[c] ? `${row.cells[c]} ${s.text}` : s.text;
      }
    });
    out.push({ kind: 'table', rows, header: first.bold || first.segments.length === cols.length });
    i = j;
  }
  return out;
}

/** Builds the read result from every page's runs. */
export function layoutToBlocks(pages: PageRuns[], warnings: string[] = []): ReadResult {
  const all = dropRunningLines(pages.map(pageLines).map((lines) => lines.filter((l) => l.text)));
  const body = bodySize(all.flat());
  const notes: Line[] = [];
  const flow: Line[] = [];
  for (const page of all) {
    const split = splitFootnotes(page, body);
    flow.push(...split.main);
    notes.push(...split.notes);
  }
  const headingSizes = [
    ...new Set(flow.filter((l) => l.size >= body * 1.15).map((l) => Math.round(l.size))),
  ].sort((a, b) => b - a);
  const out = new TextBuilder();
  // `tail` is the last line's text joined: the block's end, tested instead of the whole growing
  // text (which cost the square of a long paragraph's length).
  type Pending = {
    kind: 'p' | 'li' | 'h';
    parts: string[];
    tail: string;
    marker: string;
    level: number;
    last: Line;
  };
  let pending = null as Pending | null;
  const flush = () => {
    if (!pending) return;
    const page = pending.last.page;
    const text = pending.parts.join(' ');
    if (pending.kind === 'h') out.heading(text, pending.level, { page });
    else if (pending.kind === 'li') out.listItem(text, 0, pending.marker, page);
    else out.paragraph(text, page);
    pending = null;
  };
  const join = (p: Pending, b: string) => {
    if (/\p{Ll}-$/u.test(p.tail) && /^\p{Ll}/u.test(b)) {
      p.parts[p.parts.length - 1] = (p.parts[p.parts.length - 1] as string).slice(0, -1) + b;
      p.tail = b;
    } else {
      p.parts.push(b);
      p.tail = b;
    }
  };
  const start = (kind: Pending['kind'], text: string, line: Line, marker = '', level = 0) => {
    flush();
    pending = { kind, parts: [text], tail: text, marker, level, last: line };
  };
  const gapBetween = (a: Line, b: Line) =>
    a.page !== b.page || a.column !== b.column ? Infinity : b.top - a.top - a.size;
  const isHeading = (l: Line) => {
    if (l.text.split(' ').length > 15 || /[.,;]$/.test(l.text)) return false;
    return l.size >= body * 1.15 || (l.bold && l.size >= body * 0.95 && !BULLET_LINE.test(l.text));
  };
  const levelOf = (l: Line) =>
    l.size >= body * 1.15 ? headingSizes.indexOf(Math.round(l.size)) + 1 : headingSizes.length + 1;

  for (const el of findTables(flow)) {
    if (el.kind === 'table') {
      flush();
      el.rows.forEach((row, k) => out.tableRow(row.cells, { header: el.header && k === 0, page: row.page }));
      continue;
    }
    const line = el.line;
    const gap = pending ? gapBetween(pending.last, line) : Infinity;
    const near = gap <= line.size * 0.9;
    if (isHeading(line)) {
      // A heading that wraps onto a second line in the same style stays one heading.
      if (
        pending?.kind === 'h' &&
        near &&
        Math.abs(pending.last.size - line.size) < 0.5 &&
        pending.last.bold === line.bold
      ) {
        pending.parts.push(line.text);
        pending.tail = line.text;
        pending.last = line;
      } else start('h', line.text, line, '', levelOf(line));
      continue;
    }
    const bullet = BULLET_LINE.exec(line.text);
    const sameSize = pending !== null && Math.abs(pending.last.size - line.size) < 1;
    const sentenceOpen = pending !== null && !TERMINAL.test(pending.tail);
    if (bullet) start('li', line.text.slice(bullet[0].length), line, bullet[1] ?? '-');
    else if (pending && pending.kind !== 'h' && ((near && sameSize) || (gap === Infinity && sentenceOpen))) {
      // The next line of the paragraph, or a sentence running on into the next column or page.
      join(pending, line.text);
      pending.last = line;
    } else start('p', line.text, line);
  }
  flush();
  if (notes.length > 0) {
    out.heading('Footnotes', 6, { inferred: true });
    for (const n of notes) out.paragraph(n.text, n.page);
  }
  return out.finish('pdf', { pages: pages.length, warnings });
}
