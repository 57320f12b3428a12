/**
 * npm run bench:extract — extraction quality and speed.
 *
 *  1. Extracts every corpus set (seeds, real texts, fixtures; as .txt, PDF and DOCX) and prints
 *     the shared scorer's figures side by side, with each format's gap to its .txt.
 *  2. Throughput of the extractor stage (MB/s of extracted text, one core) and of read + extract.
 *  3. Pages per second on a generated 100-page PDF: pdf.js alone, the poppler path, and
 *     poppler's own pdftotext in the same run.
 *  4. Peak RSS reading a 300-page PDF, each engine in its own child process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractReport } from '../src/ingest/extract/index.ts';
import { ingestDocument, sha256Hex } from '../src/ingest/pipeline.ts';
import { readDocument } from '../src/ingest/read.ts';
import { readPdf } from '../src/ingest/readers/pdf/index.ts';
import { popplerAvailable } from '../src/ingest/readers/pdf/poppler.ts';
import { writePdf, type DocBlock } from './document-writers.ts';
import { scoreSet, SETS, table, type SetScore } from './eval-corpus.ts';

const SHARED = join(import.meta.dirname, '../../shared');
const SEEDS = join(SHARED, 'corpus/seeds');
const out = mkdtempSync(join(tmpdir(), 'lantern-bench-'));

function section(title: string): void {
  console.log(`\n== ${title}`);
}

/** Runs `fn` repeatedly for at least `ms`, returning the mean time per run in ms. */
async function timeIt(fn: () => unknown, ms = 2000): Promise<number> {
  await fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

/** A long fictional overview report: headings, paragraphs, bullets and a table on every page. */
function reportBlocks(pages: number): DocBlock[] {
  const blocks: DocBlock[] = [{ kind: 'heading', level: 1, text: 'Overview report: Child V' }];
  for (let p = 1; p <= pages; p++) {
    blocks.push({ kind: 'heading', level: 2, text: `Section ${p}: practice in the period under review` });
    for (let k = 0; k < 4; k++)
      blocks.push({
        kind: 'paragraph',
        text: `Paragraph ${p}.${k + 1}. The health visitor, the school nurse and the social worker each held part of the picture of the family's circumstances, but none of them brought it together in a shared assessment of the risk to the children, and the plan was not reviewed when the mother's new partner moved into the home.`,
      });
    blocks.push({
      kind: 'bullet',
      text: 'Information about the new partner was not shared across agencies.',
    });
    blocks.push({ kind: 'bullet', text: 'The child in need plan had no measurable outcomes or timescales.' });
    blocks.push({ kind: 'page-break' });
  }
  return blocks;
}

async function main(): Promise<void> {
  // 1. Quality on every corpus, side by side
  section('Quality: every corpus set in every format, scored by ../shared/eval/score.mjs');
  if (!existsSync(SEEDS)) console.log(`(no shared corpus at ${SHARED}: fictional fixtures only)`);
  const scores: SetScore[] = [];
  for (const set of SETS) {
    const score = await scoreSet(set);
    if (score) scores.push(score);
  }
  console.log(table(scores));
  const byName = new Map(scores.map((s) => [s.set, s]));
  const gap = (a: string, b: string, f: (s: SetScore) => number | undefined) => {
    const x = byName.get(a);
    const y = byName.get(b);
    return x && y ? (100 * ((f(y) ?? 0) - (f(x) ?? 0))).toFixed(1) : '-';
  };
  console.log('\nformat gap (points against the .txt of the same documents; items / reviews):');
  for (const base of ['seeds', 'real', 'fixtures'])
    for (const fmt of ['pdf', 'docx'])
      console.log(
        `  ${`${base}-${fmt}`.padEnd(14)} ${gap(base, `${base}-${fmt}`, (s) => s.summary.items.all?.f1).padStart(6)} / ${gap(base, `${base}-${fmt}`, (s) => s.summary.reviews?.f1).padStart(6)}`,
      );
  console.log(
    '\nExtraction is rules over document structure, with no learned component, so there is nothing to leave out:\n' +
      'the fictional fixtures (test/fixtures/corpus, written without reading the extractor) are its held-out check.\n' +
      "The coder's learned model is judged leave-one-document-out by `npm run bench:code`.",
  );

  // 2. Extractor throughput
  section('Extractor throughput (one core)');
  const docs = existsSync(SEEDS)
    ? readdirSync(SEEDS)
        .sort()
        .map((f) => ({ name: f, bytes: readFileSync(join(SEEDS, f)) }))
    : [];
  const samples = join(import.meta.dirname, '../samples/documents');
  for (const f of readdirSync(samples).filter((n) => /\.(txt|md|html)$/.test(n)))
    docs.push({ name: f, bytes: readFileSync(join(samples, f)) });
  const reads = await Promise.all(docs.map((d) => readDocument(d.name, d.bytes)));
  const chars = reads.reduce((n, r) => n + r.text.length, 0);
  const extractMs = await timeIt(() =>
    reads.forEach((r, i) => extractReport(r, { file: docs[i]?.name ?? '', sha256: '0'.repeat(64) })),
  );
  const pipelineMs = await timeIt(async () => {
    for (const d of docs) await ingestDocument(d.name, d.bytes);
  });
  const mb = chars / 1e6;
  console.log(`${docs.length} text documents, ${(mb * 1000).toFixed(0)} k characters`);
  console.log(
    `extract stage:        ${(mb / (extractMs / 1000)).toFixed(2)} MB/s (${extractMs.toFixed(1)} ms per pass)`,
  );
  console.log(
    `read + extract + hash: ${(mb / (pipelineMs / 1000)).toFixed(2)} MB/s (${pipelineMs.toFixed(1)} ms per pass)`,
  );

  // 3. PDF pages per second
  section('PDF: generated 100-page report');
  const pdf100 = join(out, 'report-100.pdf');
  const bytes100 = await writePdf({
    title: 'Overview report',
    runningHeader: 'Overview report: Child V - OFFICIAL',
    pageNumbers: true,
    blocks: reportBlocks(100),
  });
  writeFileSync(pdf100, bytes100);
  const pages100 = (await readPdf(bytes100, 'pdfjs')).pages ?? 0;
  const pdfjsMs = await timeIt(() => readPdf(bytes100, 'pdfjs'), 5000);
  console.log(`pages: ${pages100}; sha256 ${sha256Hex(bytes100).slice(0, 12)}`);
  console.log(
    `pdf.js + layout:      ${((pages100 / pdfjsMs) * 1000).toFixed(0)} pages/s (${pdfjsMs.toFixed(0)} ms)`,
  );
  if (await popplerAvailable()) {
    const popplerMs = await timeIt(() => readPdf(bytes100, 'poppler'), 3000);
    const pdftotextMs = await timeIt(() => execFileSync('pdftotext', [pdf100, '-']), 3000);
    console.log(
      `poppler + layout:     ${((pages100 / popplerMs) * 1000).toFixed(0)} pages/s (${popplerMs.toFixed(0)} ms)`,
    );
    console.log(
      `pdftotext alone:      ${((pages100 / pdftotextMs) * 1000).toFixed(0)} pages/s (${pdftotextMs.toFixed(0)} ms)`,
    );
    console.log(`poppler path / pdftotext time: ${(popplerMs / pdftotextMs).toFixed(2)}x`);
  } else console.log('poppler-utils not installed: poppler path skipped (apt-get install poppler-utils)');

  // 4. Peak memory
  section('Peak RSS reading a 300-page PDF (child process per engine)');
  const pdf300 = join(out, 'report-300.pdf');
  writeFileSync(
    pdf300,
    await writePdf({ title: 'Overview report', pageNumbers: true, blocks: reportBlocks(300) }),
  );
  const engines = (await popplerAvailable()) ? ['pdfjs', 'poppler'] : ['pdfjs'];
  for (const engine of engines) {
    const script = `import { readFileSync } from 'node:fs'; import { readPdf } from ${JSON.stringify(join(import.meta.dirname, '../src/ingest/readers/pdf/index.ts'))};
      const r = await readPdf(readFileSync(${JSON.stringify(pdf300)}), ${JSON.stringify(engine)});
      console.log(JSON.stringify({ pages: r.pages, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
      pages?: number;
      maxRssMb?: number;
    };
    console.log(`${engine.padEnd(8)} ${result.pages ?? '?'} pages, peak RSS ${result.maxRssMb ?? '?'} MB`);
  }
}

await main();
