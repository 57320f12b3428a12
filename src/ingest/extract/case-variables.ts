/**
 * Case variables, as national analyses count them (the triennial analyses of serious case reviews):
 * a child protection plan at the time or in the past, known to children's social care, looked
 * after, disability, previous child deaths or removals in the family, domestic abuse, parental
 * mental health, parental substance misuse, and the incident (death or serious harm, and its type).
 *
 * Each is read only from the case's own text (its summary, its history, sentences naming it), with
 * the sentence that states it as its span. A variable the text does not state is left out: "not
 * stated" differs from "no" ("was not known to children's social care" is no). Where the text says
 * both, yes wins (a risk shown once is present). Pure.
 */
import type { ExtractedReview } from '../../shared/extraction-report.ts';
import type { StructuredBlock } from './structure.ts';
import { sentences } from './text.ts';

export const FLAG_VARIABLES = [
  'cp_plan_current',
  'cp_plan_past',
  'known_to_csc',
  'looked_after',
  'disability',
  'previous_deaths_or_removals',
  'domestic_abuse',
  'parental_mental_health',
  'parental_substance_misuse',
] as const;
export const CASE_VARIABLES = [...FLAG_VARIABLES, 'incident', 'incident_type'] as const;
export type CaseVariableName = (typeof CASE_VARIABLES)[number];

export const INCIDENTS = ['death', 'serious-harm'] as const;
export const INCIDENT_TYPES = [
  'homicide',
  'suicide',
  'sudden-unexpected-death',
  'non-accidental-injury',
  'sexual-abuse',
  'exploitation',
  'neglect',
  'other',
] as const;

export const VARIABLE_LABELS: Record<CaseVariableName, string> = {
  cp_plan_current: 'Child protection plan at the time',
  cp_plan_past: 'Child protection plan in the past',
  known_to_csc: "Known to children's social care",
  looked_after: 'Looked after (in care)',
  disability: 'Child has a disability',
  previous_deaths_or_removals: 'Previous child deaths or removals in the family',
  domestic_abuse: 'Domestic abuse',
  parental_mental_health: 'Parental mental health',
  parental_substance_misuse: 'Parental substance misuse',
  incident: 'Incident: death or serious harm',
  incident_type: 'Type of incident',
};

/** The values a variable takes when the text states it (a person may also set "not-stated"). */
export function valuesOf(name: CaseVariableName): readonly string[] {
  if (name === 'incident') return INCIDENTS;
  if (name === 'incident_type') return INCIDENT_TYPES;
  return ['yes', 'no'];
}

export interface CaseVariable {
  name: CaseVariableName;
  value: string;
  /** The sentence that states it. */
  span: [number, number];
}

export interface TextUnit {
  text: string;
  start: number;
}

