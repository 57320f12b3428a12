/**
 * The extractor stage: a read document -> the extraction report of the contract
 * (../shared/contracts/extraction-report.md). Pure: no I/O, no clock, no database.
 *
 *   structure (each block's section) -> items (with tables) -> links -> reviews -> report
 */
import type { ReadResult } from '../blocks.ts';
import type { ExtractedItem, ExtractionReport } from '../../shared/extraction-report.ts';
import { addCaseVariables } from './case-variables.ts';
import { codedStatements } from './cross-case.ts';
import { collectItems } from './items.ts';
import { linkDrafts } from './links.ts';
import { extractMeta } from './meta.ts';
import { extractReviews } from './reviews.ts';
import { structure, type StructuredBlock } from './structure.ts';
import { extractionWarnings } from './warnings.ts';
import type { CodingInput, DocumentCoding, RuleCoder } from '../../classify/coder.ts';

/** Bumped whenever extraction output changes for the same input; stored with each document. */
export const EXTRACTOR_VERSION = 'lantern-extract/0.3.0';

export interface SourceInfo {
  file: string;
  sha256: string;
}

/** Builds the extraction report for one read document, without theme codes. */
export function extractReport(read: ReadResult, source: SourceInfo): ExtractionReport {
  return extractDocument(read, source, null).report;
}

export interface ExtractedDocument {
  report: ExtractionReport;
  /** The coder's full result (codebook codes, evidence, near misses), when a coder ran. */
  coding: DocumentCoding | null;
}

/**
 * Builds the extraction report and, given a coder, codes the document and its items: the
 * report's `codes` (reference codes with evidence spans) and each item's `codes`.
 */
export function extractDocument(
  read: ReadResult,
  source: SourceInfo,
  coder: RuleCoder | null,
): ExtractedDocument {
  const { blocks, report, subjectOfFrame } = extractParts(read, source);
  if (!coder) return { report, coding: null };
  const coding = coder.codeDocument(codingInput(read.text, blocks, report, report.items, subjectOfFrame));
  report.codes = coding.reference.map((r) => ({
    code: r.key,
    count: r.count,
    confidence: r.confidence,
    evidence: r.evidence.map((e): [number, number] => [e.start, e.end]),
  }));
  report.items.forEach((item, i) => {
    const refs = (coding.items[i] ?? []).map((r) => r.reference).filter((r): r is string => r !== null);
    item.codes = [...new Set(refs)];
  });
  report.statements = codedStatements(
    blocks,
    report.reviews.map((r) => r.subject),
    coding,
    coder,
  );
  return { report, coding };
}

/** The report and what coding needs of the extraction: the structured blocks and each case frame's subject. */
function extractParts(
  read: ReadResult,
  source: SourceInfo,
): { blocks: StructuredBlock[]; report: ExtractionReport; subjectOfFrame: Map<number, string> } {
  const blocks = structure(read);
  const document = extractMeta(blocks, read.text, read.metaTitle);
  const { drafts, agencies } = collectItems(blocks);
  const { reviews, subjectOfFrame } = extractReviews(blocks, read.text, document.title, agencies);
  addCaseVariables(blocks, reviews, subjectOfFrame);
  const only = reviews.length === 1 ? (reviews[0]?.subject ?? null) : null;
  const links = linkDrafts(drafts);
  const items = drafts.map((d, i): ExtractedItem => ({
    kind: d.kind,
    ref: d.ref,
    review: (d.caseFrame ? subjectOfFrame.get(d.caseFrame.id) : undefined) ?? only,
    text: d.text,
    owner: d.owner,
    deadline: d.deadline,
    span: [d.start, d.end],
    codes: [],
    ...(d.rag ? { rag: d.rag } : {}),
    ...(links[i]?.length ? { links: links[i] } : {}),
  }));
  const report: ExtractionReport = {
    source: { file: source.file, sha256: source.sha256, format: read.format, chars: read.text.length },
    document,
    reviews,
    items,
    codes: [],
  };
  const warnings = extractionWarnings(report);
  if (warnings.length) report.warnings = warnings;
  return { blocks, report, subjectOfFrame };
}

/**
 * Codes a document whose items are already stored (a re-code after a codebook change): the
 * sections and children come from a fresh extraction, the items are the stored ones.
 */
export function codeWithItems(
  read: ReadResult,
  coder: RuleCoder,
  items: { kind: string; span: [number, number] }[],
): DocumentCoding {
  const { blocks, report, subjectOfFrame } = extractParts(read, { file: '', sha256: '0'.repeat(64) });
  return coder.codeDocument(codingInput(read.text, blocks, report, items, subjectOfFrame));
}

/** What the coder needs to know of a document: its blocks' sections, its items, its children. */
function codingInput(
  text: string,
  blocks: StructuredBlock[],
  report: ExtractionReport,
  items: { kind: string; span: [number, number] }[],
  subjectOfFrame: Map<number, string>,
): CodingInput {
  // In a document about several reviews, the text under each case's heading is that case's.
  const cases = new Map<string, [number, number][]>();
  if (report.reviews.length > 1)
    for (const b of blocks) {
      const subject = b.ctx.caseFrame ? subjectOfFrame.get(b.ctx.caseFrame.id) : undefined;
      if (subject) cases.set(subject, [...(cases.get(subject) ?? []), [b.block.start, b.block.end]]);
    }
  return {
    cases: [...cases].map(([subject, ranges]) => ({ subject, ranges })),
    text,
    blocks: blocks.map((b) => ({
      start: b.block.start,
      end: b.block.end,
      kind: b.block.kind,
      role: b.ctx.role,
      headings: b.ctx.frames.map((f) => f.text),
    })),
    items: items.map((it) => ({ kind: it.kind, span: it.span })),
    children: report.reviews.map((r) => {
      const at = r.child.age_text ? text.indexOf(r.child.age_text) : -1;
      return {
        ageYears: r.child.age_years,
        ageSpan: at >= 0 && r.child.age_text ? [at, at + r.child.age_text.length] : null,
      };
    }),
  };
}
