/**
 * `npm run bench:code`: how well and how fast the theme coder works.
 *
 *  1. Document codes on the seed corpus, scored by ../shared/eval/score.mjs (micro and macro F1,
 *     mean kappa), and on Lantern's own coding fixtures (test/fixtures/coding/documents) with the
 *     same scorer; then, over the seeds, the real texts and both fixture sets together, the rules, the
 *     statistical component and both, leave-one-document-out (the model never sees the document
 *     it is scored on).
 *  2. Item codes on the hand-labelled fictional items (test/fixtures/coding/*.jsonl): the rules
 *     alone, and 5-fold cross-validation of the statistical component alone and added to the rules.
 *  3. Throughput on one core: items coded per second, alone and inside whole documents.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRuleCoder } from '../src/classify/index.ts';
import { crossValidate, type LabelledText } from '../src/classify/model.ts';
import { extractDocument } from '../src/ingest/extract/index.ts';
import { ingestDocument } from '../src/ingest/pipeline.ts';
import { readDocument } from '../src/ingest/read.ts';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '../shared');
const coder = defaultRuleCoder();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function reportsFor(dir: string): Promise<string> {
  const lines: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.jsonl')) continue;
    const { report } = await ingestDocument(name, readFileSync(join(dir, name)), coder);
    lines.push(JSON.stringify(report));
  }
  const out = join(mkdtempSync(join(tmpdir(), 'lantern-bench-')), 'pred.jsonl');
  writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

function score(gold: string, pred: string): string {
  const run = spawnSync(process.execPath, [join(SHARED, 'eval/score.mjs'), '--gold', gold, '--pred', pred], {
    encoding: 'utf8',
  });
  return run.stdout.split('\n').find((l) => l.startsWith('codes over')) ?? run.stderr.trim();
}

function readLabelled(...files: string[]): LabelledText[] {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LabelledText),
  );
}

console.log('Lantern theme coder benchmark (rules', coder.version + ')\n');

console.log('1. Document codes');
console.log(
  '   seeds:        ',
  score(join(SHARED, 'corpus/seeds.gold.jsonl'), await reportsFor(join(SHARED, 'corpus/seeds'))),
);
const ownDocs = join(ROOT, 'test/fixtures/coding/documents');
console.log('   own fixtures: ', score(join(ownDocs, 'gold.jsonl'), await reportsFor(ownDocs)));

// Leave-one-document-out: the model, trained on every other document's text and gold codes,
// proposes codes for the one left out; it is never scored on a document it was trained on.
const corpusDocs: { text: string; codes: string[]; rules: string[] }[] = [];
for (const [dir, goldFile] of [
  [join(SHARED, 'corpus/seeds'), join(SHARED, 'corpus/seeds.gold.jsonl')],
  [join(SHARED, 'corpus/real'), join(SHARED, 'corpus/real.gold.jsonl')],
  [ownDocs, join(ownDocs, 'gold.jsonl')],
  [join(ROOT, 'test/fixtures/corpus/txt'), join(ROOT, 'test/fixtures/corpus/gold.jsonl')],
] as const) {
  for (const l of readFileSync(goldFile, 'utf8').split('\n').filter(Boolean)) {
    const g = JSON.parse(l) as { file: string; codes: string[] };
    const name = g.file.split('/').pop() as string;
    const { read, report } = await ingestDocument(name, readFileSync(join(dir, name)), coder);
    corpusDocs.push({ text: read.text, codes: g.codes, rules: report.codes.map((c) => c.code) });
  }
}
const rulesOf = new Map(corpusDocs.map((d) => [d.text, d.rules]));
const lodo = crossValidate(corpusDocs, (text) => rulesOf.get(text) ?? [], corpusDocs.length);
console.log(
  `   leave-one-document-out over ${corpusDocs.length} documents (seeds, real texts, coding and corpus fixtures):`,
);
const docLine = (name: string, s: { precision: number; recall: number; f1: number }) =>
  console.log(`     ${name.padEnd(20)} micro P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`);
docLine('rules alone', lodo.rules);
docLine('model alone', lodo.model);
docLine('rules + model', lodo.combined);

console.log('\n2. Item codes on hand-labelled fictional items');
const labelled = readLabelled(
  join(ROOT, 'test/fixtures/coding/items.jsonl'),
  join(ROOT, 'test/fixtures/coding/paraphrases.jsonl'),
);
const cache = new Map<string, string[]>();
const rules = (text: string) => {
  let codes = cache.get(text);
  if (!codes) {
    codes = [...new Set(coder.codeText(text).map((c) => c.reference as string))];
    cache.set(text, codes);
  }
  return codes;
};
const cv = crossValidate(labelled, rules, 5);
const line = (name: string, s: { precision: number; recall: number; f1: number }) =>
  console.log(`   ${name.padEnd(22)} micro P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`);
console.log(
  `   ${labelled.length} items, ${new Set(labelled.flatMap((l) => l.codes)).size} codes; ${cv.folds}-fold cross-validation`,
);
line('rules alone', cv.rules);
line('model alone', cv.model);
line('rules + model', cv.combined);

console.log('\n3. Throughput (one core)');
const texts = labelled.map((l) => l.text);
coder.codeText(texts[0] as string);
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 2000)
    for (const t of texts) {
      coder.codeText(t);
      n++;
    }
  const s = (performance.now() - t0) / 1000;
  console.log(`   run ${run}: ${Math.round(n / s)} items/s coded one by one`);
}
const seedDir = join(SHARED, 'corpus/seeds');
const reads = await Promise.all(
  readdirSync(seedDir)
    .sort()
    .map((f) => readDocument(f, readFileSync(join(seedDir, f)))),
);
for (let run = 1; run <= 3; run++) {
  let items = 0;
  let chars = 0;
  let ms = 0;
  for (const read of reads) {
    const source = { file: 'x', sha256: '0'.repeat(64) };
    const t0 = performance.now();
    const plain = extractDocument(read, source, null);
    const t1 = performance.now();
    extractDocument(read, source, coder);
    const t2 = performance.now();
    ms += t2 - t1 - (t1 - t0);
    items += plain.report.items.length;
    chars += read.text.length;
  }
  console.log(
    `   run ${run}: ${Math.round(items / (ms / 1000))} items/s inside whole documents (${items} items, ${(chars / 1e6 / (ms / 1000)).toFixed(2)} MB/s of text coded)`,
  );
}
