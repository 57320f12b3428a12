/**
 * A PDF printed straight from a plain text (a browser's "Print to PDF" of a .txt, a text editor's
 * print): one monospace font, lines at a fixed pitch, blank lines as vertical space. Its lines are
 * given back as the text lines they were, indentation and blank lines included, for the plain-text
 * reader, so the print reads exactly as the .txt would.
 */
import type { RenditionBlock } from '../rendition.ts';
import type { Line, PageRuns } from './layout.ts';

/** Width of one character of a monospace font, per point of size (Courier and its kin: 0.6). */
const MONO_ADVANCE = 0.6;

/** True when nearly all the text is set in one monospace font at one size. */
export function isMonospacePrint(pages: PageRuns[]): boolean {
  let checked = 0;
  let mono = 0;
  const sizes = new Map<number, number>();
  for (const page of pages) {
    for (const run of page.runs) {
      const chars = run.text.length;
      if (chars < 4 || run.size <= 0) continue;
      checked += chars;
      const advance = run.width / (chars * run.size);
      if (Math.abs(advance - MONO_ADVANCE) <= 0.03) mono += chars;
      const s = Math.round(run.size * 2) / 2;
      sizes.set(s, (sizes.get(s) ?? 0) + chars);
    }
  }
  if (checked < 200) return false;
  const main = Math.max(...sizes.values());
  return mono / checked >= 0.9 && main / checked >= 0.9;
}

/** Each printed line, indented as printed, with the blank lines the vertical space stands for. */
export function printedLines(pages: Line[][]): RenditionBlock[] {
  const all = pages.flat();
  const size = all.length ? all.reduce((n, l) => n + l.size, 0) / all.length : 10;
  const char = size * MONO_ADVANCE;
  // The pitch: the most common distance between consecutive lines of a page.
  const steps = new Map<number, number>();
  for (const lines of pages)
    for (let i = 1; i < lines.length; i++) {
      const step = Math.round(((lines[i] as Line).top - (lines[i - 1] as Line).top) * 2) / 2;
      if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
  // The tightest common step: a blank line makes a step of two pitches, and may be as common.
  const total = [...steps.values()].reduce((a, b) => a + b, 0);
  const common = [...steps].filter(([, n]) => n >= Math.max(2, total * 0.15)).map(([step]) => step);
  const pitch = common.length ? Math.min(...common) : size * 1.2;
  const margin = Math.min(...all.map((l) => l.x));
  const out: RenditionBlock[] = [];
  for (const lines of pages) {
    lines.forEach((line, i) => {
      const prev = lines[i - 1];
      const gap = prev ? Math.max(0, Math.round((line.top - prev.top) / pitch) - 1) : 0;
      let text = ' '.repeat(Math.max(0, Math.round((line.x - margin) / char)));
      line.segments.forEach((s, k) => {
        const before = line.segments[k - 1];
        // Pieces set well apart on one line were tab-separated cells in the text.
        const spaces = before ? Math.round((s.x - before.end) / char) : 0;
        text += (before ? (spaces >= 3 ? '\t' : ' '.repeat(Math.max(spaces, 1))) : '') + s.text;
      });
      // A printer expands a tab to spaces: two or more spaces inside a line, not after the end of
      // a sentence, stood for a tab between cells.
      const indent = /^ */.exec(text)?.[0] ?? '';
      text = indent + text.slice(indent.length).replace(/(?<=[^\s.!?:;]) {2,}(?=\S)/g, '\t');
      out.push({ kind: 'line', text, gap, page: line.page });
    });
  }
  return out;
}
