/**
 * Page layout to blocks, shared by both PDF engines (pdf.js and poppler): positioned text runs
 * -> lines in reading order (two columns read left then right) -> running headers, footers,
 * page numbers and footnote markers dropped, footnotes moved to the end -> tables as rows ->
 * headings by font size and weight, paragraphs and list items, words hyphenated across lines
 * rejoined.
 */
import type { ReadResult } from '../../blocks.ts';
import { readRendition } from '../rendition.ts';
import { assemble, type Element } from './assemble.ts';
import { isMonospacePrint, printedLines } from './monospace.ts';

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

/** Bullets drawn from symbol fonts (Symbol, Wingdings) land in the private use area. */
const SYMBOL_BULLET = /^[\uf000-\uf0ff](?=\s|$)/;
const GLYPH_ONLY = /^[•·▪◦‣○●■□➢➤✓–-]$/;
const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;

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
      if (seg && gap <= size * 0.8) {
        if (gap > run.size * 0.2 && !/\s$/.test(seg.text) && !/^\s/.test(run.text)) seg.text += ' ';
        seg.text += run.text;
        seg.end = Math.max(seg.end, run.x + run.width);
      } else segments.push({ x: run.x, end: run.x + run.width, text: run.text });
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim().replace(SYMBOL_BULLET, '•');
    // A bullet glyph set apart from its text (a hanging indent) belongs to the text, not a cell.
    const [glyph, first] = segments;
    if (glyph && first && GLYPH_ONLY.test(glyph.text)) {
      segments.splice(0, 2, { x: glyph.x, end: first.end, text: `${glyph.text} ${first.text}` });
    }
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
  // Footnotes start with their marker and are not set in columns: small print laid out in cells
  // is a table in smaller type.
  const first = notes.reduce<Line | null>((a, l) => (a && a.top <= l.top ? a : l), null);
  if (!first || !/^(\d{1,3}|[*†‡§])\s*\S/.test(first.text) || notes.some((l) => l.segments.length > 1))
    return { main: lines, notes: [] };
  const isNote = new Set(notes);
  return { main: lines.filter((l) => !isNote.has(l)), notes };
}

/** Where most single-piece lines start: the text's left margin, which no table cell shares. */
function textMargin(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines)
    if (l.segments.length === 1) counts.set(Math.round(l.x), (counts.get(Math.round(l.x)) ?? 0) + 1);
  let best = NaN;
  let max = 0;
  for (const [x, n] of counts) if (n > max) [best, max] = [x, n];
  return best;
}

/**
 * Runs of lines whose pieces line up in columns become tables. The columns are those of the
 * lines with several cells (a row whose other cells are empty still lines up); wrapped cell text
 * joins its cell; a new row starts after a gap wider than line spacing, or on a new page.
 */
function findTables(lines: Line[]): Element[] {
  const out: Element[] = [];
  const margin = textMargin(lines);
  for (let i = 0; i < lines.length;) {
    const first = lines[i] as Line;
    if (first.segments.length < 2) {
      out.push({ kind: 'line', line: first });
      i++;
      continue;
    }
    const cols = first.segments.map((s) => s.x);
    const colOf = (x: number) => cols.findIndex((c) => Math.abs(c - x) <= 3);
    const spacing = (l: Line) => l.size * 1.6;
    const fits = (l: Line, prev: Line) => {
      const known = l.segments.filter((s) => colOf(s.x) >= 0).length;
      // A line of several cells may add a column (its row fills one the header left empty).
      if (l.segments.length >= 2) return known >= Math.min(2, l.segments.length - 1);
      if (known === 0) return false;
      // One piece: a wrapped cell, or a row with one filled cell, but not body text at the margin.
      return colOf(l.x) > 0 || l.top - prev.top <= spacing(l) || Math.abs(l.x - margin) > 3;
    };
    let j = i + 1;
    while (j < lines.length && fits(lines[j] as Line, lines[j - 1] as Line)) {
      for (const s of (lines[j] as Line).segments) if (colOf(s.x) < 0) cols.push(s.x);
      j++;
    }
    if (j - i < 2) {
      out.push({ kind: 'line', line: first });
      i++;
      continue;
    }
    cols.sort((a, b) => a - b);
    const region = lines.slice(i, j);
    const rows: { cells: string[]; page: number }[] = [];
    region.forEach((l, k) => {
      const prev = region[k - 1];
      if (!prev || prev.page !== l.page || l.top - prev.top > spacing(l))
        rows.push({ cells: cols.map(() => ''), page: l.page });
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
  if (isMonospacePrint(pages)) {
    // A print of a plain text: its lines, as they were, through the plain-text reader.
    const printed = dropRunningLines(pages.map((p) => groupLines(p.runs, p, 0).filter((l) => l.text)));
    return readRendition(printedLines(printed), 'pdf', { pages: pages.length, warnings });
  }
  const all = dropRunningLines(pages.map(pageLines).map((lines) => lines.filter((l) => l.text)));
  const body = bodySize(all.flat());
  const notes: Line[] = [];
  const flow: Line[] = [];
  for (const page of all) {
    const split = splitFootnotes(page, body);
    flow.push(...split.main);
    notes.push(...split.notes);
  }
  const blocks = assemble(findTables(flow), body);
  if (notes.length > 0) {
    blocks.push({ kind: 'heading', level: 6, text: 'Footnotes' });
    for (const n of notes) blocks.push({ kind: 'paragraph', text: n.text, page: n.page });
  }
  return readRendition(blocks, 'pdf', { pages: pages.length, warnings });
}
