/**
 * The reviews a document reports on, and what it says about each child: age, sex, outcome, the
 * review type, agencies involved, other reviews it points to, and dated events of the case.
 * Facts come only from text about the case (its summary, its history, sentences naming it),
 * never from recommendations or national context.
 */
import type { ExtractedReview, ReviewType } from '../../shared/extraction-report.ts';
import { firstDate, parseDeadline } from './dates.ts';
import type { Frame, StructuredBlock } from './structure.ts';
import {
  isPluralSubject,
  splitJoined,
  subjectInHeading,
  subjectKey,
  subjectsIn,
  subjectsInSentence,
} from './subjects.ts';
import { sentences, wordCount } from './text.ts';
import { REVIEW_TYPE_RULES, reviewTypeOf } from './vocabulary.ts';

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};
const NUM = String.raw`(\d{1,3}(?:\.\d)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = String.raw`(day|week|month|year)s?`;
const AGE_PATTERNS = [
  new RegExp(
    String.raw`\b(?:aged|age of|at the age of|was|is|were)\s+(?:just\s+|only\s+|about\s+)?${NUM}[\s-]+${UNIT}(?:[\s-]+old)?\b`,
    'i',
  ),
  new RegExp(String.raw`\b${NUM}[\s-]${UNIT}[\s-]old\b`, 'i'),
  new RegExp(String.raw`\baged\s+${NUM}\b`, 'i'),
];

/** "11 weeks" -> 0.21 years; "three months" -> 0.25; "aged 13" -> 13. */
export function ageOf(text: string, maxYears = 25): { text: string; years: number } | null {
  for (const re of AGE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const raw = (m[1] ?? '').toLowerCase();
    const n = NUMBER_WORDS[raw] ?? Number(raw);
    const unit = (m[2] ?? 'year').toLowerCase();
    if (!Number.isFinite(n) || (unit === 'year' && n > maxYears)) continue;
    const years = unit === 'week' ? n / 52 : unit === 'month' ? n / 12 : unit === 'day' ? n / 365 : n;
    const words = m[2]
      ? `${m[1]} ${m[2].toLowerCase()}${n === 1 ? '' : 's'}`.replace(/ss$/, 's')
      : `${m[1]} years`;
    return { text: words, years: Math.round(years * 100) / 100 };
  }
  return null;
}

const MALE = /\b(he|him|his|himself|boy|son|brother)\b/gi;
const FEMALE = /\b(she|her|hers|herself|girl|daughter|sister)\b/gi;
const DEATH =
  /\b(died|dies|death|dead|killed|murder(ed)?|manslaughter|suicide|fatal(ly)?|stillborn|life support)\b/i;
const HARM =
  /\b(injur(y|ies|ed)|fractur\w+|non-accidental|serious(ly)? harm(ed)?|harmed|abused|assault(ed)?|burns?|bruis\w+|haemorrhage\w*|neglect(ed)?|stab(bed|bing)?|overdose|brain damage)\b/i;
const CASE_TEXT_HEADING =
  /history|chronolog|timeline|summary of (the )?(case|involvement)|case summary|the family|background|what happened|the incident|circumstances|involvement|about (this|the) (review|case)|introduction/i;

/** The sentences about one subject: those naming it, and a following one that begins with a pronoun. */
function sentencesAbout(subject: string, texts: string[]): string[] {
  const id = /\s([A-Z]{2,3}\d{0,2}|[B-HJ-Z])$/.exec(subject)?.[1];
  const full = new RegExp(String.raw`\b${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\b(?![a-z])`, 'i');
  const bare = id ? new RegExp(String.raw`(^|[^\w'])${id}\b(?!\.\w)`) : null;
  const out: string[] = [];
  for (const text of texts) {
    const list = sentences(text);
    list.forEach((s, i) => {
      if (full.test(s) || (bare && bare.test(s))) {
        out.push(s);
        const next = list[i + 1];
        if (next && /^(he|she|his|her|they|their)\b/i.test(next)) out.push(next);
      }
    });
  }
  return out;
}

const ADULT =
  /\b(mother|father|step-?father|step-?mother|partner|parents?|grandmother|grandfather|grandparents?|carers?|mum|dad|aunt|uncle)\b/i;
const KIN_POSSESSIVE =
  /\b(his|her)\s+(?:\w+\s+)?(mother|father|parents?|family|siblings?|brothers?|sisters?|carers?|grandmother|grandfather|half-sibling)\b/gi;

/**
 * The child's sex from pronouns, counting only those likely to mean the child: a sentence whose
 * subject is an adult ("Mother had...", and a "She had..." after it) is skipped, except for a
 * possessive before a kin word ("his parents", "Her parents"), which points at the child.
 */
function sexOf(texts: string[]): 'male' | 'female' | null {
  let male = 0;
  let female = 0;
  const count = (s: string) => {
    male += s.match(MALE)?.length ?? 0;
    female += s.match(FEMALE)?.length ?? 0;
  };
  for (const text of texts) {
    let adultBefore = false;
    for (const s of sentences(text)) {
      const opening = s.split(/\s+/).slice(0, 4).join(' ');
      const adultSubject = ADULT.test(opening) && !/^(his|her)\b/i.test(opening);
      if (adultSubject || (adultBefore && /^(he|she)\b/i.test(s))) {
        for (const m of s.matchAll(KIN_POSSESSIVE)) count(m[1] ?? '');
        adultBefore = true;
        continue;
      }
      adultBefore = false;
      count(s);
    }
  }
  if (male === female) return null;
  return male > female ? 'male' : 'female';
}

function outcomeOf(texts: string[]): 'death' | 'serious-harm' | null {
  const text = texts.join(' ');
  if (DEATH.test(text) && !/\bsurvived\b/i.test(text)) return 'death';
  if (HARM.test(text) || /\bsurvived\b/i.test(text)) return 'serious-harm';
  return null;
}

/** The review type the document names most often: its default for cases that do not say. */
function dominantType(text: string): ReviewType | null {
  let best: ReviewType | null = null;
  let most = 0;
  for (const [re, type] of REVIEW_TYPE_RULES) {
    const n =
      text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))?.length ?? 0;
    if (n > most) [best, most] = [type, n];
  }
  return best;
}

