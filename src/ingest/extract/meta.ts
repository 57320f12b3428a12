/**
 * Document-level facts: title, publisher, date and kind, read from the text the way a person
 * reads a front page. The head of a document is its "title zone": the short lines before the
 * first paragraph of prose, list or table (a title, a subtitle, a dateline, a byline, a logo's
 * words, a cover sheet's fields, site navigation in a saved web page). The title is the first
 * line there that names the document (past site chrome and kind labels); the date is a dateline
 * there or a labelled "Published:" line, never a date in the prose; the publisher is a body's
 * name standing on its own line, a "published by" phrase, a copyright line, or the body the
 * opening prose names (publisher.ts). The kind comes from the title zone, then from what the
 * document says of itself, then from its layout and vocabulary. Each rule describes how such
 * documents are written in general, never one document.
 */
import type { DocumentKind } from '../../shared/extraction-report.ts';
import { datesIn } from './dates.ts';
import type { StructuredBlock } from './structure.ts';
import { acronymBody, authorshipName, bodyLine, localBodies } from './publisher.ts';
import { subjectsIn } from './subjects.ts';
import { wordCount } from './text.ts';

export interface DocumentMeta {
  title: string | null;
  publisher: string | null;
  date: string | null;
  kind: DocumentKind;
}

interface Line {
  text: string;
  kind: StructuredBlock['block']['kind'];
}

// ---- Lines ----------------------------------------------------------------------------------------

const NAVIGATION =
  /^(skip to (main )?content|main menu|menu|home|search|back( to .*)?|print( this page)?|share( this( page)?)?|cookies?.*|accessibility|you are here\b.*|breadcrumbs?|jump to .*|toggle .*|official(-sensitive)?|confidential|restricted|not protectively marked|draft|final( draft| version)?|version \d.*|v\d[\d.]*)$/i;
const LABEL_ONLY =
  /^(published( on| date)?|posted( on)?|dated?( published)?|publication date|date of publication|issued( on)?|last (updated|reviewed|modified)|updated( on)?|year|author|authors|written by|document resources|resources|downloads?|related (documents|links|pages|content)|contents|table of contents|on this page|in this section|page \d+( of \d+)?)\s*:?$/i;
/** Labels whose date is the document's own: not "Last updated" or "Review date". */
const DATE_LABEL =
  /^(published( on| date)?|posted( on)?|dated?( published)?|publication date|date of publication|issued( on)?|year)\s*:?$/i;
/** "Author: ...", "Report to: ...": a field of a cover sheet, not a title. */
const FIELD =
  /^report to\b|^(author|authors|written by|prepared by|presented by|date of meeting|meeting date|agenda item|item( no\.?)?|contact|lead officer|year|date|by|status|classification)\s*:/i;
/** Section headings that open a document's body, never its title. */
const SECTION =
  /^((\d+(\.\d+)*\.?\s+(?!(minutes?|min|days?|weeks?|months?|years?|steps?|things|ways|questions)\b)|[IVX]+\.\s|section \d+|part \d+|chapter \d+|appendix\b)|(introduction|purpose|background|context|foreword|preface|contents|summary|key findings|findings|recommendations|methodology|method|glossary|acknowledg\w*|the incident|about (this|the|us)\b.*)\s*:?$)/i;
/** Words that a document's own title uses: its subject, its kind, its cases. */
const DOC_WORDS =
  /\b(reviews?|briefings?|briefs?|learning|lessons|reports?|case|cases|child|children|infants?|baby|babies|young (people|person)|adults?|safeguarding|scrs?|csprs?|cprs?|sars?|dhrs?|publications?|guides?|leaflets?|summary|summaries|analysis|response|action plan|practice|harm|abuse|neglect|deaths?|protection|themes?|findings)\b/i;
