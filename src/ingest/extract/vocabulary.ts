/**
 * The field's vocabulary for document structure: what a heading or a lead-in line says about the
 * section it opens. Every rule here is about how case reviews, responses and briefings are
 * written in general, never about one document.
 */
import type { ItemKind, ReviewType } from '../../shared/extraction-report.ts';

/** What a section holds. `cases` describes the cases; `skip` holds no learning (background, method, links). */
export type SectionRole =
  'cases' | 'measure' | 'theme' | 'recommendation' | 'action' | 'skip' | 'finding' | 'lesson' | 'learning';

// Phrases that contain a role word but name a document, a process or a body, not a section:
// "Learning from Serious Case Reviews", "Response from the Kestrelford Partnership".
const NOT_A_ROLE =
  /\blearning from (?!(the|this) (review|case|scr|cspr|cpr|sar)\b)|\blearning (briefings?|briefs?|reviews?|leaflets?|summar(y|ies)|and improvement|framework|events?|hub|lessons|journey)\b|\blessons learn\w* (review|briefing)\b|\b(serious case|practice|learning) review\b|^(a |the )?response (from|of|by) .*$/gi;

/** Headings that ask practitioners to do something: everything under them is an ask. */
export const PRACTICE_ASK =
  /\b(questions|prompts) for (reflection|discussion|practitioners|practice|teams|supervision|you)\b|\breflective (questions|prompts)\b|\bhow to (enhance|improve|strengthen|develop|apply|change) (your|our|their) practice\b|\bwhat (should|could|can|must) (you|practitioners|professionals|managers|teams) do\b|\bpractice (tips?|pointers?|prompts?)\b|\bapplication to practice\b/i;

