/**
 * Extracts every shared corpus set in this process and scores it with ../shared/eval/score.mjs:
 * seeds and real texts as .txt, and the same documents as PDF and as DOCX (corpus/formats).
 *
 *   node --import tsx scripts/eval-corpus.ts                 # the table of every set
 *   node --import tsx scripts/eval-corpus.ts real --verbose  # one set, with the scorer's misses
 *
 * Used by bench:extract; also the quick loop while working on extraction.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { ingestDocument } from '../src/ingest/pipeline.ts';

export const SHARED = join(import.meta.dirname, '../../shared');
export const REPO = join(import.meta.dirname, '..');

export interface CorpusSet {
  name: string;
  /** `dir` and `gold` are relative to ../shared, or to this repository when `root` is 'repo'. */
  dir: string;
  gold: string;
  ext: string;
  root?: 'shared' | 'repo';
}

export const SETS: CorpusSet[] = [
  { name: 'seeds', dir: 'corpus/seeds', gold: 'corpus/seeds.gold.jsonl', ext: '.txt' },
  { name: 'real', dir: 'corpus/real', gold: 'corpus/real.gold.jsonl', ext: '.txt' },
  { name: 'seeds-pdf', dir: 'corpus/formats/seeds', gold: 'corpus/formats/seeds.gold.jsonl', ext: '.pdf' },
  { name: 'seeds-docx', dir: 'corpus/formats/seeds', gold: 'corpus/formats/seeds.gold.jsonl', ext: '.docx' },
  { name: 'real-pdf', dir: 'corpus/formats/real', gold: 'corpus/formats/real.gold.jsonl', ext: '.pdf' },
  { name: 'real-docx', dir: 'corpus/formats/real', gold: 'corpus/formats/real.gold.jsonl', ext: '.docx' },
  // The fictional fixtures in this repository (scripts/build-fixture-corpus.ts): a held-out check.
  {
    name: 'fixtures',
    dir: 'test/fixtures/corpus/txt',
    gold: 'test/fixtures/corpus/gold.jsonl',
    ext: '.txt',
    root: 'repo',
  },
  {
    name: 'fixtures-pdf',
    dir: 'test/fixtures/corpus/pdf',
    gold: 'test/fixtures/corpus/formats.gold.jsonl',
    ext: '.pdf',
    root: 'repo',
  },
  {
    name: 'fixtures-docx',
    dir: 'test/fixtures/corpus/docx',
    gold: 'test/fixtures/corpus/formats.gold.jsonl',
    ext: '.docx',
    root: 'repo',
  },
];

export interface SetScore {
  set: string;
  documents: number;
  seconds: number;
  summary: {
    items: Record<string, { precision: number; recall: number; f1: number }>;
    reviews: { f1: number };
    document: Record<string, { accuracy: number; n: number }>;
    codes?: { micro: { precision: number; recall: number; f1: number }; mean_kappa: number | null };
  };
  /** The scorer's printed table (and misses with --verbose). */
  printed: string;
}

let outDir: string | undefined;

/** Extracts one set and scores it; its predictions stay in a per-process temporary folder. */
export async function scoreSet(set: CorpusSet, verbose = false): Promise<SetScore | null> {
  const root = set.root === 'repo' ? REPO : SHARED;
  const dir = join(root, set.dir);
  if (!existsSync(dir)) return null;
  // Each process its own folder: runs side by side never read each other's predictions.
  const out = (outDir ??= mkdtempSync(join(tmpdir(), 'lantern-eval-')));
  const files = readdirSync(dir)
    .filter((f) => extname(f) === set.ext)
    .sort();
  const started = process.cpuUsage();
  const lines: string[] = [];
  for (const file of files) {
    const { report } = await ingestDocument(file, readFileSync(join(dir, file)));
    lines.push(JSON.stringify(report));
  }
  const used = process.cpuUsage(started);
  const pred = join(out, `${set.name}.pred.jsonl`);
  writeFileSync(pred, lines.join('\n') + '\n');
  // A formats gold file holds both formats: keep this set's.
  const names = new Set(files.map((f) => basename(f)));
  const goldLines = readFileSync(join(root, set.gold), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && names.has((JSON.parse(l) as { file: string }).file));
  const gold = join(out, `${set.name}.gold.jsonl`);
  writeFileSync(gold, goldLines.join('\n') + '\n');
  const args = [join(SHARED, 'eval/score.mjs'), '--gold', gold, '--pred', pred, '--json'];
  if (verbose) args.push('--verbose');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const printedLines = run.stdout.trimEnd().split('\n');
  const summary = JSON.parse(printedLines.pop() ?? '{}') as SetScore['summary'];
  return {
    set: set.name,
    documents: files.length,
    seconds: (used.user + used.system) / 1e6,
    summary,
    printed: printedLines.join('\n'),
  };
}

const pct = (x: number | null | undefined) => (x == null ? '    -' : (100 * x).toFixed(1).padStart(5));

/** The side-by-side table of several sets. */
export function table(scores: SetScore[]): string {
  const rows: [string, (s: SetScore) => string][] = [
    ['documents', (s) => String(s.documents).padStart(5)],
    ['items F1', (s) => pct(s.summary.items.all?.f1)],
    ['  learning', (s) => pct(s.summary.items.learning?.f1)],
    ['  recommendation', (s) => pct(s.summary.items.recommendation?.f1)],
    ['  action', (s) => pct(s.summary.items.action?.f1)],
    ['  measure', (s) => pct(s.summary.items.measure?.f1)],
    ['  theme', (s) => pct(s.summary.items.theme?.f1)],
    ['reviews F1', (s) => pct(s.summary.reviews?.f1)],
    ['codes micro-F1', (s) => pct(s.summary.codes?.micro.f1)],
    ['codes precision', (s) => pct(s.summary.codes?.micro.precision)],
    ['codes recall', (s) => pct(s.summary.codes?.micro.recall)],
    ['codes mean kappa', (s) => (s.summary.codes?.mean_kappa ?? NaN).toFixed(3).padStart(5)],
    ['document kind', (s) => pct(s.summary.document?.kind?.accuracy)],
    ['document date', (s) => pct(s.summary.document?.date?.accuracy)],
    ['document title', (s) => pct(s.summary.document?.title?.accuracy)],
    ['document publisher', (s) => pct(s.summary.document?.publisher?.accuracy)],
    ['CPU seconds', (s) => s.seconds.toFixed(2).padStart(5)],
  ];
  const head = ['', ...scores.map((s) => s.set)];
  const width = Math.max(10, ...scores.map((s) => s.set.length));
  const line = (cells: string[]) =>
    `${(cells[0] ?? '').padEnd(20)}${cells
      .slice(1)
      .map((c) => c.padStart(width + 2))
      .join('')}`;
  return [line(head), ...rows.map(([label, f]) => line([label, ...scores.map(f)]))].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const scores: SetScore[] = [];
  for (const set of SETS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const score = await scoreSet(set, verbose);
    if (!score) continue;
    if (verbose) console.log(`\n== ${set.name} (predictions in ${outDir ?? '?'})\n${score.printed}`);
    scores.push(score);
  }
  console.log(table(scores));
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) await main();
