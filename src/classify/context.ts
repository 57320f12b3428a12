/**
 * What the words around a mention do to it: negation, hedging, a generic list of factors, a line
 * about disseminating resources. Each rule gives a multiplier and a reason a user can read.
 *
 * Negation only removes a mention for codes of `presence` polarity (risks, groups, contexts):
 * "no evidence of domestic abuse" is not domestic abuse. A practice failing is still its theme,
 * so a cue with a practice word between it and the term is a gap, not a negation: "domestic
 * abuse was not explored", "there was no exploration of domestic abuse".
 */
import type { Token } from './nlp.ts';

const CLAUSE_BREAK = new Set([
  ';',
  ':',
  'but',
  'however',
  'although',
  'though',
  'whereas',
  'while',
  'yet',
  'despite',
]);
const NEGATION_CUES = new Set([
  'no',
  'not',
  'never',
  'without',
  'deny',
  'denied',
  'nor',
  'neither',
  'absence',
  'absent',
  'free',
]);
/** "not a feature", "ruled out": negation that follows the term. */
const POST_NEGATION = [
  ['rule', 'out'],
  ['not', 'a', 'feature'],
  ['not', 'a', 'factor'],
  ['not', 'an', 'issue'],
  ['not', 'a', 'concern'],
  ['not', 'present'],
  ['not', 'evident'],
  ['not', 'substantiate'],
  ['not', 'substantiated'],
  ['unfounded'],
  ['unsubstantiated'],
];
/** Words of practice: between a negation cue and a term they make a gap in practice, not an absence. */
const PRACTICE = new Set([
  'recognise',
  'recognize',
  'recognition',
  'explore',
  'exploration',
  'consider',
  'consideration',
  'assess',
  'assessment',
  'identify',
  'identification',
  'address',
  'understand',
  'understanding',
  'share',
  'sharing',
  'appreciate',
  'notice',
  'ask',
  'enquire',
  'enquiry',
  'inquire',
  'record',
  'refer',
  'referral',
  'aware',
  'awareness',
  'focus',
  'attention',
  'follow',
  'challenge',
  'discuss',
  'discussion',
  'question',
  'screen',
  'respond',
  'response',
  'act',
  'action',
  'see',
  'hear',
  'know',
  'knowledge',
  'link',
  'connect',
  'tackle',
  'weight',
  'mention',
  'explore',
  'pursue',
  'investigate',
  'investigation',
  'analysis',
  'analyse',
  'plan',
  'curiosity',
  'involve',
  'involvement',
  'engage',
  'take',
  'give',
  'pay',
  'seek',
  'obtain',
  'understood',
  'explored',
  'considered',
  'recognised',
  'identified',
  'addressed',
  'shared',
  'recorded',
]);
const HEDGE_CUES = new Set([
  'possible',
  'possibly',
  'potential',
  'potentially',
  'suspect',
  'suspected',
  'query',
  'queried',
  'alleged',
  'allegedly',
  'may',
  'might',
  'if',
  'whether',
  'perhaps',
  'unclear',
]);
const DISSEMINATION = new Set([
  'newsletter',
  'website',
  'webpage',
  'leaflet',
  'poster',
  'podcast',
  'e-learning',
  'link',
  'links',
  'publish',
  'circulate',
  'disseminate',
  'bulletin',
  'signpost',
]);

export interface ContextEffect {
  factor: number;
  reasons: string[];
}

function window(tokens: Token[], first: number, last: number, before: number, after: number) {
  const sentence = (tokens[first] as Token).sentence;
  const pre: Token[] = [];
  for (let i = first - 1; i >= 0 && pre.length < before; i--) {
    const t = tokens[i] as Token;
    if (t.sentence !== sentence || CLAUSE_BREAK.has(t.lemma) || CLAUSE_BREAK.has(t.lower)) break;
    pre.unshift(t);
  }
  const post: Token[] = [];
  for (let i = last + 1; i < tokens.length && post.length < after; i++) {
    const t = tokens[i] as Token;
    if (t.sentence !== sentence || CLAUSE_BREAK.has(t.lemma) || CLAUSE_BREAK.has(t.lower) || t.lower === '.')
      break;
    post.push(t);
  }
  return { pre, post };
}

