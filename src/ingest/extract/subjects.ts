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