const CROSS_REFERENCE =
  /\((?:see\s+(?:also\s+)?)?((?:[A-Z][a-z]+\s+){0,3}(?:Cases?|Child|Baby)\s+[A-Z]{1,3}(?:\s*(?:&|and|,)\s*[A-Z]{1,3})*(?:\s+(?:SCRs?|CSPRs?|LCSPRs?|[Rr]eviews?))?)\)|\bsee\s+(?:also\s+)?((?:[A-Z][a-z]+\s+){0,3}(?:Cases?|Child|Baby)\s+[A-Z]{1,3}(?:\s*(?:&|and)\s*[A-Z]{1,3})*(?:\s+(?:SCRs?|CSPRs?|LCSPRs?|[Rr]eviews?))?)/g;

const WHEN =
  /^(?:(?:in|by|during|from|on|at|early|late|mid|the end of)\s+)*((?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+'?\d{2,4}(?:\s+(?:to|-|–)\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?'?\d{2,4})?|(?:19|20)\d{2}(?:\s*(?:to|-|–)\s*(?:19|20)\d{2})?)\b[,:]?/i;

export interface ReviewPass {
  reviews: ExtractedReview[];
  /** The review each case frame belongs to, by frame id. */
  subjectOfFrame: Map<number, string>;
}

/** Finds the reviews and their facts. `agencies` come from the item pass (agency lead-in lists). */
export function extractReviews(
  blocks: StructuredBlock[],
  fullText: string,
  title: string | null,
  agencies: { name: string; caseFrame: Frame | null }[],
): ReviewPass {
  const order: string[] = [];
  const bySubject = new Map<string, { subject: string; frames: Frame[]; span: [number, number] | null }>();
  const subjectOfFrame = new Map<number, string>();
  const add = (joined: string, frame: Frame | null, span: [number, number] | null) => {
    const parts = splitJoined(joined, fullText);
    if (parts.length > 1) {
      // Each review of a joined heading ("SCR S & SCR D") is its own; the text under it is both's.
      for (const part of parts) {
        const at = span ? fullText.indexOf(part, span[0]) : -1;
        add(part, null, at >= 0 ? [at, at + part.length] : null);
      }
      return;
    }
    const subject = joined;
    const key = subjectKey(subject);
    let entry = bySubject.get(key);
    if (!entry) {
      entry = { subject, frames: [], span };
      bySubject.set(key, entry);
      order.push(key);
    }
    if (frame) {
      entry.frames.push(frame);
      subjectOfFrame.set(frame.id, entry.subject);
    }
  };
  for (const b of blocks) {
    const f = b.frame;
    if (f?.kind.type === 'case')
      add(f.kind.subject, f, [f.kind.subjectStart, f.kind.subjectStart + f.kind.subject.length]);
  }
  if (title) {
    const named = subjectInHeading(title);
    if (named) add(named.subject, null, null);
  }
  // The document's opening lines name its case even when they are no heading of their own:
  // "Child N: the partnership's response to the review", "Publication of ...: CPR KES 3".
  const opening = blocks.slice(
    0,
    Math.max(
      4,
      blocks.findIndex((b) => b.ctx.role !== null && b.ctx.role !== 'skip'),
    ),
  );
  for (const b of opening.slice(0, 8)) {
    if (b.block.kind === 'table-row') continue;
    const named = subjectInHeading(b.text);
    // A heading, a line that starts with the case, or the document's first line if it is a title.
    const titleLine = b === blocks[0] && wordCount(b.text) <= 16 && !/[.!?]$/.test(b.text);
    if (named && (b.block.kind === 'heading' || named.index === 0 || titleLine)) {
      const at = b.block.start + named.index;
      add(named.subject, null, [at, at + named.subject.length]);
    }
  }
  for (const b of blocks) {
    // A list of the cases ("Child E, a 15-year-old boy, was ..."), or a register with a row per review.
    const lead =
      b.block.kind === 'table-row'
        ? leadingSubject(b.text.slice(0, (b.block.cells[0]?.end ?? b.block.start) - b.block.start), true)
        : b.ctx.role === 'cases' && b.block.kind !== 'heading'
          ? leadingSubject(b.text, false)
          : null;
    if (lead) {
      const at = b.block.start + b.text.indexOf(lead);
      add(lead, null, [at, at + lead.length]);
    }
  }
  // Cases a sentence introduces: "a baby referred to as Stephen", "her baby, Darryll, was ...".
  for (const b of blocks) {
    if (b.block.kind !== 'paragraph' && b.block.kind !== 'list-item') continue;
    for (const m of subjectsInSentence(b.text)) {
      const at = b.block.start + m.index;
      add(m.subject, null, [at, at + m.subject.length]);
    }
  }

  const single = order.length === 1;
  const docType = dominantType(fullText);
  const reviews = order.map((key): ExtractedReview => {
    const entry = bySubject.get(key) as { subject: string; frames: Frame[]; span: [number, number] | null };
    const frameIds = new Set(entry.frames.map((f) => f.id));
    // The case's own description: blocks under its case heading that are not learning lists.
    // The case's own description: the prose under its case heading (lists there are learning points).
    const own = blocks.filter(
      (b) => b.ctx.caseFrame && frameIds.has(b.ctx.caseFrame.id) && b.block.kind === 'paragraph',
    );
    const history = single
      ? blocks.filter(
          (b) =>
            b.block.kind !== 'heading' &&
            b.ctx.frames.some((f) => CASE_TEXT_HEADING.test(f.text) && f.kind.type !== 'single'),
        )
      : [];
    const everywhere = blocks
      .filter((b) => b.block.kind !== 'heading' && b.block.kind !== 'table-row')
      .map((b) => b.text);
    // A case in a list of cases is described by its own section; the one case of a whole document
    // by its background or history sections and the sentences that name it.
    const described = single ? history : own;
    const caseTexts = described.map((b) => b.text);
    const about = sentencesAbout(entry.subject, single || own.length === 0 ? everywhere : caseTexts);
    const plural = isPluralSubject(entry.subject);
    // Adults' reviews (SAR, DHR) give adult ages; in a child's review an age over 25 is a parent's.
    const maxYears = /^(adult|mr|mrs|ms)\b/i.test(entry.subject) ? 120 : 25;
    // Only sentences naming the case give the one case's age: its history also gives parents' ages.
    const age = plural
      ? null
      : (ageOf(about.join(' '), maxYears) ?? (single ? null : ageOf(caseTexts.join(' '), maxYears)));
    const headingText = entry.frames.map((f) => f.text).join(' ');
    const typeText = [headingText, ...own.slice(0, 2).map((b) => b.text)].join(' ');
    return {
      subject: entry.subject,
      review_type: reviewTypeOf(headingText) ?? reviewTypeOf(typeText) ?? docType,
      child: {
        age_text: age?.text ?? null,
        age_years: age?.years ?? null,
        sex: plural
          ? null
          : sexOf([...own.map((b) => b.text), ...about.filter((x) => !own.some((b) => b.text.includes(x)))]),
        outcome: outcomeOf([...caseTexts, ...about]),
      },
      agencies: [
        ...new Set(
          agencies.filter((a) => (a.caseFrame ? frameIds.has(a.caseFrame.id) : single)).map((a) => a.name),
        ),
      ],
      span: entry.span,
      cross_references: crossReferences(blocks, (b) =>
        b.ctx.caseFrame ? frameIds.has(b.ctx.caseFrame.id) : single,
      ),
      chronology: chronology(
        single ? history : own.filter((b) => b.ctx.role !== null || b.block.kind === 'list-item'),
      ),
    };
  });
  return { reviews, subjectOfFrame };
}

