/**
 * The extractor stage: a read document -> the extraction report of the contract
 * (../shared/contracts/extraction-report.md). Pure: no I/O, no clock, no database.
 */
import type { ReadResult } from '../blocks.ts';
import type { ExtractionReport } from '../../shared/extraction-report.ts';
import { extractItems } from './items.ts';
import { extractMeta } from './meta.ts';
import { buildOutline } from './outline.ts';
import { extractReviews } from './reviews.ts';

/** Bumped whenever extraction output changes for the same input; stored with each document. */
export const EXTRACTOR_VERSION = 'lantern-extract/0.1.0';

export interface SourceInfo {
  file: string;
  sha256: string;
}

/** Builds the extraction report for one read document. */
export function extractReport(read: ReadResult, source: SourceInfo): ExtractionReport {
  const outline = buildOutline(read);
  const document = extractMeta(outline, read.text, read.metaTitle);
  const reviews = extractReviews(outline, document.title);
  // An item belongs to the review whose heading most recently preceded it; with one review, to that one.
  const anchors = reviews.filter((r) => r.span).map((r) => ({ at: r.span?.[0] ?? 0, subject: r.subject }));
  const reviewOf = (offset: number): string | null => {
    if (reviews.length === 1) return reviews[0]?.subject ?? null;
    let subject: string | null = null;
    for (const a of anchors) if (a.at <= offset) subject = a.subject;
    return subject;
  };
  return {
    source: { file: source.file, sha256: source.sha256, format: read.format, chars: read.text.length },
    document,
    reviews,
    items: extractItems(outline, reviewOf),
    codes: [],
  };
}
