/**
 * The rules items.ts applies block by block: what a lead-in announces, inline lists, the kind
 * prose takes in a section, owners named in text, and what is no item (document talk, dates).
 */
import type { ItemKind } from '../../shared/extraction-report.ts';
import type { Draft } from './items.ts';
import { isAboutTheDocument } from './prose.ts';
import type { StructuredBlock } from './structure.ts';
import { sentences, wordCount } from './text.ts';
import {
  ABOUT_RECOMMENDATIONS,
  ASK,
  leadInRoleOf,
  ORGANISATION_WORDS,
  ORGANISATIONAL_ACTION,
  ORGANISATIONAL_NEED,
  roleOf,
  type SectionRole,
} from './vocabulary.ts';

export const PROSE_KINDS: Partial<Record<SectionRole, ItemKind>> = {
  finding: 'finding',
  lesson: 'lesson',
  learning: 'learning',
  measure: 'measure',
  action: 'action',
  recommendation: 'recommendation',
};

export const MULTI_LEVEL_NUMBER = /^\d+(\.\d+)+\.?$/;
/**
 * "Learning themes include: a; b; c.", "Recommendations include: x; y.", "Learning: a; b; and c.",
 * "Makes no recommendations, but reflects on three main issues: a; b; c." in review summaries.
 */
const INLINE_LIST =
  /^(.{2,100}?)\s*(?:\b(?:include|includes|included|including|are|were|is|was|identified|highlighted|covered|covers|noted)\b(?:[^:;]{0,40})?)?(?:,?\s*but (?:are|were|is) not limited to)?\s*:\s*(.+)$/;
/** Words of a label that announces learning without naming a role: "Reflections", "three main issues". */
const LEARNING_LABEL =
  /\b(reflections?|reflects? on|issues|points|areas|messages|factors|features|concerns|observations)\b/i;

interface InlineList {
  kind: ItemKind;
  parts: { start: number; end: number }[];
}

/** The elements of an inline list, as offsets into `text`, or null when the text is no such list. */
export function inlineListOf(text: string, sectionRole: SectionRole | null): InlineList | null {
  const colon = text.indexOf(':');
  // The label is short: a colon far into a paragraph introduces no list of this kind.
  if (colon < 0 || colon > 160) return null;
  const m = INLINE_LIST.exec(text);
  if (!m?.[1] || !m[2]) return null;
  // "Makes no recommendations, but reflects on ...": the label is what follows the "but".
  const label = m[1].split(/,?\s+but\s+/i).pop() ?? m[1];
  if (wordCount(label) > 10 || /[.!?]/.test(label)) return null;
  const named = roleOf(label);
  const body = m[2];
  const pieces = body.split(';');
  const role: SectionRole | null =
    named && named !== 'skip' && named !== 'cases'
      ? named
      : LEARNING_LABEL.test(label) && pieces.length >= 2
        ? 'learning'
        : null;
  if (!role && !(pieces.length >= 3 && sectionRole && sectionRole !== 'skip' && sectionRole !== 'cases'))
    return null;
  const effective = role ?? (sectionRole as SectionRole);
  const kind: ItemKind = effective === 'theme' ? 'theme' : (PROSE_KINDS[effective] ?? 'learning');
  const bodyStart = text.length - body.length;
  const parts: InlineList['parts'] = [];
  let offset = bodyStart;
  for (const piece of pieces) {
    const clean = piece.replace(/^\s*(and|or)\s+/i, '').replace(/[.\s]+$/, '');
    const lead =
      piece.length -
      piece.trimStart().length +
      (piece.trimStart().length - piece.trimStart().replace(/^(and|or)\s+/i, '').length);
    if (clean.trim()) parts.push({ start: offset + lead, end: offset + lead + clean.trim().length });
    offset += piece.length + 1;
  }
  return parts.length > 0 ? { kind, parts } : null;
}
export const NAME_AND_GLOSS = /^(.{2,80}?)\s+[–—-]\s+(.{10,})$|^([^:]{2,80}):\s+(.{10,})$/;

