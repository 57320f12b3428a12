import { readFileSync } from 'node:fs';
import { readDocument } from '../src/ingest/read.ts';
import { structure } from '../src/ingest/extract/structure.ts';
const f = process.argv[2]!;
const read = await readDocument(f, readFileSync(f));
for (const b of structure(read)) {
  const k = b.block.kind === 'heading' ? `H${b.block.level}${b.block.inferred ? 'i' : ''}:${b.frame?.kind.type}${b.frame?.kind.type === 'role' ? '/' + (b.frame.kind as any).role : ''}` : b.block.kind === 'list-item' ? `L${b.block.depth}${b.block.marker}` : b.block.kind.slice(0, 4);
  console.log(`${k.padEnd(22)} ${String(b.ctx.role).padEnd(8)} ${b.text.slice(0, 90)}`);
}
