/**
 * Shows where the readers give a document's PDF or DOCX a different structure from its .txt:
 * each block as "kind level/depth | first 60 characters", diffed against the .txt's blocks.
 *
 *   node --import tsx scripts/compare-formats.ts NAME [pdf|docx|all] [--engine=pdfjs|poppler] [--full]
 *
 * NAME is a basename without extension, looked up in ../shared/corpus/{seeds,real} (the .txt)
 * and ../shared/corpus/formats/{seeds,real} (the .pdf and .docx). --full prints the block lists
 * instead of the diff.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadResult } from '../src/ingest/blocks.ts';
import { readDocument } from '../src/ingest/read.ts';
import { readPdf, type PdfEngine } from '../src/ingest/readers/pdf/index.ts';

const SHARED = join(import.meta.dirname, '../../shared/corpus');

/** One line per block: what the extractor sees of its structure. */
export function describeBlocks(result: ReadResult): string[] {
  return result.blocks.map((b) => {
    const text = result.text.slice(b.start, b.end).replace(/\t/g, ' | ');
    const shape =
      b.kind === 'heading'
        ? `H${b.level}${b.inferred ? '?' : ''}`
        : b.kind === 'list-item'
          ? `LI${b.depth} ${b.marker}`
          : b.kind === 'table-row'
            ? `TR${b.cells.length}${b.header ? 'h' : ''}`
            : 'P';
    return `${shape.padEnd(8)}| ${text.slice(0, 60)}`;
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--') && !['pdf', 'docx', 'all'].includes(a));
  if (!name)
    throw new Error('usage: compare-formats.ts NAME [pdf|docx|all] [--engine=pdfjs|poppler] [--full]');
  const which = args.find((a) => ['pdf', 'docx', 'all'].includes(a)) ?? 'all';
  const engine = (args.find((a) => a.startsWith('--engine='))?.slice(9) ?? 'auto') as PdfEngine;
  const full = args.includes('--full');
  const set = ['seeds', 'real'].find((s) => existsSync(join(SHARED, s, `${name}.txt`)));
  if (!set) throw new Error(`no ${name}.txt in the corpus`);
  const txtPath = join(SHARED, set, `${name}.txt`);
  const txt = describeBlocks(await readDocument(`${name}.txt`, readFileSync(txtPath)));
  const dir = mkdtempSync(join(tmpdir(), 'compare-formats-'));
  try {
    writeFileSync(join(dir, 'txt'), txt.join('\n') + '\n');
    for (const ext of which === 'all' ? ['pdf', 'docx'] : [which]) {
      const bytes = readFileSync(join(SHARED, 'formats', set, `${name}.${ext}`));
      const result =
        ext === 'pdf' ? await readPdf(bytes, engine) : await readDocument(`${name}.${ext}`, bytes);
      const lines = describeBlocks(result);
      console.log(
        `=== ${name}: txt ${txt.length} blocks, ${ext} ${lines.length} blocks (title: ${result.metaTitle ?? '-'})`,
      );
      if (full) {
        console.log(lines.join('\n'));
        continue;
      }
      writeFileSync(join(dir, ext), lines.join('\n') + '\n');
      const diff = spawnSync('diff', ['-U1', join(dir, 'txt'), join(dir, ext)], { encoding: 'utf8' });
      console.log(diff.stdout.split('\n').slice(2).join('\n') || '(same structure)');
    }
    if (full) console.log(`=== txt\n${txt.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('compare-formats.ts')) await main();
