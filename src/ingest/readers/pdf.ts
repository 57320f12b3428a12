/**
 * PDF through pdf.js (unpdf): positioned text runs are grouped into lines, lines into blocks.
 * Running headers, footers and page numbers are dropped; words hyphenated across lines are
 * rejoined; headings are recognised from font size; bullets become list items.
 */
import { getDocumentProxy } from 'unpdf';
import { TextBuilder, type ReadResult } from '../blocks.ts';
import { cleanText } from '../decode.ts';
import { LanternError } from '../../shared/errors.ts';

interface Run {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PdfLine {
  page: number;
  text: string;
  x: number;
  /** Baseline, measured from the top of the page. */
  top: number;
  size: number;
  pageHeight: number;
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const BULLET_LINE =
  /^([•·▪◦‣○●■□➢➤✓–-]|\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+|\(?[a-h]\)|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\))\s+(?=\S)/;
const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;

/** Groups a page's runs into lines, top to bottom, left to right. */
function linesOfPage(runs: Run[], page: number, pageHeight: number): PdfLine[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const line = lines[lines.length - 1];
    const ref = line?.[0];
    if (line && ref && Math.abs(ref.y - run.y) <= Math.max(ref.size, run.size) * 0.45) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of line) {
      const gap = run.x - end;
      if (text && gap > run.size * 0.2 && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
      text += run.text;
      end = run.x + run.width;
    }
    const size = Math.max(...line.map((r) => r.size));
    const first = line[0] as Run;
    return {
      page,
      text: text.replace(/\s+/g, ' ').trim(),
      x: first.x,
      top: pageHeight - first.y,
      size,
      pageHeight,
    };
  });
}

/** Text that repeats at the top or bottom of several pages is a running header or footer. */
function dropRunningLines(pages: PdfLine[][]): PdfLine[][] {
  const key = (l: PdfLine) => l.text.toLowerCase().replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set(lines.filter((l) => isMargin(l, lines)).map(key));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // Title pages usually lack the running header, so it need not be on every page.
  const threshold = Math.max(2, Math.ceil(pages.length * 0.4));
  return pages.map((lines) =>
    lines.filter(
      (l) => !(isMargin(l, lines) && ((counts.get(key(l)) ?? 0) >= threshold || PAGE_NUMBER.test(l.text))),
    ),
  );
}

/** The first two and last two lines of a page, when they sit in the top or bottom tenth. */
function isMargin(line: PdfLine, lines: PdfLine[]): boolean {
  const i = lines.indexOf(line);
  const nearEdge = i < 2 || i >= lines.length - 2;
  return nearEdge && (line.top < line.pageHeight * 0.1 || line.top > line.pageHeight * 0.9);
}

/** The most common font size, weighted by characters: the body text. */
function bodySize(lines: PdfLine[]): number {
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

/** Builds blocks from clean lines: exported for the poppler path, which yields the same lines. */
export function blocksFromLines(pages: PdfLine[][], warnings: string[] = []): ReadResult {
  const clean = dropRunningLines(pages);
  const all = clean.flat();
  const body = bodySize(all);
  const headingSizes = [
    ...new Set(all.filter((l) => l.size >= body * 1.15).map((l) => Math.round(l.size))),
  ].sort((a, b) => b - a);
  const out = new TextBuilder();

  type Pending = { kind: 'p' | 'li' | 'h'; text: string; marker: string; level: number; last: PdfLine };
  let pending = null as Pending | null;
  const flush = () => {
    if (!pending) return;
    const page = pending.last.page;
    if (pending.kind === 'h') out.heading(pending.text, pending.level, { page });
    else if (pending.kind === 'li') out.listItem(pending.text, 0, pending.marker, page);
    else out.paragraph(pending.text, page);
    pending = null;
  };
  const join = (a: string, b: string) =>
    /\p{Ll}-$/u.test(a) && /^\p{Ll}/u.test(b) ? a.slice(0, -1) + b : `${a} ${b}`;
  const start = (kind: 'p' | 'li' | 'h', text: string, line: PdfLine, marker = '', level = 0) => {
    flush();
    pending = { kind, text, marker, level, last: line };
  };

  for (const line of all) {
    const gap = pending ? gapBetween(pending.last, line) : Infinity;
    const near = gap <= line.size * 0.9;
    if (line.size >= body * 1.15 && line.text.split(' ').length <= 15 && !/[.,;]$/.test(line.text)) {
      // A heading that wraps onto a second line at the same size stays one heading.
      if (pending?.kind === 'h' && near && Math.abs(pending.last.size - line.size) < 0.5) {
        pending.text += ' ' + line.text;
        pending.last = line;
      } else {
        start('h', line.text, line, '', headingSizes.indexOf(Math.round(line.size)) + 1);
      }
      continue;
    }
    const bullet = BULLET_LINE.exec(line.text);
    const sameSize = pending !== null && Math.abs(pending.last.size - line.size) < 1;
    const sentenceOpen = pending !== null && !/[.!?:;]["'’”)]*$/.test(pending.text);
    if (bullet) {
      start('li', line.text.slice(bullet[0].length), line, bullet[1] ?? '-');
    } else if (
      pending &&
      pending.kind !== 'h' &&
      ((near && sameSize) || (gap === Infinity && sentenceOpen))
    ) {
      // The next line of the same paragraph, or a sentence running over a page break.
      pending.text = join(pending.text, line.text);
      pending.last = line;
    } else {
      start('p', line.text, line);
    }
  }
  flush();
  return out.finish('pdf', { pages: pages.length, warnings });
}

function gapBetween(a: PdfLine, b: PdfLine): number {
  if (a.page !== b.page) return Infinity;
  return b.top - a.top - a.size;
}

function isTextItem(item: unknown): item is TextItemLike {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/** Reads a PDF's text layer into blocks. */
export async function readPdf(bytes: Uint8Array): Promise<ReadResult> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException')
      throw new LanternError(
        'UNREADABLE_DOCUMENT',
        'encrypted PDF (password protected): save an unprotected copy and import that',
      );
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `not a readable PDF (${(error as Error).message ?? String(error)})`,
      { cause: error },
    );
  }
  try {
    const pages: PdfLine[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!isTextItem(item) || !item.str) continue;
        const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
        const size = Math.hypot(c, d) || Math.hypot(a, b) || Number(item.height);
        runs.push({ text: cleanText(String(item.str)), x, y, width: Number(item.width), size });
      }
      pages.push(
        linesOfPage(
          runs.filter((r) => r.text.trim()),
          n,
          viewport.height,
        ).filter((l) => l.text),
      );
      page.cleanup();
    }
    if (pages.every((p) => p.length === 0))
      throw new LanternError(
        'UNREADABLE_DOCUMENT',
        'no text layer (scanned): needs OCR before Lantern can read it',
      );
    return blocksFromLines(pages);
  } finally {
    await pdf.destroy();
  }
}
