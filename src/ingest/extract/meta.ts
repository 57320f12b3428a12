/** Document-level facts: title, publisher, date and kind. */
import type { DocumentKind } from '../../shared/extraction-report.ts';
import type { OutlineEntry } from './outline.ts';
import { firstDate } from './dates.ts';

export interface DocumentMeta {
  title: string | null;
  publisher: string | null;
  date: string | null;
  kind: DocumentKind;
}

// A name word is capitalised and at least two letters long, so a subject's initial ("Baby R") never
// joins the partnership's name.
const NAME_WORDS = String.raw`(?:[A-Z][a-z][\w'’&-]*\s+(?:and\s+|&\s+)?){0,4}`;
const PUBLISHER = new RegExp(
  String.raw`\b(${NAME_WORDS}(?:Local\s+)?Safeguarding\s+(?:Children|Adults)\s+(?:Board|Partnership)|` +
    String.raw`${NAME_WORDS}Safeguarding\s+Partnership|${NAME_WORDS}Children(?:'s)?\s+Partnership|` +
    String.raw`Centre for Research on [A-Z][\w ]+|Child Safeguarding Practice Review Panel|NSPCC)\b`,
);

const KIND_RULES: [RegExp, DocumentKind][] = [
  [/\b(7|seven)[- ]minute briefing\b/i, 'seven-minute-briefing'],
  [/\bresearch briefing\b|\b(triennial|biennial) (analysis|review)\b/i, 'research-briefing'],
  [
    /\bresponse (from|of|to)\b.*\b(board|partnership|lscb)\b|\bboard'?s? response\b|\bpartnership response\b/i,
    'board-response',
  ],
  [/\b(practice )?learning briefing\b|\blearning from .*reviews\b|\bbriefing\b/i, 'learning-briefing'],
  [/\bpresentation\b|\bslides?\b/i, 'presentation'],
  [
    /\breport to (the )?board\b|\bboard (members|report)\b|\bdecisions? (or recommendations )?required\b/i,
    'board-report',
  ],
  [/\bexecutive summary\b/i, 'executive-summary'],
  [/\boverview report\b/i, 'overview-report'],
];

/** Title, publisher, date and kind of the document. */
export function extractMeta(
  outline: OutlineEntry[],
  fullText: string,
  metaTitle: string | null,
): DocumentMeta {
  const headings = outline.filter((e) => e.block.kind === 'heading');
  const top = headings.slice(0, 6);
  const maxLevel = Math.min(...top.map((h) => (h.block.kind === 'heading' ? h.block.level : 9)));
  const title =
    metaTitle?.trim() ||
    top.find(
      (h) =>
        h.block.kind === 'heading' &&
        h.block.level === maxLevel &&
        !/^\d{4}$|^[A-Z][a-z]+ \d{4}$/.test(h.text),
    )?.text ||
    null;
  const head = fullText.slice(0, 3000);
  const publisher = PUBLISHER.exec(head)?.[1]?.replace(/\s+/g, ' ').trim() ?? null;
  const date = firstDate(head);
  let kind: DocumentKind = 'other';
  const probe = `${title ?? ''}\n${head}`;
  for (const [re, k] of KIND_RULES) {
    if (re.test(probe)) {
      kind = k;
      break;
    }
  }
  return { title, publisher, date, kind };
}
