/**
 * Prints a document's blocks with the section each sits in, for looking at why extraction reads
 * it as it does:  node --import tsx scripts/show-blocks.ts FILE
 */
import { readFileSync } from 'node:fs';
import { readDocument } from '../src/ingest/read.ts';
import { structure } from '../src/ingest/extract/structure.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: show-blocks.ts FILE');
const read = await readDocument(file, readFileSync(file));
for (const b of structure(read)) {
  const { block, frame } = b;
  const role = frame?.kind.type === 'role' ? `/${frame.kind.role}` : '';
  const kind =
    block.kind === 'heading'
      ? `H${block.level}${block.inferred ? 'i' : ''}:${frame?.kind.type ?? ''}${role}`
      : block.kind === 'list-item'
        ? `L${block.depth}${block.marker}`
        : block.kind.slice(0, 4);
  console.log(`${kind.padEnd(22)} ${String(b.ctx.role).padEnd(8)} ${b.text.slice(0, 90)}`);
}
