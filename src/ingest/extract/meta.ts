/** Document-level facts: title, publisher, date and kind. */
import type { DocumentKind } from '../../shared/extraction-report.ts';
import { firstDate } from './dates.ts';
import type { StructuredBlock } from './structure.ts';

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
const PUBLISHED_BY = /\bpublished by (?:the )?([A-Z][\w'’& -]{3,80}?)(?:[,.;]|\s+(?:in|on)\s|$)/;

const KIND_RULES: [RegExp, DocumentKind][] = [
  [/\b(7|seven)[- ]minute briefing\b/i, 'seven-minute-briefing'],
  [/\bresearch briefing\b|\b(triennial|biennial) (analysis|review)\b/i, 'research-briefing'],
  [
    /\bresponse (from|of|to)\b.*\b(board|partnership|lscb|scb|scp)\b|\b(board|partnership)'?s? response\b/i,
    'board-response',
  ],
  [/\bpresentation\b|\bslides?\b/i, 'presentation'],
  [/\baction plan\b/i, 'board-response'],
  [
    /\b(practice )?learning briefing\b|\blearning from .*reviews\b|\bbriefing\b|\breview summaries\b/i,
    'learning-briefing',
  ],
  [
    /\breport to (the )?board\b|\bboard members\b|\bdecisions? (or recommendations )?required\b|\b(members|board) (is|are) asked to\b/i,
    'board-report',
  ],
  [/\bexecutive summary\b/i, 'executive-summary'],
  [/\boverview report\b/i, 'overview-report'],
];

const DATE_ONLY =
  /^(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}$|^\d{4}$/i;

/** Title, publisher, date and kind of the document. */
export function extractMeta(
  blocks: StructuredBlock[],
  fullText: string,
  metaTitle: string | null,
): DocumentMeta {
  const head = fullText.slice(0, 3000);
  const publisher =
    (PUBLISHER.exec(head)?.[1] ?? PUBLISHED_BY.exec(head)?.[1] ?? null)?.replace(/\s+/g, ' ').trim() ?? null;
  const headings = blocks
    .slice(0, 15)
    .filter((b) => b.block.kind === 'heading' && !DATE_ONLY.test(b.text) && b.text !== publisher);
  const explicit = headings.filter((b) => b.block.kind === 'heading' && !b.block.inferred);
  const top = (list: StructuredBlock[]) => {
    const level = Math.min(...list.map((b) => (b.block.kind === 'heading' ? b.block.level : 9)));
    return list.find((b) => b.block.kind === 'heading' && b.block.level === level)?.text ?? null;
  };
  const title = metaTitle?.trim() || top(explicit) || headings[0]?.text || null;
  let kind: DocumentKind = 'other';
  const probe = `${title ?? ''}\n${head}`;
  for (const [re, k] of KIND_RULES) {
    if (re.test(probe)) {
      kind = k;
      break;
    }
  }
  // Slide packs repeat their slide titles as headings.
  const titles = new Map<string, number>();
  for (const b of blocks) if (b.block.kind === 'heading') titles.set(b.text, (titles.get(b.text) ?? 0) + 1);
  if (kind !== 'seven-minute-briefing' && [...titles.values()].some((n) => n >= 3)) kind = 'presentation';
  return { title, publisher, date: firstDate(head), kind };
}