/** The organisation a sentence makes responsible: "LSCB to conduct...", "Kestrelford Police will add...". */
export function ownerInText(text: string): string | null {
  const labelled =
    /\b(?:owner|lead|responsible|accountable)\s*(?:agency|officer)?\s*[:–-]\s*([^.;()]{2,80})/i.exec(text);
  if (labelled?.[1]) return labelled[1].trim();
  const subject =
    /^(?:the\s+)?([A-Z][\w&'’()/ -]{1,70}?)\s+(?:to|will|shall|has agreed to|is to|are to)\s+(?!be\b)/.exec(
      text,
    );
  const name = subject?.[1];
  // An owner is a name ("Kestrelford Police"), not a clause ("The LSCB should seek assurance ...").
  const clause = /\b(should|must|will|would|has|have|is|are|was|were|can|may|need)\b/i;
  if (name && ORGANISATION_WORDS.test(name) && wordCount(name) <= 6 && !clause.test(name)) return name.trim();
  return null;
}

/** "This report brings together key learning from 24 reviews": the unheaded list after it is that learning. */
export const ANNOUNCES_LEARNING =
  /\b(this|the) (report|briefing|document|paper|summary|study|overview|research|analysis|page)\b[^.]{0,40}\b(brings together|summari[sz]es|sets out|presents|draws together|describes|highlights|outlines)\b[^.]{0,30}\b(learning|findings|lessons|messages)\b/i;

/** A short line ending in a colon that labels the list after it: "Child LB:", "For schools:". */
export function isListLabel(b: StructuredBlock | undefined): boolean {
  return Boolean(b && b.block.kind === 'paragraph' && /:\s*$/.test(b.text) && wordCount(b.text) <= 6);
}

export function isLeadIn(blocks: StructuredBlock[], i: number): boolean {
  const b = blocks[i];
  const next = blocks[i + 1];
  if (!b || !next || b.block.kind === 'table-row') return false;
  // "... the following learning points were highlighted." announces its list as a colon would.
  const announces = /\b(the following|as follows)\b[^.]{0,80}\.\s*$/i.test(b.text);
  if (!announces && !/(:|:-|;)\s*$/.test(b.text)) return false;
  if (next.block.kind === 'list-item') return true;
  // "... include:" then "Child LB:" then the bullets: the label sits between lead-in and list.
  return isListLabel(next) && blocks[i + 2]?.block.kind === 'list-item';
}

/** The role a lead-in paragraph gives its list: from its last sentence, where the list is announced. */
export function leadInRole(text: string): SectionRole | 'agencies' | null {
  return leadInRoleOf(lastSentence(text)) ?? (sentences(text).length > 1 ? leadInRoleOf(text) : null);
}

export function lastSentence(text: string): string {
  const all = sentences(text);
  return all[all.length - 1] ?? text;
}

/** The kind that prose of a learning-like section takes, after checking what it actually says. */
export function proseKind(
  text: string,
  role: SectionRole,
  previous: Draft | undefined,
  practiceAsk = false,
): ItemKind | null {
  const first = sentences(text)[0] ?? text;
  if (role === 'measure' || role === 'action') return role;
  if (role === 'recommendation')
    return ASK.test(text) ||
      ORGANISATIONAL_NEED.test(first) ||
      (practiceAsk && !ABOUT_RECOMMENDATIONS.test(first) && !isAboutTheDocument(first))
      ? 'recommendation'
      : null;
  if (ORGANISATIONAL_NEED.test(first)) return 'recommendation';
  if (ORGANISATIONAL_ACTION.test(first)) return 'action';
  // "This will be enhanced by ..." carries on the ask before it.
  if (
    previous?.kind === 'recommendation' &&
    !previous.fromList &&
    /^This (will|would|should|could|must)\b/.test(first)
  )
    return 'recommendation';
  return PROSE_KINDS[role] ?? 'learning';
}

export const DOCUMENT_TALK_WORD =
  /publish|publication|leaflet|briefing|brief\b|document|report|summar|guide|page|presentation|slide|resource|aim|purpose|objective|available|shared via|download/i;

export function withoutDocumentTalk(text: string): [number, number] | null | undefined {
  if (!DOCUMENT_TALK_WORD.test(text)) return null;
  const all = sentences(text);
  if (!all.some(isAboutTheDocument)) return null;
  let first = 0;
  let lastIndex = all.length - 1;
  while (first <= lastIndex && isAboutTheDocument(all[first] as string)) first++;
  while (lastIndex >= first && isAboutTheDocument(all[lastIndex] as string)) lastIndex--;
  if (first > lastIndex) return undefined;
  const start = text.indexOf(all[first] as string);
  const endSentence = all[lastIndex] as string;
  return [start, text.lastIndexOf(endSentence) + endSentence.length];
}

/** "MAY 2015 - MARCH 2016", "2019", "Published April 2025": a date is not a theme. */
export function isDateLike(text: string): boolean {
  const words = text
    .replace(/^(published|updated|last updated|posted|reviewed|issued)( on)?:?/i, '')
    .replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/gi, '')
    .replace(/[\d\s,.–—/-]+/g, '');
  return words.length === 0;
}
