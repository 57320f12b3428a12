/**
 * One structure for the same text in every format: the PDF and DOCX readers describe what they
 * found (headings with levels, paragraphs, bold paragraphs, list items, table rows, or the raw
 * lines of a plain-text print) as the plain text a partnership would export, and the plain-text
 * reader reads that. A short standalone line, a bold line, a numbered point or a run-on sentence
 * is then judged by one set of rules whatever the file it came from.
 */
import type { Block, ReadResult } from '../blocks.ts';
import type { DocumentFormat } from '../../shared/extraction-report.ts';
import { readPlainText } from './plain-text.ts';

export type RenditionBlock =
  | { kind: 'heading'; level: number; text: string; page?: number }
  /** `bold`: the whole paragraph is bold (written as **text**, as plain-text exports mark it). */
  | { kind: 'paragraph'; text: string; bold?: boolean; page?: number }
  | { kind: 'item'; text: string; marker: string; depth: number; page?: number }
  | { kind: 'row'; cells: string[]; header?: boolean; page?: number }
  /** A line of a plain-text print, as printed (leading spaces kept); `gap` blank lines before it. */
  | { kind: 'line'; text: string; gap: number; page?: number };

/** Markers the plain-text reader recognises; any other marker is written as a bullet. */
const KNOWN_MARKER =
  /^([-*+•·▪◦‣○●■□➢➤✓–]|\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(?(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\))$/;

const flat = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();

/** The text line(s) of one block, as the plain-text reader expects them. */
function render(block: RenditionBlock): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(Math.min(Math.max(block.level, 1), 6))} ${flat(block.text)}`;
    case 'paragraph': {
      const text = flat(block.text);
      return block.bold && !text.includes('*') ? `**${text}**` : text;
    }
    case 'item': {
      const marker = KNOWN_MARKER.test(block.marker) ? block.marker : '-';
      return `${'  '.repeat(Math.max(block.depth, 0))}${marker} ${flat(block.text)}`;
    }
    case 'row':
      // A row of one cell is not a table in plain text either; an empty last cell keeps the tab.
      return block.cells.map((c) => flat(c).replace(/\t/g, ' ') || ' ').join('\t');
    case 'line':
      return block.text.replace(/\s+$/, '');
  }
}

/** Letters and digits only, lower case: how a block's text is found again in its source line. */
function key(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Reads `blocks` through the plain-text reader. Each block keeps the page it came from, and a
 * table's header row stays marked as one.
 */
export function readRendition(
  blocks: RenditionBlock[],
  format: DocumentFormat,
  extra: Partial<Pick<ReadResult, 'metaTitle' | 'pages' | 'warnings'>> = {},
): ReadResult {
  const lines: string[] = [];
  const sources: RenditionBlock[] = [];
  blocks.forEach((block, i) => {
    const prev = blocks[i - 1];
    // Blank lines between blocks, except inside a table (its rows are consecutive lines) and
    // between the lines of a plain-text print (which says itself where its blank lines are).
    if (block.kind === 'line') for (let k = 0; k < block.gap; k++) lines.push('');
    else if (prev && !(prev.kind === 'row' && block.kind === 'row')) lines.push('');
    lines.push(render(block));
    sources.push(block);
  });
  const read = readPlainText(lines.join('\n'));
  // Each block's page and header flag: found in order, by the start of its text.
  const keys = sources.map((s) => key(s.kind === 'row' ? s.cells.join(' ') : s.text));
  let cursor = 0;
  const out: Block[] = read.blocks.map((block) => {
    const probe = key(read.text.slice(block.start, Math.min(block.end, block.start + 80))).slice(0, 24);
    // Blocks come in source order and a source block gives at most a few: look a little ahead
    // only (scanning to the end on every miss cost the square of the block count).
    for (let k = cursor; k < Math.min(keys.length, cursor + 64) && probe; k++) {
      if ((keys[k] ?? '').includes(probe)) {
        cursor = k;
        break;
      }
    }
    const source = sources[cursor];
    const page = source?.page;
    const header = source?.kind === 'row' && source.header && block.kind === 'table-row';
    return { ...block, ...(page !== undefined ? { page } : {}), ...(header ? { header: true } : {}) };
  });
  return {
    ...read,
    format,
    blocks: out,
    metaTitle: extra.metaTitle ?? null,
    pages: extra.pages ?? null,
    warnings: [...read.warnings, ...(extra.warnings ?? [])],
  };
}
