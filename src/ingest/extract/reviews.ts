/** The cases a document reports on: their subjects ("Child J", "Case Q", "Baby A", "Child C and E"). */
import type { ExtractedReview } from '../../shared/extraction-report.ts';
import type { OutlineEntry } from './outline.ts';

const SUBJECT =
  /\b(Child|Baby|Case|Infant|Young Person|Sibling Group|Family)\s+([A-Z]{1,3}\d{0,2})(?:\s+(?:and|&)\s+([A-Z]{1,3}\d{0,2}))?\b(?![a-z'’])/g;

/** Canonical spelling of a subject, for matching: "child  be" -> "child be". */
export function subjectKey(subject: string): string {
  return subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Subjects named in headings or the title are the document's reviews; mentions elsewhere are not. */
export function extractReviews(outline: OutlineEntry[], title: string | null): ExtractedReview[] {
  const found = new Map<string, ExtractedReview>();
  const consider = (text: string, start: number | null) => {
    for (const m of text.matchAll(SUBJECT)) {
      const subject = m[3] ? `${m[1]} ${m[2]} and ${m[3]}` : `${m[1]} ${m[2]}`;
      const key = subjectKey(subject);
      if (found.has(key)) continue;
      const span: [number, number] | null =
        start === null ? null : [start + (m.index ?? 0), start + (m.index ?? 0) + m[0].length];
      found.set(key, {
        subject,
        review_type: null,
        child: { age_text: null, age_years: null, sex: null, outcome: null },
        agencies: [],
        span,
      });
    }
  };
  for (const e of outline) if (e.block.kind === 'heading') consider(e.text, e.block.start);
  if (title) consider(title, null);
  return [...found.values()];
}
