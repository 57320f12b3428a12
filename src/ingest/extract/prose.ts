/**
 * Prose outside any labelled section: publication statements, news items, the opening of a
 * briefing. Each sentence says what it is by its own words: what the board or agencies did or
 * will do (action), what the review found (learning), what practitioners are asked to do
 * (recommendation), or none of these (introduction, the case, method, a notice that something is
 * published). A run of sentences of one kind in a paragraph is one item.
 */
import type { ItemKind } from '../../shared/extraction-report.ts';
import { sentences } from './text.ts';

const BODY = String.raw`(?:the\s+)?(?:[A-Z][\w&'’()-]*\s+){0,8}?(?:lscb|scb|scp|board|partnership|safeguarding (?:children )?(?:board|partnership)|agencies|partners|partner agencies|we|council|local authority|(?:individual|all|relevant|partner) agencies)`;

const ACTION = [
  // "the LSCB and individual agencies have continued to progress the recommendations"
  new RegExp(
    String.raw`\b(?:${BODY})(?:\s+and\s+[\w ]{2,40}?)?\s+(?:have|has|are|is|will|continue to|remain)\b[^.]{0,80}\b(?:progress\w*|implement\w*|address\w*|take forward|taking forward|monitor\w*|working (?:closely )?(?:to|with|on|through)|committed to|lead\w* on|deliver\w*|roll(?:ing)? out|act(?:ed|ing)? on)\b`,
    'i',
  ),
  // "which the LSCB and individual agencies continue to progress"
  /\bwhich the [\w ]{2,60}? (?:continue to|have been|are|will) (?:progress|implement|address|monitor)\w*/i,
  // "work has already been undertaken across the partnership to address the recommendations"
  /\b(?:work|action|actions|progress|changes?|improvements?)\s+(?:has|have)\s+(?:already\s+)?been\s+(?:undertaken|taken|made|completed|implemented|put in place)\b/i,
  // "An action plan has been formulated and is being monitored by ..."
  /\baction plans?\s+(?:has|have|is|are|will)\s+(?:been\s+)?(?:formulated|developed|agreed|drawn up|put in place|produced|written|being monitored|monitored|in place)\b/i,
  // "a contextual safeguarding panel has been set up", "a new protocol has been introduced"
  /\b(?:has|have)\s+(?:now\s+|since\s+|already\s+)?been\s+(?:set up|established|introduced|launched|created|commissioned|rolled out|put in place|revised|updated|strengthened)\b/i,
  // "The partnership has agreed an action plan", "The LSCB accepted the review's recommendations in full"
  /\b(?:has|have)?\s*(?:agreed|adopted|approved|accepted|accepts|agrees)\s+(?:an?|the|its|their|all)\s+(?:[\w'’]+\s+){0,3}(?:action plans?|recommendations|findings|learning)\b/i,
  // "A number of significant projects are planned", "A number of actions are progressing"
  /\b(?:projects?|actions?|pieces of work|workstreams?|initiatives?|campaigns?)\s+(?:are|is|have been|has been)\s+(?:planned|progressing|underway|under way|being (?:developed|delivered|progressed)|in progress|ongoing)\b/i,
  // "Multi-agency protocols will be strengthened and developed ..."
  /\b(?:protocols?|procedures?|guidance|training|policies|policy|pathways?|processes|campaigns?|tools?)\s+(?:will|are to|is to)\s+be\s+(?:strengthened|developed|introduced|reviewed|revised|updated|delivered|rolled out|launched|refreshed|produced)\b/i,
  // "... are committed to implementing all of the recommendations"
  /\b(?:is|are|remains?|remain)\s+(?:\w+\s+)?committed to\b/i,
];

const ACTION_WORD =
  /\b(?:progress|implement|address|forward|monitor|working|committed|lead|deliver|roll|act(?:ed|ing)? on|undertaken|taken|made|completed|action plans?|set up|establish|introduc|launch|creat|commission|revis|updat|strengthen|agree|adopt|approv|accept|planned|underway|under way|ongoing|in progress|develop|refresh|produc)/i;

/** Notices that a document is published or shared are not actions. */
const NOTICE =
  /\b(?:publish(?:es|ed|ing)?|publication|will be published|is published|are published|available (?:on|at|from|via)|shared via|can be (?:downloaded|found|read|accessed))\b/i;

const LEARNING = [
  // "The reviewers concluded that professionals did not consider ..."
  /\bthe (?:independent\s+)?(?:reviewers?|review|reviews|report|scr|cspr|cpr|lcspr|panel|author|overview report)\s+(?:also\s+)?(?:identified|highlighted|found|concluded|noted|recognised|recognized|showed|demonstrated|evidenced|emphasised|emphasized|raised)\s+(?!no\b|nothing\b|it\b)\w/i,
  // "the case highlighted the need for early intervention"
  /\bthe case (?:highlighted|showed|demonstrated|illustrated|identified)\b/i,
  // "Both SCRs confirmed that ...", "All three reviews found ..."
  /^(?:both|all|the|these|each|two|three|four|five|several|many)(?:\s+(?:of the|three|four|five|six))?\s+(?:scrs?|reviews?|cspr?s?|lcsprs?|cprs?|case reviews)\s+(?:also\s+)?(?:confirmed|found|identified|highlighted|showed|noted|concluded|recognised|recognized)\b/i,
  /\b(?:learning|lessons?) (?:from (?:this|the) (?:case|review) )?(?:is|are|was|were) that\b/i,
];

/** Conclusions that a death or harm could not be predicted or prevented are not learning. */
const NOT_LEARNING =
  /\b(?:predictable|preventable|predicted|prevented)\b|\b(?:key )?learning (?:has|have) been identified\b|\bidentify (?:learning|improvements)\b|\baims? to\b/i;

/** Asks of practitioners in running prose: "Practitioners and teams should discuss these lessons". */
const ASK =
  /^(?:all\s+)?(?:practitioners|professionals|managers|staff|teams|agencies|partners|schools|settings|leaders|supervisors|you)(?:\s+and\s+(?:teams|managers|leaders|supervisors|agencies))?\s+(?:should|must|need to|are asked to|are encouraged to)\b/i;

/**
 * Sentences about the document itself or its publication, not learning: "This learning leaflet
 * sets out some of the learning ...", "In late 2016 the Board published two SCRs ...", "One of
 * its main aims is to identify learning".
 */
const ABOUT_THE_DOCUMENT =
  /^(?:this|these|the|our) (?:learning |practice |short |full )?(?:leaflets?|briefings?|briefs?|documents?|reports?|summar(?:y|ies)|guides?|pages?|presentations?|slides?|resources?)\b[^.]{0,80}\b(?:sets? out|summari[sz]es?|contains?|describes?|provides?|includes?|gives?|outlines?|highlights?|brings? together|will)\b|\b(?:aims?|purpose|objective) (?:is|was|are|were) to\b|\bmain aims?\b/i;

/** True when a sentence is about the document or its publication rather than the case's learning. */
export function isAboutTheDocument(sentence: string): boolean {
  return (
    ABOUT_THE_DOCUMENT.test(sentence) || (NOTICE.test(sentence) && !/\brecommendations?\b/i.test(sentence))
  );
}

/** The kind a sentence of unlabelled prose carries, or null when it carries none. */
export function sentenceKind(sentence: string): ItemKind | null {
  if (ASK.test(sentence)) return 'recommendation';
  if (!NOT_LEARNING.test(sentence) && LEARNING.some((re) => re.test(sentence))) return 'learning';
  // A cheap check first: every action pattern has one of these words.
  if (!ACTION_WORD.test(sentence)) return null;
  if (
    ACTION.some((re) => re.test(sentence)) &&
    !(NOTICE.test(sentence) && !/\brecommendations?\b/i.test(sentence))
  )
    return 'action';
  return null;
}

export interface ProseRun {
  kind: ItemKind;
  /** Offsets into the paragraph's text. */
  start: number;
  end: number;
}

/**
 * The runs of one kind in a paragraph of unlabelled prose. A sentence that carries no kind of
 * its own right after an action or a learning sentence carries it on when it begins with a
 * connective ("In addition, the LSCB will lead ...", "However, ...") or a pronoun.
 */
export function proseRuns(text: string, fallback?: (sentence: string) => ItemKind | null): ProseRun[] {
  const runs: ProseRun[] = [];
  let from = 0;
  let last: ProseRun | null = null;
  for (const s of sentences(text)) {
    const start = text.indexOf(s, from);
    if (start < 0) continue;
    const end = start + s.length;
    from = end;
    const own = sentenceKind(s) ?? (fallback && !isAboutTheDocument(s) ? fallback(s) : null);
    const carries: boolean =
      !own &&
      last !== null &&
      last.end >= start - 2 &&
      /^(?:in addition|also|additionally|furthermore|this|these|they|it|we|however|as well)\b/i.test(s) &&
      !NOTICE.test(s);
    const kind: ItemKind | null = own ?? (carries && last ? last.kind : null);
    if (!kind) {
      last = null;
      continue;
    }
    if (last && last.kind === kind && last.end >= start - 2) last.end = end;
    else {
      last = { kind, start, end };
      runs.push(last);
    }
  }
  return runs;
}

const MONTH =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\b/i;
const NARRATIVE_SUBJECT =
  /^(?:the (?:cases?|family|families|child|children|baby|mother|father|parents?|couple)|he|she|they|his|her|their|mr|ms|mrs|dr)\b/i;
const GENERAL_VERB =
  /\b(?:is|are|can|may|might|could|should|must|will|remains?|indicates?|suggests?|increases?|needs?|requires?|means?)\b/i;
const PAST = /\b(?:was|were|had|did)\b/i;

/**
 * A general statement of what holds in practice ("Very young babies are extremely vulnerable",
 * "Severe malnourishment can be life-threatening"), as a case's learning blurb makes it; not the
 * case's story ("Georgina was brought to hospital in February 2018").
 */
export function isGeneralStatement(sentence: string): boolean {
  return (
    GENERAL_VERB.test(sentence) &&
    !PAST.test(sentence) &&
    !MONTH.test(sentence) &&
    !NARRATIVE_SUBJECT.test(sentence) &&
    !/\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]/.test(sentence) &&
    !/\?$/.test(sentence)
  );
}
