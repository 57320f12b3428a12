/**
 * Writes the fictional fixture corpus (test/fixtures/corpus) from its structured sources: each
 * document as .txt, .pdf and .docx from the same DocSpec, so the three formats hold the same text,
 * and the gold files (gold.jsonl for the .txt, formats.gold.jsonl for the .pdf and .docx).
 * Checks every gold item and review subject against the document's text first.
 *
 *   node --import tsx scripts/build-fixture-corpus.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDocx, writePdf, type DocBlock } from './document-writers.ts';
import { FIXTURES, type FixtureDocument } from '../test/fixtures/corpus/sources.ts';

export const FIXTURE_CORPUS = join(import.meta.dirname, '../test/fixtures/corpus');
const THEMES = join(import.meta.dirname, '../../shared/reference/themes.json');

/** The plain text of a document, as a web page or a text export would give it. */
export function fixtureText(doc: FixtureDocument): string {
  const mark = doc.bullet ?? '•';
  let number = 0;
  const parts: string[] = [];
  let previous: DocBlock['kind'] | null = null;
  for (const block of doc.spec.blocks) {
    let line: string | null;
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        line = block.text;
        break;
      case 'bullet':
        line = `${'  '.repeat(block.depth ?? 0)}${mark} ${block.text}`;
        break;
      case 'numbered':
        line = `${++number}. ${block.text}`;
        break;
      case 'table':
        line = block.rows.map((row) => row.join('\t')).join('\n');
        break;
      case 'footnote':
        line = `${block.marker} ${block.text}`;
        break;
      case 'page-break':
        line = null;
        break;
    }
    if (line === null) continue;
    // A list's items sit on consecutive lines; other blocks are paragraphs apart unless compact.
    const tight =
      doc.compact || (block.kind === previous && (block.kind === 'bullet' || block.kind === 'numbered'));
    if (parts.length) parts.push(tight ? '\n' : '\n\n');
    parts.push(line);
    previous = block.kind;
  }
  // A page cut at about 2,000 characters ends mid-word, without a final newline.
  return parts.join('') + (doc.name.endsWith('-cut') ? '' : '\n');
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Problems with a document's gold: items or subjects not in its text, unknown codes. */
export function goldProblems(doc: FixtureDocument, text: string, codes: Set<string> | null): string[] {
  const flat = collapse(text);
  const problems: string[] = [];
  for (const [kind, list] of Object.entries(doc.gold.items))
    for (const item of list)
      if (!flat.includes(collapse(item))) problems.push(`${kind} item not in the text: ${item}`);
  for (const r of doc.gold.reviews ?? [])
    if (!flat.includes(r.subject)) problems.push(`subject not in the text: ${r.subject}`);
  if (doc.gold.document.title && !flat.includes(doc.gold.document.title))
    problems.push('title not in the text');
  if (doc.gold.document.publisher && !flat.includes(doc.gold.document.publisher))
    problems.push('publisher not in the text');
  if (codes) for (const c of doc.gold.codes) if (!codes.has(c)) problems.push(`unknown code ${c}`);
  if (new Set(doc.gold.codes).size !== doc.gold.codes.length) problems.push('a code is listed twice');
  return problems;
}

const goldLine = (doc: FixtureDocument, file: string) => JSON.stringify({ file, ...doc.gold });

async function main(): Promise<void> {
  const codes = existsSync(THEMES)
    ? new Set(
        (JSON.parse(readFileSync(THEMES, 'utf8')) as { themes: { code: string }[] }).themes.map(
          (t) => t.code,
        ),
      )
    : null;
  const names = new Set<string>();
  let failed = false;
  for (const doc of FIXTURES) {
    if (names.has(doc.name)) throw new Error(`two fixtures named ${doc.name}`);
    names.add(doc.name);
    for (const problem of goldProblems(doc, fixtureText(doc), codes)) {
      console.error(`${doc.name}: ${problem}`);
      failed = true;
    }
  }
  if (failed) process.exit(1);

  for (const sub of ['txt', 'pdf', 'docx']) {
    const dir = join(FIXTURE_CORPUS, sub);
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir))
      if (!names.has(file.replace(/\.[a-z]+$/, ''))) rmSync(join(dir, file));
  }
  // A DOCX carries the time it was written: rewrite one only when its source changed.
  const built = join(FIXTURE_CORPUS, 'built.json');
  const before = existsSync(built) ? (JSON.parse(readFileSync(built, 'utf8')) as Record<string, string>) : {};
  const after: Record<string, string> = {};
  const gold: string[] = [];
  const formats: string[] = [];
  for (const doc of FIXTURES) {
    const text = fixtureText(doc);
    const docx = join(FIXTURE_CORPUS, 'docx', `${doc.name}.docx`);
    after[doc.name] = createHash('sha256').update(JSON.stringify(doc.spec)).digest('hex');
    writeFileSync(join(FIXTURE_CORPUS, 'txt', `${doc.name}.txt`), text);
    writeFileSync(join(FIXTURE_CORPUS, 'pdf', `${doc.name}.pdf`), await writePdf(doc.spec));
    if (before[doc.name] !== after[doc.name] || !existsSync(docx))
      writeFileSync(docx, await writeDocx(doc.spec));
    gold.push(goldLine(doc, `${doc.name}.txt`));
    formats.push(goldLine(doc, `${doc.name}.pdf`), goldLine(doc, `${doc.name}.docx`));
    console.log(`${String(text.length).padStart(5)}  ${doc.name}`);
  }
  writeFileSync(join(FIXTURE_CORPUS, 'gold.jsonl'), gold.join('\n') + '\n');
  writeFileSync(join(FIXTURE_CORPUS, 'formats.gold.jsonl'), formats.join('\n') + '\n');
  writeFileSync(built, JSON.stringify(after, null, 2) + '\n');
  console.log(`${FIXTURES.length} documents written to ${FIXTURE_CORPUS}`);
}

if (process.argv[1]?.endsWith('build-fixture-corpus.ts')) await main();