const ROLE_RULES: [RegExp, SectionRole][] = [
  // Question headings say what their section holds: "What did we do?" is method, "What (is|are)
  // a CSPR?" explains, "What did we find?" and "What can we learn?" hold learning, "What needs
  // to change?" and "How to enhance your practice" ask something.
  [
    /^\W*(\d+\.?\s+)?(?:[\w ]+:\s*)?what (did|do) we do\b|^\W*(\d+\.?\s+)?what (is|are) (a |an |the )?(?!we\b|you\b|your\b|our\b|the (learning|lessons?|findings?)\b)[\w ’'-]+\?$|^\W*(\d+\.?\s+)?(why|when|who|where)\b[^?]*\?$/i,
    'skip',
  ],
  [PRACTICE_ASK, 'recommendation'],
  [
    /\bhow to (enhance|improve|strengthen|develop|apply|change) (your|our|their) practice\b|\bwhat (needs|has) to change\b|\bwhat (should|could|can|must) (you|we|practitioners|professionals|managers|teams|agencies) do\b|\bpractice (tips?|pointers?|prompts?)\b|\bapplication to practice\b/i,
    'recommendation',
  ],
  [
    /\bwhat (good practice )?(did|do) (we|the reviews?) (find|found|learn|see|notice)\b|\bwhat (else )?did we find\b|\bwhat (can|could|should|do) we learn\b|\bwhat (worked|went) well\b|\bmessages? for (practitioners|professionals|managers|practice|staff|agencies|leaders)\b|\blearning points?\b|\bkey messages\b/i,
    'learning',
  ],
  [
    /^(the )?cases?$|^(the )?(reviews|cases)( (in|covered by|behind) (this|the) (report|briefing|review))?$|\bcase summar|\bsummar(y|ies) of (the |each )?(cases?|reviews)\b|\breview summaries\b|\b(the )?cases (reviewed|covered|in this)\b|\bour reviews\b/i,
    'cases',
  ],
  [
    /\bhow (will|would|do|can|did) we know\b|\bhow (we will|we would|we can|we) (know|tell)\b|\bexpected (impact|outcomes?)\b|\bmeasures? of (success|impact)\b|\bimpact measures?\b|\bevidence of (impact|change|progress)\b|\bhow (we will|will we) (measure|test|evidence)\b|\bsuccess (measures?|criteria)\b/i,
    'measure',
  ],
  [
    /\brecurr\w* (themes?|findings|issues|learning)\b|\bcommon themes?\b|\bthemes? (arising|emerging|identified|from|across|throughout)\b|\bkey themes?\b|\bcross-cutting\b|^themes?$|\blearning themes?\b|\bchallenges\b/i,
    'theme',
  ],
  [
    /\brecommendations?\b|\bwhat (we are|we're) asking\b|\basks? of\b|\bwhat (you|practitioners|professionals|managers) (should|can|could|need to|must) do\b|\bwhat we (want|need) (you|practitioners) to do\b|\b(members|you|board) (are|is) (asked|invited) to\b|\bdecisions? (or recommendations )?(required|sought|needed)\b|\bwhat needs to (happen|change)\b/i,
    'recommendation',
  ],
  [
    /\bactions?\b|\bresponse\b|\bwhat (we|the board|the partnership|the lscb|the scp) (have|has) done\b|\bwhat has (been done|changed|happened)\b|\bdissemina\w+\b|\bprogress (update|made|so far)\b|\bimprovements? (made|since)\b|\bsince the review\b|\bnext steps\b|\bimplications for (partners|agencies|the partnership|the board)\b/i,
    'action',
  ],
  [
    /\b(purpose|introduction|background|context|history|chronology|timeline|method(ology)?|how was the (study|review) (done|carried out)|aims?( of the (study|review))?|why is this (study|briefing|review) important|about (this|the) (briefing|review|study|report)|contacts?|further information|find out more|(useful|other) links|links|references|bibliography|glossary|acknowledg\w+|strengths|limitations|terms of reference|scope|this (presentation|briefing|report) (sets out|covers|includes)|contents|the family|family (composition|background|structure)|involvement|appendix|appendices|governance|publication|the review process|methodology|family'?s? (views|contribution)|author|footnotes|endnotes|notes)\b/i,
    'skip',
  ],
  [
    /\bfindings?\b|\banalysis of (practice|the case|involvement|agency involvement)\b|^analysis$|\bpractice issues\b|\bwhat (we|the review) found\b/i,
    'finding',
  ],
  [/\blessons?\b/i, 'lesson'],
  [
    /\blearning\b|\bconclusions?\b|\bsummary\b|\bkey messages\b|\bgood practice\b|\bwhat went well\b|\bimplications\b|\bwhat we learn\w*\b/i,
    'learning',
  ],
];

/** The role a heading (or lead-in line) gives its section, or null for a plain topic heading. */
export function roleOf(text: string): SectionRole | null {
  // "NSPCC Learning": an organisation's learning site, not a section.
  if (/^[A-Z]{2,}\s+Learning$/.test(text.trim())) return null;
  const probe = text.replace(/^\W*\d+(\.\d+)*\.?\s+/, '').replace(NOT_A_ROLE, ' ');
  for (const [re, role] of ROLE_RULES) if (re.test(probe)) return role;
  return null;
}

/** A heading that names one item: "Finding BE1", "Recommendation 4", "Lesson BE1.1", "Learning B4". */
const SINGLE_ITEM =
  /^(key finding|finding|recommendation|lesson|learning point|learning|action|area for improvement)\s+(?:no\.?\s*)?([A-Z]{0,3}\d+(?:\.\d+)*[a-z]?)\b\s*[:.)–—-]?\s*(.*)$/i;

export interface SingleItemHeading {
  kind: ItemKind;
  ref: string;
  /** Words after the ref ("Finding 2: Information sharing" -> "Information sharing"). */
  title: string;
}

export function singleItemOf(text: string): SingleItemHeading | null {
  const m = SINGLE_ITEM.exec(text.trim());
  if (!m) return null;
  const word = (m[1] ?? '').toLowerCase();
  const kind: ItemKind =
    word === 'recommendation'
      ? 'recommendation'
      : word === 'action'
        ? 'action'
        : word === 'lesson'
          ? 'lesson'
          : word.includes('finding') || word === 'area for improvement'
            ? 'finding'
            : 'learning';
  return { kind, ref: m[2] ?? '', title: (m[3] ?? '').trim() };
}

/** "THEME 1: Effectiveness at multi-agency meetings" -> the theme's name. */
export function themeHeadingOf(text: string): string | null {
  const m =
    /^(?:theme|key theme|learning theme)\s*(?:\d+|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)?\s*[:.–—-]\s*(.{2,120})$/i.exec(
      text.trim(),
    );
  return m?.[1]?.trim() ?? null;
}

/** Lead-in lines that open a list of agencies involved in the review. */
export const AGENCIES_LEAD_IN =
  /\b(following|these|the) (agencies|organisations|services)\b[^.]*[:;]-?\s*$|\b(agencies|organisations|services) (that were |who were |which were )?(involved|contributed|participated|took part)\b|\bwork of (the )?(following|these)\b/i;

/** Lead-in lines that say what a partnership has done: "Since 2014, we have:". */
const ACTION_LEAD_IN =
  /\b(we|board|partnership|lscb|scb|agencies|partners)( also)? (have|has)( also)?\s*[:;-]*\s*$/i;

/** "Please consider these 3 questions alongside the briefing:": the reader is asked to do something. */
const REFLECT_LEAD_IN =
  /\b(please |we ask you to |you should |teams should )?(consider|discuss|reflect on|think about|answer|ask yourself)\b[^.]{0,60}\b(questions?|points?|prompts?|the following)\b/i;

/** Lead-in lines that introduce a table of contents or an agenda: no items. */
const CONTENTS_LEAD_IN =
  /\b(this|the) (presentation|briefing|report|document|slide pack|session)\b.*\b(sets out|covers|includes|contains|will cover|looks at)\b/i;

/** The role a lead-in line ("Key learning from this review included:") gives the list after it. */
export function leadInRoleOf(text: string): SectionRole | 'agencies' | null {
  if (CONTENTS_LEAD_IN.test(text)) return 'skip';
  if (REFLECT_LEAD_IN.test(text)) return 'recommendation';
  if (AGENCIES_LEAD_IN.test(text)) return 'agencies';
  if (ACTION_LEAD_IN.test(text)) return 'action';
  return roleOf(text);
}

/** Recommendation wording: an ask or a need ("should", "must", "needs to", an imperative). */
export const ASK =
  /\b(should|must|needs? to|ought to|is asked to|are asked to|we ask|recommend\w*|ensure|it is essential|it is important that)\b|^(please\s+)?(ensure|consider|develop|review|reflect|discuss|make sure|establish|agree|note|check|ask|talk|use|record|refer|share|provide|introduce|improve|strengthen|embed|promote|raise|seek|support|identify|continue|undertake|update|read|explore|see|visit|watch|attend|complete|access|remember|think|look|find out)\b/i;

/** Prose that introduces recommendations rather than making one: "The review made six recommendations." */
export const ABOUT_RECOMMENDATIONS =
  /^(the|this|these|there (are|were)|a number of|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b[^.]{0,80}\brecommendations?\b[^.]{0,40}\b(made|set out|are|were|below|following|listed|include)\b/i;

/** A paragraph that asks something of the board or partnership: "There is a need to...", "The LSCB needs to...". */
export const ORGANISATIONAL_NEED =
  /^(there (is|also is|is also|remains) (a|an|still a) (need|requirement)|(the )?(lscb|scb|board|partnership|scp|partners|partner agencies|agencies|all agencies|we)\b[^.]{0,60}\b(needs? to|should|must|will need to)\b)/i;

/** A paragraph reporting what an organisation has done or is doing. */
export const ORGANISATIONAL_ACTION =
  /^(the |all |our |each )?(lscb|scb|board|partnership|scp|partners?|partner agencies|agencies|recommendations?|action plans?|we|local authority|council|children'?s services|police|trust|service)\b[^.]{0,80}\b(has|have)( also)?( now)?( been)? (\w+ed|made|set up|put|begun|begun|undertaken|taken|written|given|held|run|built|led)\b|^there is (still )?(some |further |more )?work (to do|underway|ongoing)/i;

/** Review types, as documents name them, in the order they should be tried. */
export const REVIEW_TYPE_RULES: [RegExp, ReviewType][] = [
  [/\bsafeguarding adults? reviews?\b/i, 'safeguarding-adults-review'],
  [/\bSARs?\b/, 'safeguarding-adults-review'],
  [/\bdomestic (homicide|abuse related death) reviews?\b/i, 'domestic-homicide-review'],
  [/\bDHRs?\b/, 'domestic-homicide-review'],
  [/\b(local |national )?child safeguarding practice reviews?\b/i, 'child-safeguarding-practice-review'],
  [/\bL?CSPRs?\b/, 'child-safeguarding-practice-review'],
  [/\bchild practice reviews?\b/i, 'child-practice-review'],
  [/\bCPRs?\b/, 'child-practice-review'],
  [/\bsignificant case reviews?\b/i, 'significant-case-review'],
  [/\b(partnership (learning|case)|local learning|learning) reviews?\b/i, 'partnership-learning-review'],
  [/\brapid reviews?\b/i, 'rapid-review'],
  [/\bserious case reviews?\b/i, 'serious-case-review'],
  [/\bSCR(s|['’]s)?\b/, 'serious-case-review'],
];

/** The review type a phrase names first (earliest in the text), or null. */
export function reviewTypeOf(text: string): ReviewType | null {
  let best: { at: number; type: ReviewType } | null = null;
  for (const [re, type] of REVIEW_TYPE_RULES) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, type };
  }
  return best?.type ?? null;
}

/** Words that name an organisation: an owner is one of these, not a person. */
export const ORGANISATION_WORDS =
  /\b(LSCB|SCB|SCP|boards?|partnerships?|sub-?groups?|groups?|committees?|panels?|forums?|police|constabulary|services?|trusts?|teams?|councils?|authority|authorities|health|hospitals?|agency|agencies|social care|schools?|practices?|networks?|commissioners?|CCG|ICB|NHS|probation|housing|units?|departments?|directorates?|leads?|managers?|chairs?)\b/i;
