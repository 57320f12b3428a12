/**
 * What a person should know about an extraction that found little: a document with no learning
 * item or no review is said so, never passed over in silence (import outcome, `lantern extract`).
 */
import type { ExtractionReport } from '../../shared/extraction-report.ts';

export function extractionWarnings(report: Pick<ExtractionReport, 'items' | 'reviews' | 'source'>): string[] {
  const out: string[] = [];
  if (report.items.length === 0)
    out.push(
      `nothing extracted: no finding, learning, recommendation, action, measure or theme found in ${report.source.chars} characters of text; ` +
        'check the document in the reader (is it a scanned page, a contents list, or a layout Lantern does not know?) and add its items by hand',
    );
  if (report.reviews.length === 0)
    out.push(
      'no review found: the text names no case (such as "Child K", "Baby M", a chosen name or a review code like "SCR G"); ' +
        'if the document is about a review, attach it to the review by hand',
    );
  return out;
}
