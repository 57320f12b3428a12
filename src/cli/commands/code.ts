import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Codebook } from '../../classify/codebook/codebook.ts';
import { parseCodebook } from '../../classify/codebook/codebook.ts';
import type { CodeResult, DocumentCoding, Evidence } from '../../classify/coder.ts';
import { defaultRuleCoder, ruleCoderFor } from '../../classify/index.ts';
import { ingestDocument } from '../../ingest/pipeline.ts';
import type { ExtractionReport } from '../../shared/extraction-report.ts';
import { collectFiles, readInputFile } from '../../modules/documents/files.ts';
import { listCodings, type CodingView } from '../../modules/codings/coding.repository.ts';
import { getDocumentText } from '../../modules/documents/document.repository.ts';
import { getReviewView } from '../../modules/reviews/review.service.ts';
import { describeError } from '../../shared/errors.ts';
import { configFrom, withStore, type GlobalOptions, type Io } from '../context.ts';

/** A span in its sentence: the matched words marked «like this», the rest trimmed to a window. */
export function inContext(text: string, start: number, end: number, width = 70): string {
  const from = Math.max(0, start - width);
  const to = Math.min(text.length, end + width);
  const clean = (s: string) => s.replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${clean(text.slice(from, start))}«${clean(text.slice(start, end))}»${clean(text.slice(end, to))}${to < text.length ? '…' : ''}`;
}

function evidenceLines(
  text: string,
  evidence: { start: number; end: number; reasons: string[]; weight: number }[],
  max: number,
): string[] {
  const lines = [...evidence]
    .sort((a, b) => b.weight - a.weight || a.start - b.start)
    .slice(0, max)
    .map(
      (e) => `      ${inContext(text, e.start, e.end)}\n        weight ${e.weight}: ${e.reasons.join('; ')}`,
    );
  if (evidence.length > max) lines.push(`      … and ${evidence.length - max} more`);
  return lines;
}

function labelOf(book: Codebook, key: string): string {
  return book.codes.find((c) => c.key === key)?.label ?? key;
}

function renderFileCoding(
  name: string,
  text: string,
  report: ExtractionReport,
  coding: DocumentCoding,
  book: Codebook,
  max: number,
): string {
  const lines = [`${name}: ${coding.codes.length} code(s) from codebook "${book.name}"`];
  for (const r of coding.codes) {
    lines.push(
      `  ${r.key}  (${labelOf(book, r.key)})  confidence ${r.confidence}, score ${r.score}, ${r.count} sentence(s)`,
    );
    lines.push(...evidenceLines(text, r.evidence, max));
  }
  const coded = report.items
    .map((item, i) => ({ item, codes: coding.items[i] ?? [] }))
    .filter((x) => x.codes.length);
  if (coded.length) {
    lines.push('', '  Items');
    for (const { item, codes } of coded)
      lines.push(
        `    [${item.kind}${item.ref ? ` ${item.ref}` : ''}] ${codes.map((c: CodeResult) => c.key).join(', ')}`,
      );
  }
  if (coding.considered.length) {
    lines.push('', '  Considered, not coded (score below 1)');
    for (const r of coding.considered)
      lines.push(
        `    ${r.key} ${r.score}: ${r.evidence
          .map((e: Evidence) => `"${text.slice(e.start, e.end)}" (${e.reasons.join('; ')})`)
          .slice(0, 3)
          .join(' | ')}`,
      );
  }
  return lines.join('\n') + '\n';
}

function renderStoredCodings(fileName: string, text: string, codings: CodingView[], max: number): string {
  // In a document about several reviews, this case's own codes come first.
  const machineDoc = [
    ...codings.filter((c) => c.source === 'machine' && c.itemId === null && c.reviewId !== null),
    ...codings.filter((c) => c.source === 'machine' && c.itemId === null && c.reviewId === null),
  ];
  const machineItems = codings.filter((c) => c.source === 'machine' && c.itemId !== null);
  const human = codings.filter((c) => c.source === 'human');
  const lines = [
    `${fileName}: ${machineDoc.length} code(s)${machineDoc[0] ? ` (${machineDoc[0].coder})` : ''}`,
  ];
  for (const c of machineDoc) {
    lines.push(
      `  [${c.id.slice(0, 8)}] ${c.codeKey}  (${c.codeLabel})  confidence ${c.confidence?.toFixed(3)}, proposed by ${c.component}${c.reviewId ? ', for this case' : machineDoc.some((x) => x.reviewId) ? ', for the whole document' : ''}`,
    );
    lines.push(...evidenceLines(text, c.evidence, max));
  }
  if (machineItems.length) {
    lines.push('', '  Item codings');
    for (const c of machineItems)
      lines.push(
        `    [${c.id.slice(0, 8)}] ${c.itemKind}${c.itemRef ? ` ${c.itemRef}` : ''}: ${c.codeKey} (${c.confidence?.toFixed(2)}, ${c.component})`,
      );
  }
  if (human.length) {
    lines.push('', '  Decisions by people');
    for (const h of human)
      lines.push(
        `    ${h.createdAt.slice(0, 10)} ${h.coder} ${h.decision} ${h.codeKey}${h.itemRef ? ` on ${h.itemKind} ${h.itemRef}` : h.itemId ? ` on ${h.itemKind}` : ''} (codebook version ${h.codebookVersion})${h.note ? `: ${h.note}` : ''}`,
      );
  }
  return lines.join('\n') + '\n';
}

/**
 * `lantern code PATH|REVIEW`: a file or folder is read and coded now, with no database (with
 * Lantern's codebook or --codebook FILE); a review shows the codings stored for its documents,
 * with their ids for `lantern coding confirm|reject`.
 */
export async function runCode(
  target: string,
  options: { json?: boolean; codebook?: string; evidence?: string },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const max = options.evidence ? Math.max(1, Number(options.evidence) || 3) : 3;
  if (existsSync(target)) {
    const config = configFrom(globals);
    const book = options.codebook
      ? parseCodebook(await readFile(options.codebook, 'utf8'), options.codebook)
      : null;
    const coder = book ? ruleCoderFor(book) : defaultRuleCoder();
    const { files, problems } = await collectFiles([target]);
    let failed = problems.length;
    for (const p of problems) io.err.write(`lantern code: ${p.name}: ${p.reason}\n`);
    for (const file of files) {
      try {
        const bytes = await readInputFile(file, config.maxFileBytes);
        const { report, read, coding } = await ingestDocument(file.name, bytes, coder);
        if (!coding) continue;
        if (options.json)
          io.out.write(
            JSON.stringify({
              file: file.name,
              codes: coding.codes,
              considered: coding.considered,
              items: coding.items,
            }) + '\n',
          );
        else io.out.write(renderFileCoding(file.name, read.text, report, coding, coder.codebook, max) + '\n');
      } catch (error) {
        failed++;
        io.err.write(`lantern code: ${file.name}: ${describeError(error)}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  }
  return withStore(globals, async (store) => {
    const view = await getReviewView(store.db, target);
    const docs = view.review.documentsList;
    const codings = await listCodings(
      store.db,
      docs.map((d) => d.id),
    );
    if (options.json) {
      io.out.write(JSON.stringify({ review: view.review.subject, codings }, null, 2) + '\n');
      return 0;
    }
    io.out.write(`${view.review.subject} (${view.review.partnership})\n\n`);
    for (const d of docs) {
      const doc = await getDocumentText(store.db, d.id);
      if (!doc) continue;
      io.out.write(
        renderStoredCodings(
          doc.fileName,
          doc.text,
          // Another review's case-level codings in the same document are not this review's.
          codings.filter(
            (c) => c.documentId === d.id && (c.reviewId === null || c.reviewId === view.review.id),
          ),
          max,
        ) + '\n',
      );
    }
    io.out.write('Confirm or reject a coding with: lantern coding confirm|reject ID --coder NAME\n');
    return 0;
  });
}