function startsWithSeq(words: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= words.length && i <= 3; i++) {
    if (seq.every((w, k) => words[i + k] === w)) return true;
  }
  return false;
}

/** Negation and hedging around the mention [first, last] of a `presence` code. */
export function presenceEffect(tokens: Token[], first: number, last: number): ContextEffect {
  const { pre, post } = window(tokens, first, last, 6, 6);
  const reasons: string[] = [];
  let factor = 1;
  // A negation cue before the term, with no practice word between them.
  for (let i = pre.length - 1; i >= 0; i--) {
    const t = pre[i] as Token;
    if (PRACTICE.has(t.lemma) || PRACTICE.has(t.lower)) break;
    if (NEGATION_CUES.has(t.lemma) || NEGATION_CUES.has(t.lower)) {
      return { factor: 0, reasons: [`negated ("${t.lower}")`] };
    }
  }
  const after = post.map((t) => t.lemma);
  const afterWords = after.filter((w) => w !== 'be' && w !== 'have');
  if (POST_NEGATION.some((seq) => startsWithSeq(afterWords, seq)))
    return { factor: 0, reasons: ['negated after the term'] };
  // "suspected" right before the harm is how the field names a case ("suspected non-accidental
  // injury"), not a doubt about it.
  const hedge = pre.find(
    (t, i) =>
      (HEDGE_CUES.has(t.lemma) || HEDGE_CUES.has(t.lower)) &&
      !(t.lower === 'suspected' && i === pre.length - 1),
  );
  if (hedge) {
    factor *= 0.6;
    reasons.push(`hedged ("${hedge.lower}")`);
  }
  return { factor, reasons };
}

/** A sentence about sending out resources ("the newsletter will include links to ..."). */
export function isDissemination(tokens: Token[], sentenceRange: [number, number]): boolean {
  for (let i = sentenceRange[0]; i <= sentenceRange[1]; i++) {
    const t = tokens[i] as Token;
    if (DISSEMINATION.has(t.lemma) || DISSEMINATION.has(t.lower)) return true;
  }
  return false;
}

/** A lead-in that introduces factors in general, not this case: "risk factors ... These include". */
export const GENERIC_SENTENCE =
  /\b(including|include|includes)\b|\b(risk )?factors?\b|\bsuch as\b|\bfor example\b|\be\.g\.|\btypes of\b|\bforms of\b/i;
export const GENERIC_LEAD_IN =
  /\b(risk )?factors?\b|\bsuch as\b|\bfor example\b|\be\.g\.|\btypes of\b|\bforms of\b|\bexamples? of\b|\bindicators? of\b/i;

/** A lead-in to the list of agencies involved: its entries are names, not learning. */
export const AGENCY_LEAD_IN =
  /\b(following|these|other) (agencies|organisations|services)\b|\bagencies (involved|who|that|were)\b|\bagencies\s*:/i;

/**
 * A sentence that states learning or what holds across cases, wherever it stands: "the case
 * highlighted the need for ...", "learning about how ...", "X and Y were common themes",
 * "domestic abuse was a feature in each review", "in 3 of the 4 SCRs ...", "areas of good
 * practice, such as ...". Its theme words count as learning, not as passing words.
 */
