/**
 * The rule-based theme coder. For a document it returns, for every code, the mentions that are
 * evidence (each a span with a weight and the reasons for that weight), a score, a confidence,
 * and whether the code is given; and the same for each extracted item.
 *
 * A mention's weight = the strength of the vocabulary entry (a term 1, a weak word 0.5)
 *   x where it stands (learning, findings, recommendations and themes 1; case descriptions and
 *     plain prose 0.8; measures 0.6; actions 0.5; purpose and method 0.5; references, links and
 *     contacts 0)
 *   x what surrounds it (negated 0 for presence codes; hedged 0.6; a bare entry in a generic list
 *     of factors 0.4; a line about sending out resources 0.5).
 * A code's score sums, over sentences, the strongest mention in each, so one sentence counts once.
 * A document is coded when the score reaches DOCUMENT_THRESHOLD: one clear statement in the
 * learning, or several lesser ones. The parameters are documented in docs/design/coding.md.
 */
import type { Codebook, CodeDef } from './codebook/codebook.ts';
import {
  ADDRESSES_THEMES,
  AGENCY_LEAD_IN,
  CASE_FACT,
  CASE_LABEL,
  CAUSES_LIST,
  GENERIC_LEAD_IN,
  GENERIC_SENTENCE,
  LEARNING_STATEMENT,
  PREDICTABILITY,
  THEME_LEAD_IN,
  isDissemination,
  presenceEffect,
} from './context.ts';
import { compileMatcher, type CompiledMatcher, type Mention, type MentionKind } from './matcher.ts';
import { firstContaining, linkSpans } from './spans.ts';
import {
  afterKeywordsLabel,
  inInlineThemeList,
  isNonLearningHeading,
  labelOf,
  pointerExtent,
} from './text-cues.ts';
import { analyse, type Analysis, type Token } from './nlp.ts';

export const RULES_VERSION = 'lantern-rules/1.1.0';
export const DOCUMENT_THRESHOLD = 1;
export const ITEM_THRESHOLD = 0.5;

const STRENGTH: Record<MentionKind | 'structure', number> = {
  term: 1,
  abbreviation: 1,
  near: 1,
  weak: 0.5,
  structure: 1,
};
const ITEM_WEIGHT: Record<string, number> = {
  finding: 1,
  lesson: 1,
  learning: 1,
  recommendation: 1,
  theme: 1,
  measure: 0.6,
  action: 0.5,
};
const ROLE_WEIGHT: Record<string, number> = ITEM_WEIGHT;
const CASE_PRACTICE_WEIGHT = 0.6;
const PROSE_WEIGHT = 0.8;
const PROCESS_WEIGHT = 0.5;
/**
 * A code needs an anchor: one mention at least this strong that is not a weak term, or strong
 * mentions in two sentences.
 */
const ANCHOR_WEIGHT = 0.6;
const HEDGE_LIST_WEIGHT = 0.4;
const DISSEMINATION_WEIGHT = 0.5;
/** A word on an indexing line ("Keywords: ...") names a topic: with other evidence it counts, alone it does not. */
const KEYWORD_WEIGHT = 0.5;

/** Sections about how the review was done: its purpose, scope and method. */
const PROCESS_HEADING =
  /\b(purpose|methodology|method|scope|terms of reference|introduction|background|what did we do|how (was )?the review|about (this|the) review|the review process)\b/i;
/** Headings and question labels that introduce learning ("What else did we find?", "Good practice"). */
const LEARNING_HEADING =
  /\b(what (did|else did|have) we (find|found|learn|learnt|learned)|what can (we|be) learn|what (we|was) (found|learned|learnt)|good practice|learning points?|key learning|lessons( learned| learnt)?|key findings|findings|messages for|themes for learning|what needs to change)\b/i;
