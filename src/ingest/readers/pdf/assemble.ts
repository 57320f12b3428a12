/**
 * Lines in reading order -> blocks, as a word processor or a browser laid them out: lines one
 * line-pitch apart in one style form a block (a paragraph, across a page or column break when
 * its sentence runs on); a larger font is a heading (level by size); a bold block at body size is
 * a bold paragraph; a bullet glyph, or an indented run of blocks without glyphs (a browser draws
 * list bullets as shapes, not text), is a list item, deeper by indentation. Numbered lines are
 * left to the plain-text reader, which decides between a numbered point and a numbered title.
 */
import type { RenditionBlock } from '../rendition.ts';
import type { Line } from './layout.ts';

export type Element =
  | { kind: 'line'; line: Line }
  | { kind: 'table'; rows: { cells: string[]; page: number }[]; header: boolean };

/** A bullet glyph at the start of a line (symbol-font bullets are mapped to "•" by the engines). */
export const GLYPH = /^([•·▪◦‣○●■□➢➤✓–-])\s+(?=\S)/;
/** A line that starts with a bullet or a number: its wrapped lines may hang to the right. */
const MARKED =
  /^([•·▪◦‣○●■□➢➤✓–-]|\d{1,2}(?:\.\d{1,2})*[.)]?|\(?[a-h]\)|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\))\s+(?=\S)/;
const TERMINAL = /[.!?:;]["'’”)]*$/;

interface Group {
  lines: Line[];
  /** x of the first line and of the lines after it (a bullet's text hangs right of the glyph). */
  x: number;
  restX: number | null;
  size: number;
  bold: boolean;
  page: number;
}

function mode(values: number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let max = 0;
  for (const [v, n] of counts) if (n > max || (n === max && v < best)) [best, max] = [v, n];
  return best;
}

/** The usual distance between baselines of two lines of one body-text paragraph, per point of size. */
function pitchRatio(lines: Line[], body: number): number {
  const ratios: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1] as Line;
    const b = lines[i] as Line;
    if (a.page !== b.page || a.column !== b.column) continue;
    if (Math.abs(a.size - body) > 0.5 || Math.abs(b.size - body) > 0.5) continue;
    const r = (b.top - a.top) / body;
    if (r > 0.9 && r < 2.2) ratios.push(Math.round(r * 20) / 20);
  }
  // The tightest spacing that is common: lists spaced a little wider must not set the pitch.
  const counts = new Map<number, number>();
  for (const r of ratios) counts.set(r, (counts.get(r) ?? 0) + 1);
  // In a short text a spacing seen once is still a line pitch when it is a plausible one.
  const common = [...counts]
    .filter(
      ([r, n]) => n >= Math.max(2, ratios.length * 0.15) || (ratios.length < 10 && r >= 1.1 && r <= 1.5),
    )
    .map(([r]) => r);
  return common.length ? Math.min(...common) : mode(ratios, 1.35);
}

/**
 * Each page and column's left margin: the leftmost place where at least two of its body lines
 * start, or the document's usual margin for that column when a page is all indented (a page
 * that is one long list).
 */
function margins(lines: Line[], body: number): Map<string, number> {
  const xs = new Map<string, Map<number, number>>();
  for (const l of lines) {
    if (Math.abs(l.size - body) > 0.5) continue;
    const k = `${l.page}:${l.column}`;
    const counts = xs.get(k) ?? new Map<number, number>();
    counts.set(Math.round(l.x), (counts.get(Math.round(l.x)) ?? 0) + 1);
    xs.set(k, counts);
  }
  const perPage = new Map<string, number>();
  for (const [k, counts] of xs) {
    const repeated = [...counts].filter(([, n]) => n >= 2).map(([x]) => x);
    perPage.set(k, Math.min(...(repeated.length ? repeated : [...counts.keys()])));
  }
  const usual = new Map<string, number>();
  for (const column of ['0', '1', '2']) {
    const values = [...perPage].filter(([k]) => k.endsWith(`:${column}`)).map(([, x]) => x);
    if (values.length) usual.set(column, mode(values, Math.min(...values)));
  }
  const out = new Map<string, number>();
  for (const [k, x] of perPage) {
    const doc = usual.get(k.split(':')[1] ?? '0') ?? x;
    out.set(k, doc < x && x - doc < 60 ? doc : x);
  }
  return out;
}

