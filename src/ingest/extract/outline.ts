/**
 * The document's outline: each block with the headings above it. Extraction rules ask "what
 * section is this in?", never "what line number is this?".
 */
import { blockText, type Block, type ReadResult } from '../blocks.ts';

export interface OutlineEntry {
  block: Block;
  index: number;
  text: string;
  /** Headings enclosing this block, outermost first (a heading's own entry excludes itself). */
  headings: { text: string; level: number; index: number }[];
}

/** Pairs every block with its heading path. */
export function buildOutline(read: ReadResult): OutlineEntry[] {
  const stack: { text: string; level: number; index: number }[] = [];
  return read.blocks.map((block, index) => {
    const text = blockText(read.text, block);
    if (block.kind === 'heading') {
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= block.level) stack.pop();
      const entry = { block, index, text, headings: [...stack] };
      stack.push({ text, level: block.level, index });
      return entry;
    }
    return { block, index, text, headings: [...stack] };
  });
}
