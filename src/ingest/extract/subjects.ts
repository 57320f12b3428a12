/**
 * Review subjects: the pseudonyms reviews give their cases ("Child J", "Child BE", "Case Q",
 * "Baby A", "Child C and E", "Sibling Group C", "Adult D") or a chosen first name ("Jack").
 */

const LABEL = String.raw`(?:Child|Baby|Case|Infant|Young Person|Young person|Sibling Group|Siblings|Family|Adult)`;
const ID = String.raw`[A-Z]{1,3}\d{0,2}`;
/** A labelled subject, alone or joined ("Child C and E", "Child L and Child N"). */
export const SUBJECT = new RegExp(
  String.raw`\b(${LABEL})\s+(${ID})(?:\s+(?:and|&)\s+(?:${LABEL}\s+)?(${ID}))?\b(?![a-z])`,
  'g',
);

/** "Serious Case Review: 'Jack'", "Learning from the case of “Ellie”". */
const QUOTED_NAME = /\b(?:review|case|briefing|learning)\b[^'"‘“]{0,40}['"‘“]([A-Z][a-z]{1,20})['"’”]/;

// Mentions that point at another review are cross-references, not this document's subjects.
const REFERENCE_BEFORE = /\b(see(\s+also)?|cf\.?|like|as in|similar to)\s+((the\s+)?[A-Z][a-z]+\s+){0,3}$/i;

export interface SubjectMatch {
  subject: string;
  index: number;
}