const ADULT =
  /\b(mother|father|step-?father|step-?mother|parents?|parental|carers?|mum|dad|partner|boyfriend|girlfriend|grandmother|grandfather|adults?)(['’]s)?\b/i;
/** A word between a negation and the term that makes the negation about practice, not presence. */
const PRACTICE_VERB =
  /\b(recogni[sz]\w*|identif\w*|explor\w*|consider\w*|ask\w*|shar\w*|record\w*|assess\w*|understo+d|understand\w*|aware|fully|always|properly|adequately|routinely|enquir\w*|explain\w*)\b/i;
const NEGATED_BEFORE =
  /\b(no|not|never|nor|neither|without|none)\b((?:\s+[\w'’-]+){0,4})\s*$|n['’]t\b((?:\s+[\w'’-]+){0,4})\s*$/i;
const PAST =
  /\b(previous(ly)?|had (previously )?been|in the past|former(ly)?|ended|ceased|discontinued|stepped down|earlier|historic(al)?|as a baby|when (he|she) was younger)\b/i;
/** Before a term about the child: another child of the family is the one it is about. */
const OTHER_CHILDREN = /\b(siblings?|brothers?|sisters?|half-siblings?|children|other child)\b/i;
const SIBLING_BEFORE = /\b(siblings?|brothers?|sisters?|half-siblings?|older child(ren)?)\b[^.;]{0,40}$/i;

interface Rule {
  name: CaseVariableName;
  re: RegExp;
  /** Only in a sentence about an adult of the family (parental variables). */
  adult?: boolean;
  /** Not when an adult or a sibling is the one it is about (the child's own variables). */
  childOnly?: boolean;
}

const RULES: Rule[] = [
  {
    name: 'cp_plan_current',
    re: /\bchild protection (plans?|register)|\bCP plans?\b|\bCPPs?\b|\bsubject to (a )?child protection\b/i,
    childOnly: true,
  },
  {
    name: 'known_to_csc',
    re: /\bknown to (the )?(children['’]s |local )?(social care|social services|social work|children['’]s services|local authority)|\b(open|opened|referred|referrals?) to (the )?(children['’]s )?(social care|social services|children['’]s services)|\ballocated (a )?social worker|\bsocial worker (was|had been) allocated|\b(children['’]s )?social care (had been|were|was|had) (involved|previously involved|working)|\b(involvement|contact) (with|of|from) (the )?children['’]s (social care|services)|\bchild in need plan\b|\bCSC involvement\b/i,
  },
  {
    name: 'looked_after',
    re: /\blooked[- ]after\b|\bin the care of the local authority\b|\b(was|were|had been|is|being) in (local authority )?care\b(?! proceedings)|\bcare order\b|\bfoster (care|carers?|placements?|homes?)\b|\bplaced (in|with) (foster|a children['’]s home|residential)|\baccommodated (under|by)\b|\bsection 20\b|\bchildren['’]s home\b|\bresidential (care|placement)\b/i,
    childOnly: true,
  },
  {
    name: 'disability',
    re: /\b(disabilit(y|ies)|disabled|autis(m|tic)|autism spectrum|ASD|ADHD|cerebral palsy|learning difficult(y|ies)|complex (health )?needs|special educational needs|SEND|EHCP|education,? health and care plan|global developmental delay)\b/,
    childOnly: true,
  },
  {
    name: 'previous_deaths_or_removals',
    re: /\b(previous|older|earlier|other|first|elder) (child|children|sibling|siblings|baby|babies|son|sons|daughter|daughters|brother|sister)\b[^.;]{0,60}\b(removed|taken into care|adopted|placed for adoption|care proceedings|died|death|SUDI)\b|\b(previous|earlier|prior) (child )?(removals?|deaths? of a (child|sibling|baby))\b|\bsiblings?\b[^.;]{0,40}\b(had )?(died|been removed|were removed|was removed|been adopted|were adopted)\b|\b(had|has)\b[^.;]{0,30}\b(children|child|babies|baby)\b[^.;]{0,50}\b(removed|taken into care|adopted|placed for adoption)\b/i,
  },
  {
    name: 'domestic_abuse',
    re: /\bdomestic (abuse|violence)\b|\bcoercive (and )?control\w*|\b(intimate )?partner (abuse|violence)\b|\bMARAC\b|\bDVPO\b|\bnon-molestation order\b/i,
  },
  {
    name: 'parental_mental_health',
    re: /\bmental (ill[- ]?)?health\b|\bmental illness\b|\b(post-?natal |postnatal |post-?partum )?depress(ion|ive|ed)\b|\banxiety\b|\bpsychos[ie]s\b|\bpsychotic\b|\bbipolar\b|\bschizophreni\w*|\bpersonality disorder\b|\bpsychiatric\b|\bsuicidal\b/i,
    adult: true,
  },
  {
    name: 'parental_substance_misuse',
    re: /\b(substance|drugs?|alcohol) (mis)?use\b|\bmisus(e|ed|ing) (of )?(drugs|alcohol|substances)\b|\b(drug|alcohol) (dependen\w+|addiction|problems?)\b|\balcoholi(c|sm)\b|\b(drinking|drunk|intoxicated)\b|\b(cannabis|heroin|cocaine|methadone|opiates?|amphetamines?|crack)\b/i,
    adult: true,
  },
];

const DEATH =
  /\b(died|dies|death|dead|killed|murder(ed)?|manslaughter|suicide|fatal(ly)?|took (his|her|their) own life|passed away)\b/i;
const HARM =
  /\b(serious(ly)? (harm(ed)?|injur(y|ies|ed))|non-accidental|injur(y|ies|ed)|fractur\w+|abused|assault(ed)?|burns?|bruis\w+|haemorrhage\w*|brain (damage|injury)|stab(bed|bing)?|overdose|survived)\b/i;
const TYPES: [(typeof INCIDENT_TYPES)[number], RegExp][] = [
  ['homicide', /\b(homicide|murder(ed)?|manslaughter|killed by|unlawful(ly)? kill\w*)\b/i],
  [
    'suicide',
    /\b(suicide|took (his|her|their) own life|ended (his|her|their) (own )?life|hanged|hanging)\b/i,
  ],
  [
    'sudden-unexpected-death',
    /\b(SUDI|SUDC|SIDS|sudden (and )?(unexpected|unexplained) (infant |child )?death|cot death|co-?sl(ept|eeping)|unsafe sleep\w*)\b/i,
  ],
  [
    'non-accidental-injury',
    /\b(non-accidental( (head )?injur(y|ies))?|NAI|inflicted (head )?injur(y|ies)|abusive head trauma|shaken|head injur(y|ies)|fractur\w+|bruis\w+)\b/i,
  ],
  ['exploitation', /\b(exploitation|exploited|county lines|CSE|CCE|trafficked|trafficking)\b/i],
  ['sexual-abuse', /\b(sexual(ly)? (abuse|abused|assault\w*)|rape|raped)\b/i],
  ['neglect', /\bneglect(ed|ful)?\b/i],
];

/** True when the term at `index` in the sentence is negated ("no history of", "was not known to"). */
export function isNegated(sentence: string, index: number): boolean {
  const clause =
    sentence
      .slice(0, index)
      .split(/[,;:]|\b(?:but|although|though|however|whereas)\b/i)
      .pop() ?? '';
  const m = NEGATED_BEFORE.exec(clause);
  if (!m) return false;
  if (/^no one\b|^not only\b/i.test(clause.slice(m.index ?? 0))) return false;
  return !PRACTICE_VERB.test(m[2] ?? m[3] ?? '');
}

interface Found {
  value: string;
  span: [number, number];
}

/** Every sentence of the units with its offset into the document. */
function sentencesOf(units: TextUnit[]): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const unit of units) {
    let cursor = 0;
    for (const s of sentences(unit.text)) {
      const at = unit.text.indexOf(s, cursor);
      const offset = at >= 0 ? at : cursor;
      cursor = offset + s.length;
      out.push({ text: s, start: unit.start + offset });
    }
  }
  return out;
}

/** The variables the case's own text states. */
export function extractCaseVariables(units: TextUnit[], subject: string | null = null): CaseVariable[] {
  const found = new Map<CaseVariableName, Found>();
  const note = (name: CaseVariableName, value: string, span: [number, number]) => {
    const had = found.get(name);
    // Yes wins over no: a risk the case shows once is present, whatever else a sentence denies.
    if (!had || (had.value === 'no' && value === 'yes')) found.set(name, { value, span });
  };
  const all = sentencesOf(units);
  for (const s of all) {
    const span: [number, number] = [s.start, s.start + s.text.length];
    for (const rule of RULES) {
      const m = rule.re.exec(s.text);
      if (!m) continue;
      const before = s.text.slice(0, m.index);
      if (rule.adult && !ADULT.test(s.text) && !/\bparental\b/i.test(before + m[0])) continue;
      if (rule.childOnly && (OTHER_CHILDREN.test(before.slice(-80)) || ADULT.test(before.slice(-40))))
        continue;
      const negated = isNegated(s.text, m.index);
      if (rule.name === 'cp_plan_current') {
        const past = PAST.test(s.text);
        if (negated && /\bnever\b/i.test(before)) {
          note('cp_plan_current', 'no', span);
          note('cp_plan_past', 'no', span);
        } else note(past ? 'cp_plan_past' : 'cp_plan_current', negated ? 'no' : 'yes', span);
        continue;
      }
      note(rule.name, negated ? 'no' : 'yes', span);
    }
  }
  incidentOf(all, subject, note);
  return CASE_VARIABLES.flatMap((name) => {
    const f = found.get(name);
    return f ? [{ name, value: f.value, span: f.span }] : [];
  });
}

/** The incident (death or serious harm) and its type, from the first sentences that state them. */
function incidentOf(
  all: { text: string; start: number }[],
  subject: string | null,
  note: (name: CaseVariableName, value: string, span: [number, number]) => void,
): void {
  const about = (s: { text: string }, re: RegExp) => {
    const m = re.exec(s.text);
    if (!m) return false;
    const before = s.text.slice(0, m.index);
    // A sibling's earlier death, or a death denied, is not this case's incident.
    return (
      !SIBLING_BEFORE.test(before) &&
      !/\b(previous|earlier|prior)\b[^.;]{0,30}$/i.test(before) &&
      !isNegated(s.text, m.index)
    );
  };
  const spanOf = (s: { text: string; start: number }): [number, number] => [s.start, s.start + s.text.length];
  // Sentences naming the case first: general text ("the risk of sudden infant death") says less.
  const named = subject
    ? new RegExp(String.raw`\b${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\b`, 'i')
    : null;
  const inNamed = (re: RegExp) => all.find((s) => named?.test(s.text) && about(s, re));
  const anywhere = (re: RegExp) => all.find((s) => about(s, re));
  const survived = all.find((s) => /\bsurvived\b/i.test(s.text));
  const death = inNamed(DEATH) ?? (inNamed(HARM) ? undefined : anywhere(DEATH));
  const harm = inNamed(HARM) ?? anywhere(HARM) ?? survived;
  if (death && !survived) note('incident', 'death', spanOf(death));
  else if (harm) note('incident', 'serious-harm', spanOf(harm));
  // The type from a sentence about the incident or naming the case, never from general learning
  // ("very young babies are more vulnerable to neglect").
  // A plan's category ("a child protection plan under the category of neglect") is not the incident.
  const incidentSentences = all.filter(
    (x) => (DEATH.test(x.text) || HARM.test(x.text)) && !/\bcategory\b|child protection plan/i.test(x.text),
  );
  const isNamed = (x: { text: string }) => named?.test(x.text) ?? false;
  const pools = [
    incidentSentences.filter(isNamed),
    incidentSentences,
    all.filter((x) => isNamed(x) && !/\bcategory\b/i.test(x.text)),
  ];
  for (const pool of pools)
    for (const [type, re] of TYPES) {
      const s = pool.find((x) => about(x, re));
      if (s) {
        note('incident_type', type, spanOf(s));
        return;
      }
    }
}

/** A case heading ("Background", "Case summary", "What happened") whose text describes the case. */
const CASE_TEXT_HEADING =
  /history|chronolog|timeline|summary of (the )?(case|involvement)|case summary|the family|background|what happened|the incident|circumstances|involvement|about (this|the) (review|case)|introduction/i;

/**
 * The case's own text, as reviews.ts reads it: in a document about several cases, the blocks
 * under the case's heading; in a document about one case, its background, history and summary
 * sections, prose outside any learning or recommendation section, and every sentence naming it.
 */
export function caseUnits(
  blocks: StructuredBlock[],
  subject: string,
  subjectOfFrame: Map<number, string>,
  single: boolean,
): TextUnit[] {
  const unit = (b: StructuredBlock): TextUnit => ({ text: b.text, start: b.block.start });
  const content = blocks.filter((b) => b.block.kind !== 'heading' && b.block.kind !== 'table-row');
  if (!single)
    return content
      .filter((b) => b.ctx.caseFrame && subjectOfFrame.get(b.ctx.caseFrame.id) === subject)
      .map(unit);
  const name = new RegExp(String.raw`\b${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\b`, 'i');
  return content
    .filter(
      (b) =>
        b.ctx.role === null ||
        b.ctx.role === 'cases' ||
        b.ctx.frames.some((f) => CASE_TEXT_HEADING.test(f.text) && f.kind.type !== 'single') ||
        name.test(b.text),
    )
    .filter((b) => !['recommendation', 'action', 'measure'].includes(b.ctx.role ?? '') || name.test(b.text))
    .map(unit);
}

/** Adds to each review the variables its own text states. */
export function addCaseVariables(
  blocks: StructuredBlock[],
  reviews: ExtractedReview[],
  subjectOfFrame: Map<number, string>,
): void {
  for (const review of reviews)
    review.variables = extractCaseVariables(
      caseUnits(blocks, review.subject, subjectOfFrame, reviews.length === 1),
      review.subject,
    );
}