export const LEARNING_STATEMENT = new RegExp(
  [
    String.raw`\b(common|recurring|recurrent|key|main|central|emerging|cross-cutting) (themes?|issues|features|findings|lessons|messages)\b`,
    String.raw`\b(was|were|is|are) (a |an )?(common |recurring |recurrent |key |significant |consistent )?(themes?|features?)\b`,
    String.raw`\bfeatured? (in|within|across) (each|every|all|both|many|most|several)\b`,
    String.raw`\bin (\d+|one|two|three|four|five|six|seven|eight|nine|ten|all|each|both|most|many)( out)? of (the|these) (\d+ |two |three |four |five |six |seven |eight |nine |ten )?(reviews|cases|scrs|csprs|cmrs)\b`,
    String.raw`\b(highlighted|identified|showed|shows|demonstrated|underlined|emphasised|emphasized|reinforced|illustrated) (the |a )?(need|importance|value|lack)\b`,
    String.raw`\b(learning|lessons?) (about|around|regarding|relating to|on how)\b`,
    String.raw`\b(areas of|examples of) (good |positive )?practice\b`,
    String.raw`\bgood practice\b`,
    String.raw`\b(the )?(review|reviews|reviewers?|report) (found|finds|identified|identifies|highlighted|highlights|concluded|concludes|recognised|recognises|noted|notes|shows|showed) (that|the|a|several|some|good)\b`,
  ].join('|'),
  'i',
);

/**
 * A sentence that states what happened to the child: a death, an injury, harm suffered, an age.
 * A risk or age group named there is a fact of the case, not a passing word.
 */
export const CASE_FACT =
  /\b(died|death of|deaths of|was killed|victim of|suffered|sustained|presented (at|to|with)|admitted to hospital|was injured|were injured|seriously (injured|harmed)|serious harm to|(was|were) found to have|diagnosed with|aged \d+|\d+[- ](day|week|month|year)[- ]old)\b/i;

/**
 * A lead-in to a list of themes or learning: "Some key themes highlighted during the review
 * include:", "The report highlights key themes for learning around:", "Learning points:".
 */
export const THEME_LEAD_IN =
  /\b(themes?|learning|lessons|learning points|key issues|issues|findings|messages|areas for (improvement|development)|reflections)\b[^.]*(:\s*$|\b(include|includes|included|including|around|are|were|was)\b)/i;

/** A short label that names a case inside a list ("Child LB:", "Baby M:"), skipped on the way to its lead-in. */
export const CASE_LABEL = /^\s*[\p{Lu}][\p{L}]*( [\p{Lu}][\p{L}]*)?( [\p{Lu}]{1,3}\d*| \d+)?\s*:\s*$/u;

/** A sentence that only points to a resource: "View the report", "Download the briefing here". */
export const POINTER_SENTENCE =
  /^\s*(view|read|download|click|visit|access|see) (the|our|this|these|here|more|a copy|below|further)\b|\b(can|may) be (downloaded|viewed|accessed|read|found) (here|below|on|at|from|via)\b/i;

/**
 * A conclusion on whether the harm could have been foreseen ("could not have predicted or
 * prevented this child's death", "could have been identified as being at heightened risk"): the
 * review's verdict on predictability, not learning about practice.
 */
export const PREDICTABILITY =
  /\b(could not have (been )?(predicted|prevented|foreseen)|(predictable|preventable) or (predictable|preventable)|not (have been )?(predictable|preventable)|could have been (predicted|prevented|foreseen|identified as))\b/i;

/** An indexing label ("Keywords: neglect, bruising, schools"): what follows on its line names topics, not learning. */
export const KEYWORDS_LABEL = /\b(keywords|key words|tags)\s*:/i;

/**
 * Work planned or under way on the review's themes ("projects are planned to address the emerged
 * themes", "actions are progressing to address the identified themes, which include ..."): what it
 * names are the themes.
 */
export const ADDRESSES_THEMES =
  /\b(address|addressing|tackle|tackling)\b[^.]{0,30}\b(themes|issues|learning themes)\b/i;

/** A list of causes of death or harm split by semicolons ("died from assault; SUDI; suicide and accidents"). */
export const CAUSES_LIST = /\b(died|deaths?|causes?|caused)\b[^.;]*;[^.]*;/i;

/**
 * An inline label for a list of themes or learning ("Key themes ... include, but are not limited
 * to:", "Learning:", "themes for learning around:"), followed by its entries in the same block.
 */
export const INLINE_THEME_LABEL =
  /\b(themes?|learning|lessons|learning points|key issues|issues|findings|reflections)\b[^.:]{0,80}:/gi;
