/**
 * The extractor stage: a read document -> the extraction report of the contract
 * (../shared/contracts/extraction-report.md). Pure: no I/O, no clock, no database.
 *
 *   structure (each block's section) -> items (with tables) -> links -> reviews -> report
 */
import type { ReadResult } from '../blocks.ts';
import type { ExtractedItem, ExtractionReport } from '../../shared/extraction-report.ts';
import { collectItems } from './items.ts';
import { linkDrafts } from './links.ts';
import { extractMeta } from './meta.ts';
import { extractReviews } from './reviews.ts';
import { structure } from './structure.ts';

/** Bumped whenever extraction output changes for the same input; stored with each document. */
export const EXTRACTOR_VERSION = 'lantern-extract/0.2.0';

export interface SourceInfo {
  file: string;
  sha256: string;
}

/** Builds the extraction report for one read document. */
export function extractReport(read: ReadResult, source: SourceInfo): ExtractionReport {
  const blocks = structure(read);
  const document = extractMeta(blocks, read.text, read.metaTitle);
  const { drafts, agencies } = collectItems(blocks);
  const { reviews, subjectOfFrame } = extractReviews(blocks, read.text, document.title, agencies);
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
  return {
    source: { file: source.file, sha256: source.sha256, format: read.format, chars: read.text.length },
    document,
    reviews,
    items,
    codes: [],
  };
}
