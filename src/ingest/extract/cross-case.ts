/**
 * Cross-case statements: what a document about several reviews says holds across them ("In 3 out
 * of the 4 SCRs there was a domestic abuse component", "Neglect featured in five of the seven
 * reviews", "All of the reviews identified poor information sharing", "In two of the SCRs ...").
 * Each is kept with its span, its stated count (a numerator, a denominator when stated, or a
 * quantifier: all, each, most, some, none), the reviews it names, and the reviews it applies to:
 * those it names, or for all/each every review of the document; otherwise none, and the count
 * stays the document's own statement. Themes are added by the caller (the coder). Pure.
 */
import type { DocumentCoding, RuleCoder } from '../../classify/coder.ts';
import type { StructuredBlock } from './structure.ts';
import { sentences } from './text.ts';

export const QUANTIFIERS = ['all', 'each', 'most', 'some', 'none'] as const;
export type Quantifier = (typeof QUANTIFIERS)[number];

export interface StatementCount {
  numerator: number | null;
  denominator: number | null;
  quantifier: Quantifier | null;
}

export interface CrossCaseStatement {
  text: string;
  span: [number, number];
  count: StatementCount;
  /** The review subjects the sentence names. */
  reviews: string[];
  /** The reviews its themes attach to: those named, or every review for all/each; else none. */
  applies_to: string[];
}

/** A stretch of the document's text to look in (a block), with its offset. */
export interface TextUnit {
  text: string;
  start: number;
}

