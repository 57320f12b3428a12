/**
 * The reader stage's output: one normalised plain text per document and the blocks found in it,
 * each with character offsets into that text. Every later span (items, codings, evidence) is an
 * offset into this same text, so a user can always be shown the exact source.
 */
import type { DocumentFormat } from '../shared/extraction-report.ts';

export interface TextSpan {
  start: number;
  end: number;
}

interface BlockBase extends TextSpan {
  /** 1-based page for paged formats (PDF), when known. */
  page?: number;
}

export interface HeadingBlock extends BlockBase {
  kind: 'heading';
  /** 1 is the largest. Readers without real levels estimate them. */
  level: number;
  /**
   * True when the reader guessed that this is a heading (a short standalone line in plain text,
   * a bold line) rather than read it from the format (#, <h2>, a heading style, a larger font).
   * Its level is then a guess too.
   */
  inferred?: boolean;
}
export interface ParagraphBlock extends BlockBase {
  kind: 'paragraph';
}
export interface ListItemBlock extends BlockBase {
  kind: 'list-item';
  /** 0 for a top-level item. */
  depth: number;
  /** The bullet or number as written: "-", "•", "1.", "ii)", "BE1.1". Written in the text before `start`. */
  marker: string;
}
export interface TableRowBlock extends BlockBase {
  kind: 'table-row';
  /** One span per cell, in column order; empty cells have start === end. */
  cells: TextSpan[];
  /** True for a header row, when the format says so. */
  header?: boolean;
}

export type Block = HeadingBlock | ParagraphBlock | ListItemBlock | TableRowBlock;

/** What a reader makes of a document's bytes. */
export interface ReadResult {
  format: DocumentFormat;
  text: string;
  blocks: Block[];
  /** A title stated in the file's own metadata (HTML <title>, PDF info, DOCX core properties). */
  metaTitle: string | null;
  pages: number | null;
  /** Things the reader worked around (an unusual encoding, a table flattened); shown, never fatal. */
  warnings: string[];
}

/** Collapses runs of whitespace to one space and trims: the form every block's text takes. */
export function normaliseInline(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u2028\u2029]+/g, ' ').trim();
}

/**
 * Accumulates blocks into one text. Blocks are separated by a newline; a block's own text has no
 * newlines, so a span never straddles two blocks by accident.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  readonly blocks: Block[] = [];

  private append(text: string): number {
    if (this.length > 0) {
      this.parts.push('\n');
      this.length += 1;
    }
    const start = this.length;
    this.parts.push(text);
    this.length += text.length;
    return start;
  }

  heading(raw: string, level: number, options: { page?: number | undefined; inferred?: boolean } = {}): void {
    const text = normaliseInline(raw);
    if (!text) return;
    const start = this.append(text);
    this.blocks.push({
      kind: 'heading',
      level: Math.min(Math.max(level, 1), 6),
      start,
      end: start + text.length,
      ...(options.inferred ? { inferred: true } : {}),
      ...pageOf(options.page),
    });
  }

  paragraph(raw: string, page?: number): void {
    const text = normaliseInline(raw);
    if (!text) return;
    const start = this.append(text);
    this.blocks.push({ kind: 'paragraph', start, end: start + text.length, ...pageOf(page) });
  }

  listItem(raw: string, depth: number, marker: string, page?: number): void {
    const text = normaliseInline(raw);
    if (!text) return;
    const m = normaliseInline(marker);
    const start = this.append(m ? `${m} ${text}` : text) + (m ? m.length + 1 : 0);
    this.blocks.push({
      kind: 'list-item',
      depth,
      marker: m,
      start,
      end: start + text.length,
      ...pageOf(page),
    });
  }

  tableRow(rawCells: string[], options: { header?: boolean; page?: number } = {}): void {
    const cells = rawCells.map(normaliseInline);
    if (cells.every((c) => !c)) return;
    const start = this.append(cells.join('\t'));
    const spans: TextSpan[] = [];
    let offset = start;
    for (const cell of cells) {
      spans.push({ start: offset, end: offset + cell.length });
      offset += cell.length + 1;
    }
    this.blocks.push({
      kind: 'table-row',
      start,
      end: offset - 1,
      cells: spans,
      ...(options.header ? { header: true } : {}),
      ...pageOf(options.page),
    });
  }

  get text(): string {
    return this.parts.join('');
  }

  /** The finished read result. */
  finish(
    format: DocumentFormat,
    extra: Partial<Omit<ReadResult, 'format' | 'text' | 'blocks'>> = {},
  ): ReadResult {
    return {
      format,
      text: this.text,
      blocks: this.blocks,
      metaTitle: extra.metaTitle ?? null,
      pages: extra.pages ?? null,
      warnings: extra.warnings ?? [],
    };
  }
}

function pageOf(page: number | undefined): { page?: number } {
  return page === undefined ? {} : { page };
}

/** The text a block covers. */
export function blockText(text: string, block: TextSpan): string {
  return text.slice(block.start, block.end);
}