/** Sections describing the case: its history, the family, the circumstances. */
const CASE_DESCRIPTION = /\b(cases?|history|family|chronology|timeline|circumstances|the child)\b/i;
const CONTACT_LINE =
  /\b(tel(ephone)?|phone|email|e-mail|contact)\b\s*[:.]?\s*[\d(+]|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b/i;

export interface CodingBlock {
  start: number;
  end: number;
  kind: 'heading' | 'paragraph' | 'list-item' | 'table-row';
  /** The section role the extractor gave the block (finding, recommendation, cases, skip ...). */
  role: string | null;
  /** The texts of the enclosing headings, outermost first. */
  headings: string[];
}

export interface CodingInput {
  text: string;
  blocks: CodingBlock[];
  items: { kind: string; span: [number, number] }[];
  /** The cases' children, for population codes (an infant, an adolescent). */
  children?: { ageYears: number | null; ageSpan: [number, number] | null }[];
  /** In a document about several reviews: the text that belongs to each case. */
  cases?: { subject: string; ranges: [number, number][] }[];
}

export interface Evidence {
  start: number;
  end: number;
  /** What matched: the vocabulary entry, or "age" for a child's stated age. */
  pattern: string;
  kind: MentionKind | 'structure';
  weight: number;
  /** Why the weight is what it is ("in a recommendation", "hedged ("may")"). */
  reasons: string[];
}

export interface CodeResult {
  /** Index into the codebook's codes. */
  code: number;
  key: string;
  reference: string | null;
  score: number;
  confidence: number;
  /** Sentences with positive evidence. */
  count: number;
  evidence: Evidence[];
}

export interface DocumentCoding {
  /** Codes given to the document, strongest first. */
  codes: CodeResult[];
  /** Codes with some evidence that fell short of the threshold: shown, never counted. */
  considered: CodeResult[];
  /** Per item (same order as the input items): the codes given to it. */
  items: CodeResult[][];
  /** Reference codes with their merged evidence, for the extraction report. */
  reference: CodeResult[];
  /** In a document about several reviews: each case's codes, from the text under its heading. */
  cases: { subject: string; codes: CodeResult[] }[];
}

export function confidenceOf(score: number): number {
  return Math.round((1 - 2 ** -score) * 1000) / 1000;
}

interface Weighed {
  m: Mention | null;
  code: number;
  sentence: number;
  start: number;
  end: number;
  pattern: string;
  kind: MentionKind | 'structure';
  /** Weight without the place it stands (for item coding). */
  own: number;
  /** Full weight in the document. */
  weight: number;
  ownReasons: string[];
  reasons: string[];
  item: number;
}

export class RuleCoder {
  readonly version = RULES_VERSION;
  /** Compiled on first use: a coder that only carries its codebook to a worker thread never pays for it. */
  private compiled: CompiledMatcher | null = null;
  /** For each code, the codes whose mentions count for it: itself and its descendants. */
  private readonly family: number[][];
  private readonly presence: boolean[];

  constructor(readonly codebook: Codebook) {
    const index = new Map(codebook.codes.map((c, i) => [c.key, i]));
    this.family = codebook.codes.map(() => []);
    codebook.codes.forEach((c, i) => {
      for (
        let at: CodeDef | undefined = c;
        at;
        at = at.parent ? codebook.codes[index.get(at.parent) ?? -1] : undefined
      )
        this.family[index.get(at.key) as number]?.push(i);
    });
    this.presence = codebook.codes.map((c) => c.polarity === 'presence');
  }

  /** Codes one item's text on its own (as if it were a finding). */
  codeText(text: string): CodeResult[] {
    const coding = this.codeDocument({
      text,
      blocks: [{ start: 0, end: text.length, kind: 'paragraph', role: 'learning', headings: [] }],
      items: [{ kind: 'learning', span: [0, text.length] }],
    });
    return coding.items[0] ?? [];
  }

  codeDocument(input: CodingInput, analysis: Analysis = analyse(input.text)): DocumentCoding {
    const { text, blocks, items } = input;
    const { tokens, sentences } = analysis;
    this.compiled ??= compileMatcher(this.codebook);
    const mentions = this.compiled.match(analysis, text);
    const links = linkSpans(text);
    const blockIndex = (offset: number) => lastAtOrBefore(blocks, offset);
    const itemOfMention = firstContaining(items, mentions);
    // Per block and per sentence facts, computed once: a block or sentence of a megabyte with
    // thousands of mentions in it made these tests cost the square of its length.
    const once = <K, V>(compute: (key: K) => V) => {
      const memo = new Map<K, V>();
      return (key: K): V => {
        if (!memo.has(key)) memo.set(key, compute(key));
        return memo.get(key) as V;
      };
    };
    const contactLine = once((b: number) => {
      const block = blocks[b] as CodingBlock;
      return CONTACT_LINE.test(text.slice(block.start, block.end));
    });
    const agencyEntry = once((b: number) => this.agencyListEntry(text, blocks, b));
    const underGenericLeadIn = once((b: number) => this.underGenericLeadIn(text, blocks, b));
    const sentenceRangeOf = (m: Mention): [number, number] =>
      sentences[m.sentence] ?? [m.firstToken, m.lastToken];
    const genericSentence = once((sentence: number) => {
      const range = sentences[sentence];
      return range
        ? GENERIC_SENTENCE.test(
            text.slice((tokens[range[0]] as Token).start, (tokens[range[1]] as Token).end),
          )
        : false;
    });
    const causesSentence = once((sentence: number) => CAUSES_LIST.test(sentenceText(sentence)));
    const dissemination = once((sentence: number) => {
      const range = sentences[sentence];
      return range ? isDissemination(tokens, range) : false;
    });
    const sentenceText = (sentence: number): string => {
      const range = sentences[sentence];
      return range ? text.slice((tokens[range[0]] as Token).start, (tokens[range[1]] as Token).end) : '';
    };
    const learningSentence = once((sentence: number) => LEARNING_STATEMENT.test(sentenceText(sentence)));
    // A sentence stating what happened to the child, unless it lists causes: three risks or
    // groups, or two in a list split by semicolons ("died from assault; SUDI; suicide and accidents").
    const caseFact = once((sentence: number) => {
      const said = sentenceText(sentence);
      const risks = presenceCodesBySentence.get(sentence)?.size ?? 0;
      return CASE_FACT.test(said) && risks < 3 && !(risks >= 2 && CAUSES_LIST.test(said));
    });
    // How far a pointer reaches into its sentence: a link line without a stop can run on into
    // the next line's learning ("Read the leaflet for SCR P (PDF) Babies born to ...").
    const pointerReach = once((sentence: number) => pointerExtent(sentenceText(sentence)));
    const pointer = (m: Mention): boolean => {
      const first = sentences[m.sentence]?.[0];
      const start = first === undefined ? m.start : (tokens[first] as Token).start;
      return m.end - start <= pointerReach(m.sentence);
    };
    const verdict = once((sentence: number) => PREDICTABILITY.test(sentenceText(sentence)));
    const themeEntry = once((b: number) => this.themeListEntry(text, blocks, b));
    const label = once((b: number) => labelOf(text, blocks, b));
    const inline = (b: number, offset: number): boolean => {
      const block = blocks[b] as CodingBlock;
      return inInlineThemeList(text.slice(block.start, Math.min(block.end, offset)), offset - block.start);
    };
    const onThemes = once((b: number) => {
      const block = blocks[b] as CodingBlock;
      return ADDRESSES_THEMES.test(text.slice(block.start, block.end));
    });
    const presenceCodesBySentence = new Map<number, Set<number>>();
    for (const m of mentions) {
      if (!this.presence[m.code]) continue;
      const set = presenceCodesBySentence.get(m.sentence) ?? new Set<number>();
      set.add(m.code);
      presenceCodesBySentence.set(m.sentence, set);
    }

    const weighed: Weighed[] = mentions.map((m, mi): Weighed => {
      const ownReasons: string[] = [];
      let own = STRENGTH[m.kind];
      if (m.kind === 'weak') ownReasons.push('a weak term');
      if (this.presence[m.code]) {
        const effect = presenceEffect(tokens, m.firstToken, m.lastToken);
        own *= effect.factor;
        ownReasons.push(...effect.reasons);
      }
      const b = blockIndex(m.start);
      const block = b >= 0 ? blocks[b] : undefined;
      if (insideLink(links, m.start, m.end)) {
        own = 0;
        ownReasons.push('inside a link or address');
      } else if (block && contactLine(b)) {
        own = 0;
        ownReasons.push('on a contact line');
      }
      if (block && b >= 0 && agencyEntry(b)) {
        own = 0;
        ownReasons.push('an entry in the list of agencies involved');
      }
      if (
        block &&
        this.genericEnumeration(
          block,
          b,
          m,
          presenceCodesBySentence,
          underGenericLeadIn,
          genericSentence,
          causesSentence,
        )
      ) {
        own *= HEDGE_LIST_WEIGHT;
        ownReasons.push('an entry in a general list of factors');
      }
      if (
        own > 0 &&
        (sentences[m.sentence] ? dissemination(m.sentence) : isDissemination(tokens, sentenceRangeOf(m)))
      ) {
        if (this.presence[m.code] && caseFact(m.sentence)) {
          // "published a review following the deaths of two babies ...": the case's facts stand.
        } else if (pointerReach(m.sentence) > 0 && !pointer(m)) {
          // Past the end of a pointer that ran on: the resource words were the pointer's.
        } else {
          own *= DISSEMINATION_WEIGHT;
          ownReasons.push('in a line about sending out resources');
        }
      }
      if (own > 0 && afterKeywordsLabel(text, m.start)) {
        own *= KEYWORD_WEIGHT;
        ownReasons.push('an indexing keyword');
      }
      if (own > 0 && pointer(m)) {
        own = 0;
        ownReasons.push('in a pointer to a resource');
      }
      if (own > 0 && !this.presence[m.code] && verdict(m.sentence)) {
        own = 0;
        ownReasons.push('in a conclusion on whether the harm could have been foreseen');
      }
      const item = itemOfMention[mi] ?? -1;
      const itemKind = item >= 0 ? items[item]?.kind : undefined;
      let place = this.placeWeight(block, itemKind, this.presence[m.code] ?? false);
      if (place.weight > 0 && place.weight < 1) {
        if (!(itemKind && itemKind in ITEM_WEIGHT))
          place = this.statementWeight(m, b, block, place, {
            themeEntry,
            learningSentence,
            caseFact,
            label,
            inline,
          });
        else if (b >= 0 && (themeEntry(b) || onThemes(b)))
          place = { weight: 1, reason: "in work on the review's themes" };
      }
      return {
        m,
        code: m.code,
        sentence: m.sentence,
        start: m.start,
        end: m.end,
        pattern: m.pattern,
        kind: m.kind,
        own,
        weight: own * place.weight,
        ownReasons,
        reasons: [...ownReasons, place.reason],
        item,
      };
    });

    for (const child of input.children ?? []) this.addAgeEvidence(child, tokens, weighed, items);

    const all = this.codebook.codes.map((c, i) => this.result(i, c, weighed, (w) => w.weight));
    const codes = all.filter((r) => r.score >= DOCUMENT_THRESHOLD).sort((a, b) => b.score - a.score);
    const considered = all
      .filter((r) => r.score > 0 && r.score < DOCUMENT_THRESHOLD)
      .sort((a, b) => b.score - a.score);
    const itemResults = items.map((_, i) => {
      const inItem = weighed.filter((w) => w.item === i);
      return this.codebook.codes
        .map((c, k) => this.result(k, c, inItem, (w) => w.own, true, false))
        .filter((r) => r.score >= ITEM_THRESHOLD)
        .sort((a, b) => b.score - a.score);
    });
    const cases = (input.cases ?? []).map(({ subject, ranges }) => {
      const inCase = weighed.filter((w) => ranges.some(([a, b]) => a <= w.start && w.end <= b));
      return {
        subject,
        codes: this.codebook.codes
          .map((c, k) => this.result(k, c, inCase, (w) => w.weight))
          .filter((r) => r.score >= DOCUMENT_THRESHOLD)
          .sort((a, b) => b.score - a.score),
      };
    });
    return { codes, considered, items: itemResults, reference: this.byReference(weighed), cases };
  }

  /** The weight of where a mention stands. */
  private placeWeight(
    block: CodingBlock | undefined,
    itemKind: string | undefined,
    presence: boolean,
  ): { weight: number; reason: string } {
    if (block && block.headings.some(isNonLearningHeading))
      return { weight: 0, reason: 'in references, links or contacts' };
    if (itemKind && itemKind in ITEM_WEIGHT)
      return { weight: ITEM_WEIGHT[itemKind] as number, reason: `in a ${itemKind}` };
    if (!block) return { weight: PROSE_WEIGHT, reason: 'in the text' };
    if (block.kind === 'heading') return { weight: 1, reason: 'in a heading' };
    // A case's description shows the risks in it in full; what it says of practice is narrative,
    // not yet learning, so practice themes count there at CASE_PRACTICE_WEIGHT.
    const caseWeight = presence ? 1 : CASE_PRACTICE_WEIGHT;
    if (block.role === 'cases') return { weight: caseWeight, reason: 'in a case summary' };
    if (block.role && block.role in ROLE_WEIGHT)
      return { weight: ROLE_WEIGHT[block.role] as number, reason: `in a ${block.role} section` };
    const heading = block.headings[block.headings.length - 1] ?? '';
    // The review's purpose, method and background count half, whatever the extractor made of them.
    if (PROCESS_HEADING.test(heading))
      return { weight: PROCESS_WEIGHT, reason: "about the review's purpose or method" };
    // Sections the extractor skips for items under a case heading: the case's history.
    if (block.role === 'skip' && CASE_DESCRIPTION.test(heading))
      return { weight: caseWeight, reason: "in the case's history" };
    return { weight: PROSE_WEIGHT, reason: 'in the text' };
  }

  /**
   * Plain text that says more than its place: an entry in a list of themes or learning, a
   * sentence stating learning or a pattern across cases, or (for risks and groups) a sentence
   * stating what happened to the child.
   */
  private statementWeight(
    m: Mention,
    b: number,
    block: CodingBlock | undefined,
    place: { weight: number; reason: string },
    is: {
      themeEntry: (b: number) => boolean;
      learningSentence: (s: number) => boolean;
      caseFact: (s: number) => boolean;
      label: (b: number) => string | null;
      inline: (b: number, offset: number) => boolean;
    },
  ): { weight: number; reason: string } {
    const heading = (b >= 0 ? is.label(b) : null) ?? block?.headings[block.headings.length - 1] ?? '';
    if (PROCESS_HEADING.test(heading))
      place = { weight: PROCESS_WEIGHT, reason: "about the review's purpose or method" };
    else if (LEARNING_HEADING.test(heading)) return { weight: 1, reason: 'under a heading of learning' };
    if (b >= 0 && is.themeEntry(b)) return { weight: 1, reason: 'an entry in a list of themes or learning' };
    if (b >= 0 && is.inline(b, m.start))
      return { weight: 1, reason: 'an entry in a list of themes or learning' };
    if (is.learningSentence(m.sentence)) return { weight: 1, reason: 'in a statement of learning' };
    if (this.presence[m.code] && is.caseFact(m.sentence)) return { weight: 1, reason: 'a fact of the case' };
    return place;
  }

  /** A list entry whose lead-in names themes or learning; case labels ("Child LB:") in between are skipped. */
  private themeListEntry(text: string, blocks: CodingBlock[], b: number): boolean {
    const kind = (blocks[b] as CodingBlock).kind;
    if (kind === 'paragraph') {
      // A list laid out as one paragraph (as a PDF often gives it) right under a lead-in ending in ":".
      const prev = blocks[b - 1];
      if (!prev || prev.kind === 'heading') return false;
      const lead = text.slice(prev.start, prev.end).trim();
      return lead.endsWith(':') && (THEME_LEAD_IN.test(lead) || ADDRESSES_THEMES.test(lead));
    }
    if (kind !== 'list-item') return false;
    for (let i = b - 1; i >= 0 && i >= b - 40; i--) {
      const prev = blocks[i] as CodingBlock;
      const prevText = text.slice(prev.start, prev.end);
      if (prev.kind === 'list-item' || CASE_LABEL.test(prevText)) continue;
      return THEME_LEAD_IN.test(prevText) || ADDRESSES_THEMES.test(prevText);
    }
    return false;
  }

  /** A list entry under "the following agencies ...". */
  private agencyListEntry(text: string, blocks: CodingBlock[], b: number): boolean {
    if ((blocks[b] as CodingBlock).kind !== 'list-item') return false;
    for (let i = b - 1; i >= 0 && i >= b - 40; i--) {
      const prev = blocks[i] as CodingBlock;
      if (prev.kind === 'list-item') continue;
      return AGENCY_LEAD_IN.test(text.slice(prev.start, prev.end));
    }
    return false;
  }

  /** A short list entry under a lead-in about factors in general, or a generic list in one sentence. */
  private genericEnumeration(
    block: CodingBlock,
    b: number,
    m: Mention,
    codesBySentence: Map<number, Set<number>>,
    underGenericLeadIn: (b: number) => boolean,
    genericSentence: (sentence: number) => boolean,
    causesSentence: (sentence: number) => boolean,
  ): boolean {
    if (!this.presence[m.code]) return false;
    if (block.kind === 'list-item' && underGenericLeadIn(b)) return true;
    const codes = codesBySentence.get(m.sentence);
    if (codes && codes.size >= 2 && causesSentence(m.sentence)) return true;
    if (!codes || codes.size < 3) return false;
    return genericSentence(m.sentence);
  }

  /** A list entry of at most eight words whose lead-in speaks of factors in general. */
  private underGenericLeadIn(text: string, blocks: CodingBlock[], b: number): boolean {
    const block = blocks[b] as CodingBlock;
    const words = text.slice(block.start, block.end).split(/\s+/).filter(Boolean).length;
    if (words > 8) return false;
    for (let i = b - 1; i >= 0 && i >= b - 12; i--) {
      const prev = blocks[i] as CodingBlock;
      if (prev.kind === 'list-item') continue;
      return GENERIC_LEAD_IN.test(text.slice(prev.start, prev.end));
    }
    return false;
  }

  private addAgeEvidence(
    child: { ageYears: number | null; ageSpan: [number, number] | null },
    tokens: Token[],
    weighed: Weighed[],
    items: CodingInput['items'],
  ): void {
    if (child.ageYears === null || !child.ageSpan) return;
    const target =
      child.ageYears < 1
        ? 'infants-and-pre-birth'
        : child.ageYears >= 12 && child.ageYears < 18
          ? 'adolescents'
          : null;
    const code = target
      ? this.codebook.codes.findIndex((c) => c.key === target || (c.reference === target && !c.parent))
      : -1;
    if (code < 0) return;
    const [start, end] = child.ageSpan;
    const t = tokens.find((tok) => tok.start >= start) ?? tokens[tokens.length - 1];
    const reason = `the child's age (${child.ageYears < 1 ? 'under one' : 'twelve to seventeen'})`;
    weighed.push({
      m: null,
      code,
      sentence: t?.sentence ?? -1,
      start,
      end,
      pattern: 'age',
      kind: 'structure',
      own: 1,
      weight: 1,
      ownReasons: [reason],
      reasons: [reason],
      item: items.findIndex((it) => it.span[0] <= start && end <= it.span[1]),
    });
  }

  private result(
    index: number,
    code: CodeDef,
    weighed: Weighed[],
    weightOf: (w: Weighed) => number,
    own = false,
    anchor = true,
  ): CodeResult {
    const members = new Set(this.family[index]);
    return scored(
      index,
      code.key,
      code.reference,
      weighed.filter((w) => members.has(w.code)),
      weightOf,
      own,
      anchor,
    );
  }

  private byReference(weighed: Weighed[]): CodeResult[] {
    const refs = new Map<string, number[]>();
    this.codebook.codes.forEach((c, i) => {
      if (!c.reference) return;
      refs.set(c.reference, [...(refs.get(c.reference) ?? []), i]);
    });
    const out: CodeResult[] = [];
    for (const [ref, members] of refs) {
      const set = new Set(members);
      const r = scored(
        members[0] as number,
        ref,
        ref,
        weighed.filter((w) => set.has(w.code)),
        (w) => w.weight,
        false,
      );
      if (r.score >= DOCUMENT_THRESHOLD) out.push(r);
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

function scored(
  index: number,
  key: string,
  reference: string | null,
  members: Weighed[],
  weightOf: (w: Weighed) => number,
  own: boolean,
  anchor = true,
): CodeResult {
  const best = new Map<number, Weighed>();
  for (const w of members) {
    const v = weightOf(w);
    if (v <= 0) continue;
    const prev = best.get(w.sentence);
    if (!prev || weightOf(prev) < v) best.set(w.sentence, w);
  }
  // Weak terms add to a code but cannot carry it: without an anchor the score stays below any threshold.
  const strong = members.filter((w) => w.kind !== 'weak' && weightOf(w) > 0);
  const anchored =
    !anchor ||
    strong.some((w) => weightOf(w) >= ANCHOR_WEIGHT) ||
    new Set(strong.map((w) => w.sentence)).size >= 2;
  const sum = [...best.values()].reduce((s, w) => s + weightOf(w), 0);
  const score = Math.round((anchored ? sum : Math.min(sum, 0.99 * DOCUMENT_THRESHOLD)) * 1000) / 1000;
  const evidence = members
    .filter((w) => weightOf(w) > 0)
    .map((w): Evidence => ({
      start: w.start,
      end: w.end,
      pattern: w.pattern,
      kind: w.kind,
      weight: Math.round(weightOf(w) * 1000) / 1000,
      reasons: own ? w.ownReasons : w.reasons,
    }))
    .sort((a, b) => a.start - b.start);
  return { code: index, key, reference, score, confidence: confidenceOf(score), count: best.size, evidence };
}

/** True when [start, end) lies inside one of `links` (sorted, disjoint). */
function insideLink(links: readonly (readonly [number, number])[], start: number, end: number): boolean {
  let lo = 0;
  let hi = links.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = links[mid] as readonly [number, number];
    if (s > start) hi = mid - 1;
    else if (e < end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Index of the last block starting at or before `offset`, or -1. */
function lastAtOrBefore(blocks: CodingBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((blocks[mid] as CodingBlock).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