const NUMBERS: Record<string, number> = {
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
const NUM = String.raw`(\d{1,3}|${Object.keys(NUMBERS).join('|')})`;
const numberOf = (raw: string): number => NUMBERS[raw.toLowerCase()] ?? Number(raw);

/** What a review is called when a document counts them: reviews, SCRs, CSPRs, cases, families. */
const REVIEWS = String.raw`(?:(?:serious |significant |local |national |rapid |child safeguarding |child practice |safeguarding |practice |partnership |learning |case management |thematic )*(?:case |practice )?reviews|SCRs|CSPRs|LCSPRs|CPRs|CMRs|SARs|DHRs|cases|case studies|reports)`;
const REVIEW_ONE = String.raw`(?:(?:serious |significant |local |rapid |child safeguarding |child practice |safeguarding |practice |partnership |learning |case management )*(?:case |practice )?review|SCR|CSPR|LCSPR|CPR|CMR|SAR|DHR|case)`;
/** Children counted across cases: only with "of the" or a number, never "all children" in general. */
const CHILDREN = String.raw`(?:children|infants|babies|young people|families)`;
const THE = String.raw`(?:the |these |those |our |this group of )?`;

interface CountRule {
  re: RegExp;
  count: (m: RegExpExecArray) => StatementCount;
}

const ratio = (m: RegExpExecArray): StatementCount => {
  const numerator = numberOf(m[1] ?? '');
  const denominator = numberOf(m[2] ?? '');
  return { numerator, denominator, quantifier: numerator === denominator ? 'all' : null };
};

/** The ways a count is written, most specific first. */
const COUNT_RULES: CountRule[] = [
  // "all but one of the reviews"
  {
    re: new RegExp(
      String.raw`\ball\s+but\s+${NUM}\s+(?:of\s+)?${THE}(?:${NUM}\s+)?(?:${REVIEWS}|${CHILDREN})\b`,
      'i',
    ),
    count: (m) => {
      const denominator = m[2] ? numberOf(m[2]) : null;
      return {
        numerator: denominator === null ? null : denominator - numberOf(m[1] ?? ''),
        denominator,
        quantifier: 'most',
      };
    },
  },
  // "3 out of the 4 SCRs", "five of the seven reviews", "two of the three children"
  {
    re: new RegExp(String.raw`\b${NUM}\s+(?:out\s+)?of\s+${THE}${NUM}\s+(?:${REVIEWS}|${CHILDREN})\b`, 'i'),
    count: ratio,
  },
  // "all four reviews", "each of the three cases", "both reviews", "none of the SCRs"
  {
    re: new RegExp(
      String.raw`\b(all|each|every|both|none|neither|most|the majority|a majority|many|several|some|(?:more than |over |just over |less than |under )?half|a number|a minority)(?:\s+(?:of\s+)?${THE}(?:${NUM}\s+)?(?:${REVIEWS}|${REVIEW_ONE})\b|\s+of\s+${THE}(?:${NUM}\s+)?${CHILDREN}\b)`,
      'i',
    ),
    count: (m) => {
      const word = (m[1] ?? '').toLowerCase();
      const stated = m[2] ? numberOf(m[2]) : m[3] ? numberOf(m[3]) : null;
      const pair = word === 'both' || word === 'neither' ? 2 : null;
      const quantifier: Quantifier =
        word === 'all' || word === 'both'
          ? 'all'
          : word === 'each' || word === 'every'
            ? 'each'
            : word === 'none' || word === 'neither'
              ? 'none'
              : /most|majority|many|more than|over/.test(word)
                ? 'most'
                : 'some';
      const denominator = stated ?? pair;
      return {
        numerator:
          quantifier === 'none'
            ? 0
            : (quantifier === 'all' || quantifier === 'each') && denominator
              ? denominator
              : null,
        denominator,
        quantifier,
      };
    },
  },
  // "In two of the SCRs", "three of these cases"
  {
    re: new RegExp(String.raw`\b${NUM}\s+of\s+${THE}(?:${REVIEWS}|${CHILDREN})\b`, 'i'),
    count: (m) => ({ numerator: numberOf(m[1] ?? ''), denominator: null, quantifier: null }),
  },
  // "In three reviews there was ...", "Four cases involved ..."
  {
    re: new RegExp(
      String.raw`(?:^|\bin\s+|\bacross\s+)${NUM}\s+(?:${REVIEWS})\b(?!\s+(?:were|have been|are|will be)\s+(?:published|commissioned|completed|undertaken|carried out|conducted))`,
      'i',
    ),
    count: (m) => ({ numerator: numberOf(m[1] ?? ''), denominator: null, quantifier: null }),
  },
];

/** A recommendation or a plan about reviews in general, not a statement of what held across them. */
const NOT_A_FINDING =
  /\b(publish\w*|publication|commissioned)\b|\b(should|must|ought to|needs? to|will need|recommend\w*|we will|is required|are required)\b|\b(each|every|all) (new |future )?(reviews?|cases?) (will|should|must|is|are) (be )?(published|commissioned|considered|shared|reported)/i;

/** "Child K and M", "Children K, L and M", "Cases P and Q": a list of review letters. */
const SUBJECT_LIST =
  /\b(?:Child(?:ren)?|Cases?|Bab(?:y|ies)|Infants?|Reviews?|SCRs?|CSPRs?|Famil(?:y|ies)|Young People|Young Person)\s+([A-Z]{1,3}\d{0,2}(?:\s*(?:,|and|&)\s*(?:(?:Child|Case|Baby|Infant)\s+)?[A-Z]{1,3}\d{0,2})*)\b(?![a-z])/g;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The subjects (of those the document reports on) that a sentence names. */
export function namedSubjects(sentence: string, subjects: string[]): string[] {
  const named = new Set<string>();
  for (const subject of subjects)
    if (new RegExp(String.raw`(^|[^\w])${escape(subject)}(?![\w])`, 'i').test(sentence)) named.add(subject);
  const idOf = (subject: string) => /\s([A-Z]{1,3}\d{0,2})$/.exec(subject)?.[1];
  for (const m of sentence.matchAll(SUBJECT_LIST)) {
    const ids = (m[1] ?? '')
      .split(/\s*(?:,|\band\b|&)\s*/)
      .map((x) => x.replace(/^(Child|Case|Baby|Infant)\s+/, ''));
    for (const subject of subjects) {
      const id = idOf(subject);
      if (id && ids.includes(id)) named.add(subject);
    }
  }
  return subjects.filter((s) => named.has(s));
}

/** The count a sentence states about the cases, if it states one. */
export function countIn(sentence: string): StatementCount | null {
  for (const rule of COUNT_RULES) {
    const m = rule.re.exec(sentence);
    if (m) return rule.count(m);
  }
  return null;
}

/**
 * Every cross-case statement in the units: a sentence that counts the cases ("three of the four
 * reviews", "each review", "all of the SCRs"), or that names two or more of the document's
 * reviews, and is not a recommendation. Documents about several reviews, or about none named (a
 * thematic or national analysis), have them; a document about one case does not.
 */
export function extractCrossCaseStatements(units: TextUnit[], subjects: string[]): CrossCaseStatement[] {
  // A document about one case has no cases to count across: its "in many cases" is general.
  if (subjects.length === 1) return [];
  const out: CrossCaseStatement[] = [];
  const seen = new Set<number>();
  for (const unit of units) {
    let cursor = 0;
    for (const sentence of sentences(unit.text)) {
      const at = unit.text.indexOf(sentence, cursor);
      const offset = at >= 0 ? at : cursor;
      cursor = offset + sentence.length;
      if (sentence.length < 15 || NOT_A_FINDING.test(sentence)) continue;
      const count = countIn(sentence);
      const named = namedSubjects(sentence, subjects);
      if (!count && named.length < 2) continue;
      const start = unit.start + offset;
      if (seen.has(start)) continue;
      seen.add(start);
      const every = count?.quantifier === 'all' || count?.quantifier === 'each';
      const whole =
        count !== null &&
        count.numerator !== null &&
        count.numerator === count.denominator &&
        count.denominator === subjects.length;
      out.push({
        text: sentence,
        span: [start, start + sentence.length],
        count: count ?? { numerator: named.length, denominator: null, quantifier: null },
        reviews: named,
        applies_to: named.length > 0 ? named : every || whole ? [...subjects] : [],
      });
    }
  }
  return out;
}

/** A statement with the themes it says hold: reference codes. */
export interface CodedStatement extends CrossCaseStatement {
  themes: string[];
}

const NOT_STATEMENT_ROLES = new Set(['recommendation', 'action', 'measure']);

/**
 * The document's cross-case statements with their themes: the reference codes whose evidence in
 * the document's coding falls inside the statement, and those the coder finds in its words alone.
 * A statement with no theme is left out (a count of reviews published says nothing that holds).
 */
export function codedStatements(
  blocks: StructuredBlock[],
  subjects: string[],
  coding: DocumentCoding,
  coder: RuleCoder,
): CodedStatement[] {
  const units = blocks
    .filter(
      (b) =>
        (b.block.kind === 'paragraph' || b.block.kind === 'list-item') &&
        !NOT_STATEMENT_ROLES.has(b.ctx.role ?? ''),
    )
    .map((b) => ({ text: b.text, start: b.block.start }));
  const found = extractCrossCaseStatements(units, subjects);
  if (found.length === 0) return [];
  // Every statement coded on its own words, in one pass: each one an item of a small document.
  let text = '';
  const spans: [number, number][] = found.map((s) => {
    if (text) text += '\n\n';
    const span: [number, number] = [text.length, text.length + s.text.length];
    text += s.text;
    return span;
  });
  const own = coder.codeDocument({
    text,
    blocks: spans.map(([start, end]) => ({ start, end, kind: 'paragraph', role: 'learning', headings: [] })),
    items: spans.map((span) => ({ kind: 'learning', span })),
  }).items;
  return found.flatMap((s, i): CodedStatement[] => {
    const themes = new Set<string>();
    for (const r of coding.reference)
      if (r.evidence.some((e) => e.weight > 0 && s.span[0] <= e.start && e.end <= s.span[1]))
        themes.add(r.key);
    for (const r of own[i] ?? []) if (r.reference) themes.add(r.reference);
    return themes.size ? [{ ...s, themes: [...themes].sort() }] : [];
  });
}
