import { blockText, type ReadResult } from '../../src/ingest/blocks.ts';

/** A read result as compact rows for assertions: [kind, text, level|depth:marker]. */
export function describeBlocks(read: ReadResult): string[] {
  return read.blocks.map((b) => {
    const text = blockText(read.text, b);
    if (b.kind === 'heading') return `h${b.level} ${text}`;
    if (b.kind === 'list-item') return `li${b.depth} ${b.marker} ${text}`;
    if (b.kind === 'table-row')
      return `tr ${b.cells.map((c) => read.text.slice(c.start, c.end)).join(' | ')}`;
    return `p ${text}`;
  });
}