/** The blocks of the text flow, tables kept as rows, headings levelled by font size. */
export function assemble(elements: Element[], body: number): RenditionBlock[] {
  const lines = elements.flatMap((e) => (e.kind === 'line' ? [e.line] : []));
  const pitch = pitchRatio(lines, body);
  const margin = margins(lines, body);
  const right = new Map<string, number>();
  for (const l of lines) {
    const k = `${l.page}:${l.column}`;
    right.set(k, Math.max(right.get(k) ?? 0, rightOf(l)));
  }
  const marginOf = (l: Line) => margin.get(`${l.page}:${l.column}`) ?? l.x;
  // Bold type even a little larger than the body is a heading style too (browsers print h3 at
  // 1.17em, word processors' Heading 3 is often 12pt over an 11pt body).
  const boldLarge = new Set(lines.filter((l) => l.bold && l.size >= body * 1.05).map((l) => l.size));
  const isLarge = (size: number) => size >= body * 1.15 || boldLarge.has(size);
  const headingSizes = [...new Set(lines.filter((l) => isLarge(l.size)).map((l) => Math.round(l.size)))].sort(
    (a, b) => b - a,
  );

  const out: (RenditionBlock | Group)[] = [];
  let open: Group | null = null;
  const close = () => {
    if (open) out.push(open);
    open = null;
  };
  const continues = (g: Group, l: Line): boolean => {
    const last = g.lines[g.lines.length - 1] as Line;
    // A dash that starts a wrapped line inside an unfinished sentence is punctuation, not a bullet.
    const dash = /^[-–]\s/.test(l.text) && !TERMINAL.test(last.text) && Math.round(l.x) === (g.restX ?? g.x);
    if (GLYPH.test(l.text) && !dash) return false;
    const sameStyle = Math.abs(last.size - l.size) < 0.5;
    if (last.page !== l.page || last.column !== l.column) {
      // A sentence running on into the next column or page, in the same style.
      // A lone bold line (a run-in heading) does not run on.
      const loneBold = g.bold && g.lines.length === 1;
      // A last line that stops well short of the right edge ended its paragraph.
      const full = rightOf(last) >= (right.get(`${last.page}:${last.column}`) ?? 0) - body * 4;
      return (
        full && sameStyle && !isLarge(l.size) && !TERMINAL.test(last.text) && l.bold === g.bold && !loneBold
      );
    }
    const step = l.top - last.top;
    if (!sameStyle || step > Math.max(last.size, l.size) * pitch * 1.1 || step < 0) return false;
    if (isLarge(l.size)) return true;
    // A short bold line then a plain one: a heading and its text. A bold line that fills the
    // measure is the bold start of a paragraph or list item that runs on.
    const short = rightOf(last) < (right.get(`${last.page}:${last.column}`) ?? 0) - body * 4;
    if (g.bold && !l.bold && g.lines.length === 1 && short) return false;
    const x = Math.round(l.x);
    const expected = g.restX ?? (g.lines.length === 1 ? null : g.x);
    if (expected === null) {
      // The second line: at the first line's x, at the margin (a first-line indent) or hanging
      // right of a bullet glyph.
      return (
        Math.abs(x - g.x) <= 3 ||
        Math.abs(x - marginOf(l)) <= 3 ||
        (MARKED.test(g.lines[0]?.text ?? '') && x > g.x)
      );
    }
    return Math.abs(x - expected) <= 3;
  };

  for (const el of elements) {
    if (el.kind === 'table') {
      close();
      el.rows.forEach((row, k) =>
        out.push({
          kind: 'row',
          cells: row.cells,
          page: row.page,
          ...(el.header && k === 0 ? { header: true } : {}),
        }),
      );
      continue;
    }
    const l = el.line;
    if (open && continues(open, l)) {
      const g: Group = open;
      if (g.lines.length === 1 && g.page === l.page) g.restX = Math.round(l.x);
      g.lines.push(l);
      g.bold = g.bold && l.bold;
      continue;
    }
    close();
    open = { lines: [l], x: Math.round(l.x), restX: null, size: l.size, bold: l.bold, page: l.page };
  }
  close();

  // Indentation levels of list items, across the document: the first is depth 0.
  const indentOf = (g: Group) => Math.max(0, g.x - marginOf(g.lines[0] as Line));
  const indented = (g: RenditionBlock | Group): g is Group =>
    'lines' in g &&
    !isLarge(g.size) &&
    indentOf(g) >= 8 &&
    // Further in than list levels go is centred or right-aligned text, not a list.
    indentOf(g) <= body * 10 &&
    !GLYPH.test(g.lines[0]?.text ?? '');
  const listIndents: number[] = [];
  const isItem = out.map((g) => {
    if (!('lines' in g) || isLarge(g.size)) return false;
    if (GLYPH.test(g.lines[0]?.text ?? '')) return true;
    if (!indented(g)) return false;
    // An indented block without a glyph is a list item (a browser draws bullets as shapes): all
    // its lines start at the indent. A paragraph with only its first line indented is not one.
    return g.restX === null || Math.abs(g.restX - g.x) <= 3;
  });
  out.forEach((g, i) => {
    if (isItem[i] && 'lines' in g) listIndents.push(indentOf(g));
  });
  const levels = [...new Set(listIndents.map((x) => Math.round(x / 6)))].sort((a, b) => a - b);

  return out.map((g, i): RenditionBlock => {
    if (!('lines' in g)) return g;
    const text = joined(g);
    const page = g.page;
    if (isLarge(g.size) && text.split(' ').length <= 25 && !/[.,;]$/.test(text))
      return { kind: 'heading', level: headingSizes.indexOf(Math.round(g.size)) + 1, text, page };
    if (isItem[i]) {
      const depth = Math.max(0, levels.indexOf(Math.round(indentOf(g) / 6)));
      const glyph = GLYPH.exec(text);
      return glyph
        ? { kind: 'item', marker: glyph[1] ?? '-', text: text.slice(glyph[0].length), depth, page }
        : { kind: 'item', marker: '-', text, depth, page };
    }
    return { kind: 'paragraph', text, bold: g.bold, page };
  });
}

/** A block's lines as one text; a word hyphenated at a line end is joined again. */
function joined(g: Group): string {
  let text = '';
  for (const l of g.lines) {
    if (!text) text = l.text;
    else if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(l.text)) text = text.slice(0, -1) + l.text;
    else text += ' ' + l.text;
  }
  return text;
}

function rightOf(l: Line): number {
  return l.segments[l.segments.length - 1]?.end ?? l.x;
}