/** A line that only names a kind of document ("RESEARCH BRIEFING"): a label above the title. */
const KIND_LABEL =
  /^(((practice|research|learning|safeguarding|multi-agency)\s+){0,2}(briefing|brief|bulletin|newsletter|leaflet)|(7|seven)[- ]minute briefing|(one|1|7|seven)[- ]minute guide|executive summary|overview report|board report|presentation)s?( for [\w ,&'’-]+)?$/i;
/** Site sections above a page heading ("National case review repository", "Our training and resources"). */
const SITE_SECTION =
  /\b(repository|library|resources|news|training|events|archive|database|hub|portal|website)$/i;

/** The words of a line less its dates and the punctuation around them. */
function withoutDates(text: string): string {
  let t = text;
  for (const d of datesIn(text).reverse()) t = t.slice(0, d.index) + ' ' + t.slice(d.end);
  return t.replace(/^[\s,.:;|–—-]+|[\s,.:;|–—-]+$/g, '').trim();
}

/** A line that is only a date, perhaps labelled: "June 2019", "Published: 3 March 2021". */
function isDateLine(text: string): boolean {
  return datesIn(text).length > 0 && (withoutDates(text) === '' || LABEL_ONLY.test(withoutDates(text)));
}

/**
 * Content: a table row, a list item longer than a menu entry ("- Home", "- Our reviews"), a
 * paragraph with a sentence's length and stop, or any long block.
 */
function isBody(line: Line): boolean {
  if (line.kind === 'heading') return false;
  const words = wordCount(line.text);
  if (line.kind === 'table-row' || (line.kind === 'list-item' && words >= 4)) return true;
  // A byline that closes on its date ("Published by the Kestrelford SCP, May 2024.") is not prose.
  const last = datesIn(line.text).at(-1);
  if (last && words <= 16 && /^[\s.)_*]*$/.test(line.text.slice(last.end))) return false;
  return words > 32 || (words >= 8 && /[.!?]["'’”)]*$/.test(line.text));
}

/** The short lines before the first prose, list, table or lead-in (at most 12). */
function titleZone(lines: Line[]): Line[] {
  const zone: Line[] = [];
  for (const line of lines) {
    if (isBody(line) || zone.length >= 12) break;
    // A lead-in ("This presentation sets out:") opens the content.
    if (/:$/.test(line.text) && wordCount(line.text) >= 3) break;
    zone.push(line);
  }
  return zone;
}

// ---- Title --------------------------------------------------------------------------------------

/** Two short lines that may be one name broken over two lines (a logo's words). */
function pairable(a: Line, b: Line): boolean {
  return (
    wordCount(a.text) <= 5 && wordCount(b.text) <= 5 && !NAVIGATION.test(a.text) && !NAVIGATION.test(b.text)
  );
}

/** Indexes of zone lines that are a body's name, alone or split over two lines. */
function publisherLines(zone: Line[]): Set<number> {
  const found = new Set<number>();
  zone.forEach((line, i) => {
    if (bodyLine(line.text)) found.add(i);
    const next = zone[i + 1];
    if (next && pairable(line, next) && bodyLine(`${line.text} ${next.text}`)) {
      found.add(i);
      found.add(i + 1);
    }
  });
  return found;
}

function titleCandidate(text: string): boolean {
  const t = text.trim();
  return (
    t.length >= 3 &&
    t.length <= 220 &&
    wordCount(t) <= 30 &&
    !(wordCount(t) >= 8 && /[.!?]["'’”)_*]*$/.test(t)) &&
    !NAVIGATION.test(t) &&
    !/\s[|>»]\s|\s\/\s.*\s\/\s/.test(t) &&
    !LABEL_ONLY.test(t) &&
    !FIELD.test(t) &&
    !/[:]$/.test(t) &&
    !SECTION.test(t) &&
    !isDateLine(t) &&
    !/^(https?:\/\/|www\.)|\.(pdf|docx?|html?|pptx?)$/i.test(t)
  );
}

/** Joins a title written over two lines: "Learning from reviews" + "Child K"; "... pathways to" + "protection". */
function joinTitle(first: string, next: string | undefined): string {
  if (!next || !titleCandidate(next) || isDateLine(next)) return first;
  const subject = subjectsIn(next)[0];
  if (
    subject &&
    subject.index === 0 &&
    subject.subject.length === next.trim().length &&
    !first.includes(subject.subject)
  )
    return `${first}: ${next.trim()}`;
  if (/(\b(of|and|for|in|to|the|on|from|with|into|a|an)|[–—:,-])$/i.test(first) || /^[a-z]/.test(next))
    return `${first} ${next.trim()}`.replace(/\s+/g, ' ');
  return first;
}

function titleFromZone(zone: Line[], skip: Set<number>): string | null {
  // A cover sheet's field: "Title: Learning from reviews 2023".
  const field = zone.map((l) => /^title\s*:\s*(.{3,})$/i.exec(l.text)?.[1]).find(Boolean);
  if (field) return field.trim();
  const candidates = zone
    .map((l, i) => ({ l, i }))
    .filter(({ l, i }) => !skip.has(i) && l.kind !== 'list-item' && titleCandidate(l.text));
  // Site chrome ends at a site section line that has a page heading under it.
  const section = candidates.findLastIndex(
    ({ l }, k) => SITE_SECTION.test(l.text) && k < candidates.length - 1,
  );
  const named = candidates.filter(({ l }, k) => k > section && DOC_WORDS.test(l.text));
  const joined = (c: { l: Line; i: number }) =>
    joinTitle(c.l.text.trim(), skip.has(c.i + 1) ? undefined : zone[c.i + 1]?.text);
  const pick = named[0] ?? candidates[0];
  if (!pick) return null;
  // A kind label over a more specific title: "RESEARCH BRIEFING" then the study's name (but
  // "7 Minute Briefing" over "Child H" is one title).
  const title = joined(pick);
  if (title === pick.l.text.trim() && KIND_LABEL.test(withoutDates(title))) {
    const after = named.find(({ l, i }) => i > pick.i && !KIND_LABEL.test(withoutDates(l.text)));
    if (after) return joined(after);
  }
  return title;
}

/** A title from the file's metadata, unless it is a file name, a URL or a program's default. */
function usableMetaTitle(metaTitle: string | null): string | null {
  const t = metaTitle?.replace(/\s+/g, ' ').trim();
  if (!t || t.length < 4) return null;
  if (/^(https?:\/\/|www\.)|\.(pdf|docx?|html?|pptx?|rtf|odt)$|^[\w.-]*[_-][\w.-]*$|[\\/]/i.test(t))
    return null;
  if (
    /^(microsoft (word|powerpoint)|untitled|document\d*|presentation\d*|powerpoint presentation|slide \d+|title)\b/i.test(
      t,
    )
  )
    return null;
  // A page title often ends with the site's name: "Learning from Child K | Kestrelford SCP".
  return t.split(/\s+[|–—]\s+/)[0]?.trim() || null;
}

// ---- Date ---------------------------------------------------------------------------------------

/** A dateline in the title zone, or a labelled publication date in the head. */
function documentDate(zone: Line[], head: Line[]): string | null {
  // Several date lines with different dates mark the entries of a list of news or briefings.
  const standalone = head.filter((l) => isDateLine(l.text)).map((l) => datesIn(l.text)[0]?.date);
  const listing = standalone.length >= 3 && new Set(standalone).size >= 2;
  for (const line of zone) {
    const dates = datesIn(line.text);
    // One date, standing alone or set off at the start or end of a short line ("Briefing - July 2017").
    if (dates.length !== 1 || wordCount(line.text) > 16) continue;
    const d = dates[0] as { date: string; index: number; end: number };
    const rest = withoutDates(line.text);
    const alone = rest === '' || DATE_LABEL.test(rest);
    const setOff =
      /(^|[,|–—:-]\s*|\s[-–—]\s*|\b(published|posted|issued|dated)( on)?\s+)$/i.test(
        line.text.slice(0, d.index),
      ) && /^\s*[._*)]*\s*$/.test(line.text.slice(d.end));
    const lead = d.index === 0 && /^\s*[,|–—:-]/.test(line.text.slice(d.end));
    const otherLabel = LABEL_ONLY.test(rest) && !DATE_LABEL.test(rest);
    if ((alone || setOff || lead) && !listing && !otherLabel) return d.date;
  }
  for (const line of head) {
    const m =
      /^(?:published(?: on)?|date(?: published| of publication)?|publication date|issued|year)\s*:?\s*(.+)$/i.exec(
        line.text.trim(),
      );
    if (!m?.[1]) continue;
    const date = datesIn(m[1])[0]?.date;
    if (date && withoutDates(m[1]) === '') return date;
    if (/^(19|20)\d{2}$/.test(m[1].trim())) return m[1].trim();
  }
  return null;
}

// ---- Kind ---------------------------------------------------------------------------------------

/** Explicit kind names, as a title or a subtitle writes them. */
const TITLE_KINDS: [RegExp, DocumentKind][] = [
  [/\b(7|seven)[- ]minute briefing\b(?!s)/i, 'seven-minute-briefing'],
  [/\bresearch (briefing|summary)\b|\b(triennial|biennial) (analysis|review)\b/i, 'research-briefing'],
  [
    /\b(a |the )?response (from|of|by|to)\b|\baction plan\b|\b(board|partnership|lscb|scp)['’]?s? response\b/i,
    'board-response',
  ],
  [
    /\b(learning|practice|safeguarding|review) (briefing|brief|leaflet|bulletin)\b|\b(one|1|7|seven)[- ]minute guide\b|\blearning (points|summary|note)\b/i,
    'learning-briefing',
  ],
  [/\bpresentation\b|\bslide (pack|deck)\b/i, 'presentation'],
  [
    /\breport to:?\s+(the )?([A-Z][\w'’-]* )*(board|partnership|executive|committee)\b|\bboard report\b/i,
    'board-report',
  ],
  [/\bexecutive summary\b/i, 'executive-summary'],
  [/\boverview report\b/i, 'overview-report'],
  [/\bcase summary\b/i, 'case-summary'],
];

/** What the document says it is: "This presentation sets out", "the purpose of this briefing". */
const SELF_KINDS: [RegExp, DocumentKind][] = [
  [/\bthis (7|seven)[- ]minute briefing\b/i, 'seven-minute-briefing'],
  [/\bthis (presentation|slide pack|slide deck)\b/i, 'presentation'],
  [
    /\bthis (research|study)\b|\bresearch (was|has been|is) (conducted|carried out|undertaken)\b/i,
    'research-briefing',
  ],
  [/\bthis (response|action plan)\b/i, 'board-response'],
  [/\bthis (learning |practice )?(briefing|brief|leaflet|bulletin|newsletter|guide)\b/i, 'learning-briefing'],
  [
    /\b(board|partnership) members\b|\b(members|board) (is|are) (asked|invited) to\b|\breport to (the )?board\b/i,
    'board-report',
  ],
  [/\bthis executive summary\b/i, 'executive-summary'],
  [/\bthis overview report\b/i, 'overview-report'],
];

/** What a document's head talks about, when it says nothing of itself (weakest evidence). */
const HEAD_KINDS: [RegExp, DocumentKind][] = [
  [
    /\blearning points?\b|\bkey learning\b|\blessons (were|have been|to be) (identified|learn\w*)\b|\blearning from .{0,40}\breviews?\b/i,
    'learning-briefing',
  ],
  [/\b(briefing|learning brief)\b/i, 'learning-briefing'],
  [/\bexecutive summary\b/i, 'executive-summary'],
  [/\boverview report\b/i, 'overview-report'],
];

/** A statement that a review is (being) published: a news item, a publication notice. */
const PUBLISHING =
  /\b(will|to) publish\b|\bpublish(es)? (today|the|its|a|an)\b|\btoday,? (we|the [\w ]{2,60}) publish|\b(has|have) (now |today |just )?(been )?published\b|\b(is|are) (now |today )?published\b/i;
/** A page that lists documents: "7 Minute Briefings", "Case Review Learning Leaflets", "SCR Publications". */
const COLLECTION =
  /^(?!.*\b(from|of|into|on|for|in|about|to|with)\b)[^:]{0,60}\b(briefings|leaflets|reviews|reports|publications|guides|briefs|summaries|bulletins|newsletters|repository|library|archive|register|index|database)$|^search results\b/i;
/** A summary of one review that opens with the review itself: "Serious case review into the death of ...". */
const REVIEW_OPENING =
  /^((local|national|thematic|serious|child|safeguarding|practice|learning|case|adults?|domestic|homicide|extended|concise|multi-agency|partnership|significant|management|rapid)\s+)+reviews?\s*(\([A-Z]+\)\s*)?(into|of|based on|concerning|following|regarding|relating to|in relation to|after|about)\b/i;

function firstKind(rules: [RegExp, DocumentKind][], text: string): DocumentKind | null {
  for (const [re, k] of rules) if (re.test(text)) return k;
  return null;
}

function documentKind(
  textLength: number,
  title: string | null,
  zone: Line[],
  lines: Line[],
  blocks: StructuredBlock[],
): DocumentKind {
  const plainTitle = (title ?? '').replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (/\bpublications?\b|\bpublish(es|ed|ing)?\b/i.test(plainTitle) || COLLECTION.test(plainTitle))
    return 'other';
  const zoneText = zone.map((l) => l.text).join('\n');
  const fromTitle = firstKind(TITLE_KINDS, zoneText);
  if (fromTitle) return fromTitle;
  const body = lines.filter(isBody);
  const lead = body
    .slice(0, 4)
    .map((l) => l.text)
    .join('\n');
  // What the document says it is outweighs what it says was published.
  const self = firstKind(
    SELF_KINDS,
    lines
      .slice(0, 12)
      .map((l) => l.text)
      .join('\n'),
  );
  if (self) return self;
  if (PUBLISHING.test(lead)) return 'other';
  const first = lines[0];
  if (first && first.kind !== 'heading' && isBody(first) && REVIEW_OPENING.test(first.text))
    return 'case-summary';
  // Slide packs carry the deck's title, which names the case or the review, on every slide.
  const running = new Map<string, number>();
  for (const b of blocks) {
    if (b.block.kind !== 'heading' || wordCount(b.text) < 3) continue;
    if (!subjectsIn(b.text).length && !/\breview\b/i.test(b.text)) continue;
    const key = b.text.split(/\s+/).slice(0, 4).join(' ').toLowerCase();
    running.set(key, (running.get(key) ?? 0) + 1);
  }
  if ([...running.values()].some((n) => n >= 3)) return 'presentation';
  // A long document titled as a review is the review's own report.
  if (textLength >= 30000 && /\b(review|scr|cspr|cpr|sar|dhr)\b/i.test(title ?? '')) return 'overview-report';
  return (
    firstKind(
      HEAD_KINDS,
      lines
        .slice(0, 30)
        .map((l) => l.text)
        .join('\n'),
    ) ?? 'other'
  );
}

// ---- The document -------------------------------------------------------------------------------

function documentPublisher(zone: Line[], head: Line[], fullText: string): string | null {
  for (const [i, line] of zone.entries()) {
    const name = bodyLine(line.text);
    if (name) return name;
    const next = zone[i + 1];
    if (next && pairable(line, next)) {
      const pair = bodyLine(`${line.text} ${next.text}`);
      if (pair) return pair;
    }
  }
  const prose = head
    .filter((l) => !NAVIGATION.test(l.text) && !/\s[|>»]\s/.test(l.text))
    .map((l) => l.text)
    .join('\n');
  const tail = fullText.slice(-2500);
  return (
    authorshipName(prose) ??
    authorshipName(tail) ??
    localBodies(prose)[0]?.name ??
    acronymBody(prose) ??
    tail
      .split('\n')
      .map((l) => bodyLine(l.replace(/[#*]/g, '').trim()))
      .find((n) => n !== null) ??
    null
  );
}

/** Title, publisher, date and kind of the document. */
export function extractMeta(
  blocks: StructuredBlock[],
  fullText: string,
  metaTitle: string | null,
): DocumentMeta {
  // Block texts are already single-spaced (blocks.ts normaliseInline), table rows apart.
  const single = (b: StructuredBlock) =>
    b.block.kind === 'table-row' ? b.text.replace(/\s+/g, ' ').trim() : b.text;
  const lines: Line[] = blocks.slice(0, 60).map((b) => ({ text: single(b), kind: b.block.kind }));
  let chars = 0;
  const head = lines.filter((l) => (chars += l.text.length) <= 3500 || chars - l.text.length === 0);
  const zone = titleZone(lines);
  // A line printed on every page (a running header or footer) is not the title.
  const seen = new Map<string, number>();
  for (const b of blocks) {
    if (b.text.length > 200) continue;
    const key = single(b);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const skip = publisherLines(zone);
  zone.forEach((l, i) => {
    if ((seen.get(l.text) ?? 0) >= 3) skip.add(i);
  });
  const title = titleFromZone(zone, skip) ?? usableMetaTitle(metaTitle);
  return {
    title,
    publisher: documentPublisher(zone, head, fullText),
    date: documentDate(zone, head),
    kind: documentKind(fullText.length, title, zone, lines, blocks),
  };
}