/** The canonical spelling used to match a subject across documents: "child  be" -> "child be". */
export function subjectKey(subject: string): string {
  return subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** True when a subject names more than one child ("Child C and E", "Sibling Group C"). */
export function isPluralSubject(subject: string): boolean {
  return /\band\b|&|sibling|siblings|family/i.test(subject);
}

/**
 * The reviews a joined subject stands for. Two review codes are two reviews ("SCR S & SCR D");
 * two children under one label are one review ("Child C and E") unless the document also speaks
 * of each on its own ("Child LB:" ... "Child LD:").
 */
export function splitJoined(subject: string, text: string): string[] {
  if (!/\s(?:and|&)\s/.test(subject)) return [subject];
  const codes = [...subject.matchAll(new RegExp(ACRONYM_SINGLE.source, 'g'))].map((m) => m[0]);
  if (codes.length > 1) return codes;
  const m = new RegExp(`^(${LABEL})\\s+(${ID})\\s+(?:and|&)\\s+(?:${LABEL}\\s+)?(${ID})$`).exec(subject);
  if (!m?.[1] || !m[2] || !m[3]) return [subject];
  const parts = [`${m[1]} ${m[2]}`, `${m[1]} ${m[3]}`];
  const alone = (p: string) =>
    new RegExp(String.raw`\b${p}\b(?!\s+(?:and|&)\s)(?![a-z])`).test(text.split(subject).join(' '));
  return parts.every(alone) ? parts : [subject];
}

/** Every labelled subject in `text` that is not a cross-reference. */
export function subjectsIn(text: string): SubjectMatch[] {
  const found: SubjectMatch[] = [];
  for (const m of text.matchAll(SUBJECT)) {
    const index = m.index ?? 0;
    if (REFERENCE_BEFORE.test(text.slice(Math.max(0, index - 40), index))) continue;
    found.push({ subject: m[0].replace(/\s+/g, ' '), index });
  }
  return found;
}

/** The subject a heading names, if it names one. */
export function subjectInHeading(text: string): SubjectMatch | null {
  const labelled = subjectsIn(text)[0];
  if (labelled) return labelled;
  const quoted = QUOTED_NAME.exec(text);
  return quoted?.[1]
    ? { subject: quoted[1], index: (quoted.index ?? 0) + quoted[0].lastIndexOf(quoted[1]) }
    : null;
}

/**
 * A heading inside a case-summaries section names a case, however it is written: "F DoD June
 * 2009", "Child G January 2009", "2.1 Baby D", "Child J: Kestrelford, 2024", "Jack (aged 4)".
 */
export function caseSubjectOf(heading: string): SubjectMatch | null {
  const labelled = subjectInHeading(heading);
  if (labelled) return labelled;
  const numbering = /^\s*\d+(\.\d+)*\.?\s+/.exec(heading)?.[0] ?? '';
  const rest = heading.slice(numbering.length);
  const name = rest
    .replace(/\s*\(.*$/, '')
    .replace(/\s*[:–—,-].*$/, '')
    .replace(/\.?\s*\b(DoD|DOB|died|d\.)\b.*$/i, '')
    .replace(/\s+((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\s+)?\d{4}.*$/i, '')
    .trim();
  if (!name || name.split(/\s+/).length > 4 || !/^[A-Z]/.test(name)) return null;
  return { subject: name, index: numbering.length };
}

/**
 * A review's code: "SCR G", "CPR FLINT 2", "LCSPR 21", or a partnership's own reference such as
 * "CYSUR 4 2019", "MDS20/PDS20", "ZDS22". Letters in capitals with a number, or a review
 * acronym with an identifier.
 */
const REVIEW_ACRONYM = String.raw`(?:SCR|CPR|CSPR|LCSPR|SAR|DHR|CMR|LLR|PLR)`;
const CODE_ID = String.raw`(?:[A-Z]{1,8}(?:\s+\d{1,3})?|\d{1,3})`;
const ACRONYM_SINGLE = new RegExp(String.raw`\b${REVIEW_ACRONYM}\s+${CODE_ID}\b(?![a-z'’])`);
const ACRONYM_CODE = new RegExp(
  String.raw`\b${REVIEW_ACRONYM}\s+${CODE_ID}\b(?![a-z'’])(?:\s*(?:&|and)\s*${REVIEW_ACRONYM}\s+${CODE_ID}\b(?![a-z'’]))?`,
  'g',
);
/** "CYSUR 4 2019", "MDS20/PDS20", "ZDS22": capitals with digits, alone. */
const OWN_CODE = /^(?:[A-Z]{2,8}\s+\d{1,3}(?:\s+(?:19|20)\d{2})?|[A-Z]{2,5}\d{1,3}(?:\/[A-Z]{2,5}\d{1,3})?)$/;

/** Review codes in a text ("SCR G", "SCR S & SCR D", "CPR FLINT 2"). */
export function reviewCodesIn(text: string): SubjectMatch[] {
  const found: SubjectMatch[] = [];
  for (const m of text.matchAll(ACRONYM_CODE)) {
    const index = m.index ?? 0;
    if (REFERENCE_BEFORE.test(text.slice(Math.max(0, index - 40), index))) continue;
    found.push({ subject: m[0].replace(/\s+/g, ' '), index });
  }
  return found;
}

/**
 * Subjects a sentence introduces: "a baby boy, referred to as Stephen", "a child known as Zac",
 * "the review anonymised as MDS20/PDS20", "her 15 day old baby, Darryll, was", and a review's
 * own code after its type ("Extended Child Practice Review, CYSUR 4 2019").
 */
const NAMED_AS =
  /\b(?:known|referred to|anonymised|anonymized|called|named|identified)\s+as\s+['"‘“]?([A-Z][a-z]{1,20}(?:\s+(?:and|&)\s+[A-Z][a-z]{1,20})?|[A-Z]{2,8}\d{0,3}(?:\/[A-Z]{2,8}\d{0,3})?(?:\s+\d{1,3})?)\b(?![a-z'’])/;
const CHILD_NOUN = String.raw`(?:baby|babies|child|son|daughter|boy|girl|infant|toddler|teenager|young person|brother|sister)`;
const COMMA_NAME = /,\s+([A-Z][a-z]{2,20}),/g;
const CHILD_NOUN_BEFORE = new RegExp(String.raw`\b${CHILD_NOUN}$`);
const TYPE_THEN_CODE =
  /\b(?:review|report)s?\s*[,:–—-]\s*((?:[A-Z]{2,8}\s+)?[A-Z]{2,8}\s+\d{1,3}(?:\s+(?:19|20)\d{2})?|[A-Z]{2,5}\d{2}(?:\/[A-Z]{2,5}\d{2})?)\b/i;

export function subjectsInSentence(sentence: string): SubjectMatch[] {
  const out: SubjectMatch[] = [];
  const take = (m: RegExpExecArray | null) => {
    if (m?.[1]) out.push({ subject: m[1], index: (m.index ?? 0) + m[0].lastIndexOf(m[1]) });
  };
  // Cheap checks first: these run on every paragraph of every document.
  if (sentence.includes(' as ')) take(NAMED_AS.exec(sentence));
  for (const m of sentence.matchAll(COMMA_NAME)) {
    if (CHILD_NOUN_BEFORE.test(sentence.slice(Math.max(0, (m.index ?? 0) - 20), m.index))) {
      take(m);
      break;
    }
  }
  if (/\d/.test(sentence)) take(TYPE_THEN_CODE.exec(sentence));
  return out;
}

const REPOSITORY_ENTRY =
  /^(?:19|20)\d{2}(?:\s*[–—-]\s*[A-Z][^–—]{1,60}?)?\s+[–—-]\s+((?:Child|Baby|Infant|Young Person|Sibling Group|Siblings|Case)\s+[A-Z][\w]*(?:\s+(?:and|&)\s+[A-Z]\w*)?|[A-Z][a-z]{2,20}(?:\s+(?:and|&)\s+[A-Z][a-z]{2,20})?|Anonymous|Unnamed)\s*$/;

/** Capitalised words that are never a child's name, though they start a heading. */
const NOT_A_NAME =
  /^(the|a|an|this|our|what|how|why|who|key|learning|review|reviews|briefing|summary|background|neglect|abuse|themes?|findings?|recommendations?|actions?|introduction|conclusions?|report|practice|case|child|children|family|families|home|training|contents|overview|publication|published|news|resources?|documents?|help|contact|about|more|further|download|downloads|view|read|next|previous|back|menu|search|share|print)$/i;

/**
 * A heading that is a child's chosen name ("Jack", "Grace and Georgina") or "TYPE: Name (CODE)"
 * ("Child Safeguarding Practice Review: Zac (ZDS22)", "... Report: CPR FLINT 2"). A bare name
 * counts only when the document never uses the word in lower case and names it again as a person
 * ("Zac was", "Georgina's", "known as Zac"), so "Neglect" is a topic, not a child.
 */
export function namedCaseHeading(heading: string, body: string): SubjectMatch | null {
  const code = reviewCodesIn(heading)[0];
  if (code) return code;
  // A repository entry: "2023 – Kestrelford – Child M", "2022 – Harbourside – Jordan".
  const entry = REPOSITORY_ENTRY.exec(heading);
  if (entry?.[1]) {
    const name = entry[1].trim();
    return { subject: name, index: heading.lastIndexOf(name) };
  }
  const typed =
    /^(?:[\w’' -]*?\b(?:review|briefing|leaflet|report|learning|cspr|scr|cpr|lcspr)s?(?:\s+(?:published|publication|summary|report|briefing))?)\s*[:–—-]\s*(.+)$/i.exec(
      heading,
    );
  const rest = typed?.[1]?.trim() ?? heading.trim();
  const restAt =
    heading.length -
    (typed?.[1]?.length ?? heading.length) +
    ((typed?.[1] ?? '').length - (typed?.[1] ?? '').trimStart().length);
  const own = rest.replace(/\s*\(.*\)\s*$/, '');
  if (typed && OWN_CODE.test(own)) return { subject: own, index: restAt };
  // "Jack", "Grace and Georgina", "Zac (ZDS22)", "Rowan: bruising in a baby who is not yet mobile".
  const m =
    /^([A-Z][a-z]{2,20})(?:\s+(?:and|&)\s+([A-Z][a-z]{2,20}))?(?:\s*\(([^)]*)\)|\s*[:–—]\s+\S.*)?$/.exec(
      rest,
    );
  if (!m?.[1]) return null;
  const names = [m[1], m[2]].filter((n): n is string => Boolean(n));
  if (names.some((n) => NOT_A_NAME.test(n))) return null;
  const isPerson = (n: string) =>
    !new RegExp(String.raw`\b${n.toLowerCase()}\b`).test(body) &&
    new RegExp(
      String.raw`\b${n}(?:['’]s\b|,?\s+\(?(?:was|is|had|has|died|suffered|lived|lives|aged)\b|,\s+an?\s+\d)|(?:known as|referred to as|called|named|baby|child|son|daughter)\W+${n}\b`,
    ).test(body);
  if (!names.some(isPerson)) return null;
  // "Grace and Georgina" is one case; a code in brackets is the review's own reference.
  const subject = m[3] && OWN_CODE.test(m[3].trim()) && !typed ? m[3].trim() : names.join(' and ');
  return { subject, index: restAt };
}