/**
 * The subject a case's own line starts with: "Child E, a 15-year-old boy, ...", "Baby N (aged
 * 3 months) ...", or a register's first cell that is only a subject.
 */
function leadingSubject(raw: string, wholeCell: boolean): string | null {
  // "2.1 Child E, a 15-year-old boy, ..." when the reader kept the paragraph's number as text.
  const text = raw.replace(/^\d+(?:\.\d+)*\.?\s+/, '');
  const m = subjectsIn(text)[0];
  if (!m || m.index !== 0) return null;
  if (wholeCell) return text.trim() === m.subject ? m.subject : null;
  return /^[,:(–—-]|^\s+(?:was|is|had|has|died|aged|who)\b/.test(text.slice(m.subject.length))
    ? m.subject
    : null;
}

function crossReferences(
  blocks: StructuredBlock[],
  inScope: (b: StructuredBlock) => boolean,
): { target: string; span: [number, number] }[] {
  const found = new Map<string, { target: string; span: [number, number] }>();
  for (const b of blocks) {
    if (!inScope(b)) continue;
    for (const m of b.text.matchAll(CROSS_REFERENCE)) {
      const target = (m[1] ?? m[2] ?? '').replace(/\s+/g, ' ').trim();
      const at = b.block.start + (m.index ?? 0) + m[0].indexOf(target);
      if (target && !found.has(target.toLowerCase()))
        found.set(target.toLowerCase(), { target, span: [at, at + target.length] });
    }
  }
  return [...found.values()];
}

/** Dated events of a case history: each bullet or paragraph that starts with a date or period. */
function chronology(blocks: StructuredBlock[]): NonNullable<ExtractedReview['chronology']> {
  const events: NonNullable<ExtractedReview['chronology']> = [];
  for (const b of blocks) {
    const m = WHEN.exec(b.text);
    const heading = [...b.ctx.frames].reverse().find((f) => /\b(19|20)\d{2}\b/.test(f.text));
    const when =
      m?.[1] ??
      (heading ? /((?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)/.exec(heading.text)?.[1] : undefined);
    if (!when) continue;
    const date = firstDate(when) ?? parseDeadline(when.split(/\s+(?:to|-|–)\s+/)[0]);
    events.push({
      when,
      date: date && /^\d{4}(-\d{2}){0,2}$/.test(date) ? date : null,
      text: b.text,
      span: [b.block.start, b.block.end],
    });
  }
  return events;
}
