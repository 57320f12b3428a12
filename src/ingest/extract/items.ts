/**
 * Learning items from the structured blocks. A heading that names one item ("Finding BE1")
 * gives one item holding everything under it; in any other section each paragraph or bullet is
 * its own item, a bullet keeping its sub-bullets. A line ending in ":" before a list (a lead-in)
 * sets the list's role. Prose in a learning section that asks something of the partnership is a
 * recommendation, and prose reporting what it has done is an action.
 */
import type { ItemKind } from '../../shared/extraction-report.ts';
import { deadlineInText } from './dates.ts';
import { topicIsTheme, type Frame, type StructuredBlock } from './structure.ts';
import { isFieldLine } from './chrome.ts';
import { isAboutTheDocument, isGeneralStatement, proseRuns } from './prose.ts';
import { tableItems, type TableDraft } from './tables.ts';
import { cleanItemText, isBracketedReference, normaliseForCompare, sentences, wordCount } from './text.ts';
import {
  ABOUT_RECOMMENDATIONS,
  ASK,
  leadInRoleOf,
  ORGANISATION_WORDS,
  ORGANISATIONAL_ACTION,
  ORGANISATIONAL_NEED,
  PRACTICE_ASK,
  roleOf,
  type SectionRole,
} from './vocabulary.ts';

export interface Draft {
  kind: ItemKind;
  ref: string | null;
  text: string;
  start: number;
  end: number;
  /** Frame id of the case the item sits in, if any. */
  caseFrame: Frame | null;
  /** Items in one scope (a theme, a single-item run, a table row) may be linked. */
  scope: string;
  /** True when the scope's structure is explicit enough to link (single-item headings, table rows). */
  linkable: boolean;
  owner: string | null;
  deadline: string | null;
  rag: 'red' | 'amber' | 'green' | null;
  fromList: boolean;
  numbered: boolean;
}

const PROSE_KINDS: Partial<Record<SectionRole, ItemKind>> = {
  finding: 'finding',
  lesson: 'lesson',
  learning: 'learning',
  measure: 'measure',
  action: 'action',
  recommendation: 'recommendation',
};

const MULTI_LEVEL_NUMBER = /^\d+(\.\d+)+\.?$/;
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
const NAME_AND_GLOSS = /^(.{2,80}?)\s+[–—-]\s+(.{10,})$|^([^:]{2,80}):\s+(.{10,})$/;

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
const ANNOUNCES_LEARNING =
  /\b(this|the) (report|briefing|document|paper|summary|study|overview|research|analysis|page)\b[^.]{0,40}\b(brings together|summari[sz]es|sets out|presents|draws together|describes|highlights|outlines)\b[^.]{0,30}\b(learning|findings|lessons|messages)\b/i;

/** A short line ending in a colon that labels the list after it: "Child LB:", "For schools:". */
function isListLabel(b: StructuredBlock | undefined): boolean {
  return Boolean(b && b.block.kind === 'paragraph' && /:\s*$/.test(b.text) && wordCount(b.text) <= 6);
}

function isLeadIn(blocks: StructuredBlock[], i: number): boolean {
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
function leadInRole(text: string): SectionRole | 'agencies' | null {
  return leadInRoleOf(lastSentence(text)) ?? (sentences(text).length > 1 ? leadInRoleOf(text) : null);
}

function lastSentence(text: string): string {
  const all = sentences(text);
  return all[all.length - 1] ?? text;
}

/** The kind that prose of a learning-like section takes, after checking what it actually says. */
function proseKind(
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

export interface ItemPass {
  drafts: Draft[];
  /** Agencies listed after a lead-in such as "the review looked at the work of these agencies:". */
  agencies: { name: string; caseFrame: Frame | null }[];
}

/** Builds item drafts in document order. */
export function collectItems(blocks: StructuredBlock[]): ItemPass {
  const drafts: Draft[] = [];
  const agencies: ItemPass['agencies'] = [];
  const seen = new Set<string>();
  let listRole: SectionRole | 'agencies' | 'absorb' | undefined;
  let last: Draft | undefined;
  let single: { frame: Frame; draft: Draft } | null = null;
  let table: StructuredBlock[] = [];
  /** A role the document's own words gave the unheaded lists after them ("This report brings together key learning ..."). */
  let announced: SectionRole | undefined;
  /** A page of several cases (an index of leaflets or briefings), each under its own heading. */
  const manyCases = blocks.filter((b) => b.frame?.kind.type === 'case').length > 1;

  const scopeOf = (b: StructuredBlock) => `t${b.ctx.theme?.id ?? 0}c${b.ctx.caseFrame?.id ?? 0}`;
  /** A draft for block `b` with the defaults every item starts from; `extra` overrides them. */
  const draftAt = (
    b: StructuredBlock,
    kind: ItemKind,
    text: string,
    start: number,
    end: number,
    extra: Partial<Draft> = {},
  ): Draft => ({
    kind,
    ref: null,
    text,
    start,
    end,
    caseFrame: b.ctx.caseFrame,
    scope: scopeOf(b),
    linkable: false,
    owner: null,
    deadline: null,
    rag: null,
    fromList: false,
    numbered: false,
    ...extra,
  });

  const emit = (draft: Draft): Draft | undefined => {
    draft.text = cleanItemText(draft.text);
    if (!draft.text || !/\p{L}{2}/u.test(draft.text)) return undefined;
    // Text repeated word for word (a summary slide repeated, a topic heading used twice) is one item.
    const key = `${draft.kind === 'theme' ? 'theme' : draft.kind}:${normaliseForCompare(draft.text)}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (draft.kind === 'action' || draft.kind === 'recommendation') {
      draft.owner ??= ownerInText(draft.text);
      draft.deadline ??= deadlineInText(draft.text);
    }
    drafts.push(draft);
    return draft;
  };
  const closeSingle = () => {
    if (single) emit(single.draft);
    single = null;
  };
  const flushTable = () => {
    if (table.length === 0) return;
    for (const t of tableItems(table)) emit(fromTable(t, table[0] as StructuredBlock));
    table = [];
  };
  const fromTable = (t: TableDraft, first: StructuredBlock): Draft =>
    draftAt(first, t.kind, t.text, t.start, t.end, {
      ref: t.ref,
      scope: `${scopeOf(first)}r${t.row}`,
      linkable: true,
      owner: t.owner,
      deadline: t.deadline,
      rag: t.rag,
    });

  /** "Learning includes: a; b; and c." in a paragraph or a bullet: each element is an item. */
  const emitInlineList = (b: StructuredBlock): boolean => {
    const list = inlineListOf(b.text, b.ctx.role);
    if (!list) return false;
    for (const part of list.parts) {
      const at = b.block.start + part.start;
      emit(
        draftAt(b, list.kind, b.text.slice(part.start, part.end), at, at + part.end - part.start, {
          fromList: true,
        }),
      );
    }
    return true;
  };

  const append = (draft: Draft, b: StructuredBlock) => {
    draft.text += ' ' + b.text;
    draft.end = b.block.end;
  };

  blocks.forEach((b, i) => {
    if (b.block.kind !== 'table-row') flushTable();
    const { ctx } = b;

    if (b.block.kind === 'heading') {
      listRole = undefined;
      last = undefined;
      if (b.frame?.kind.type === 'role') announced = undefined;
      if (single && ctx.single?.id !== single.frame.id) closeSingle();
      const frame = b.frame as Frame;
      if (frame.kind.type === 'single') {
        closeSingle();
        const { item } = frame.kind;
        const titleStart = b.block.end - item.title.length;
        single = {
          frame,
          draft: draftAt(
            b,
            item.kind,
            item.title,
            item.title ? titleStart : -1,
            item.title ? b.block.end : -1,
            {
              ref: item.ref,
              linkable: true,
            },
          ),
        };
      } else if (frame.kind.type === 'theme') {
        emit(draftAt(b, 'theme', frame.kind.name, frame.kind.nameStart, b.block.end));
      } else if (
        frame.kind.type === 'topic' &&
        !ctx.single &&
        wordCount(b.text) <= 12 &&
        !isDateLike(b.text) &&
        topicIsTheme(ctx.frames)
      ) {
        emit(draftAt(b, 'theme', b.text, b.block.start, b.block.end));
      }
      return;
    }

    if (single && ctx.single?.id === single.frame.id) {
      const d = single.draft;
      if (d.start < 0) d.start = b.block.start;
      d.text = d.text ? `${d.text} ${b.text}` : b.text;
      d.end = b.block.end;
      return;
    }
    closeSingle();

    if (b.block.kind === 'table-row') {
      table.push(b);
      return;
    }

    const marker = b.block.kind === 'list-item' ? b.block.marker : '';
    const numberedParagraph = MULTI_LEVEL_NUMBER.test(marker);
    if (b.block.kind === 'paragraph' || numberedParagraph) {
      if (isLeadIn(blocks, i)) {
        const proseAction =
          !ctx.role &&
          !leadInRoleOf(lastSentence(b.text)) &&
          proseRuns(b.text).some((r) => r.kind === 'action');
        const role = proseAction ? 'action' : leadInRole(b.text);
        if (!role && listRole && isListLabel(b)) return; // "Child LD:" keeps the list's role
        if (proseAction) {
          // "A number of projects are planned ... campaigns in order to:" is an action, and so is each point.
          last = emit(draftAt(b, 'action', b.text, b.block.start, b.block.end));
          listRole = 'action';
          return;
        }
        if (!role && last?.numbered && last.kind === 'recommendation') {
          // "5. Develop ... Procedures should:" + bullets: the sub-points belong to recommendation 5.
          append(last, b);
          listRole = 'absorb';
        } else listRole = role ?? ctx.role ?? undefined;
        return;
      }
      // A link on a line of its own is debris from a web page or PDF: it neither is an item nor ends a list.
      if (!cleanItemText(b.text)) return;
      if (isFieldLine(b.text)) {
        listRole = undefined;
        return;
      }
      listRole = undefined;
      if (last && isBracketedReference(b.text)) {
        append(last, b);
        return;
      }
      if (emitInlineList(b)) return;
      const role = ctx.role;
      if (!role && ANNOUNCES_LEARNING.test(b.text)) announced = 'learning';
      if (!role && b.block.kind === 'paragraph') {
        // Unlabelled prose (a publication statement, a news item): each sentence says its kind.
        // Under a case's heading, general statements are the learning its blurb gives.
        const general =
          ctx.caseFrame && manyCases ? (x: string) => (isGeneralStatement(x) ? 'learning' : null) : undefined;
        for (const run of proseRuns(b.text, general)) {
          const text = b.text.slice(run.start, run.end);
          last = emit(draftAt(b, run.kind, text, b.block.start + run.start, b.block.start + run.end));
        }
        return;
      }
      if (!role || role === 'skip' || role === 'cases') return;
      const ref = numberedParagraph ? marker.replace(/\.$/, '') : null;
      if (role === 'theme') {
        const m = NAME_AND_GLOSS.exec(b.text);
        const name = m?.[1] ?? m?.[3];
        if (name && wordCount(name) <= 8) {
          last = emit(draftAt(b, 'theme', name, b.block.start, b.block.start + name.length));
          return;
        }
      }
      const practiceAsk = ctx.frames.some((f) => f.kind.type === 'role' && PRACTICE_ASK.test(f.text));
      const kind = proseKind(b.text, role === 'theme' ? 'learning' : role, last, practiceAsk);
      if (!kind) return;
      const kept =
        kind === 'learning' || kind === 'finding' || kind === 'lesson' ? withoutDocumentTalk(b.text) : null;
      if (kept === undefined) return;
      const [from, to] = kept ?? [0, b.text.length];
      last = emit(
        draftAt(b, kind, b.text.slice(from, to), b.block.start + from, b.block.start + to, { ref }),
      );
      return;
    }

    if (b.block.kind !== 'list-item') return;
    if (listRole === 'absorb' && last) {
      append(last, b);
      return;
    }
    if (listRole !== 'agencies' && emitInlineList(b)) return;
    const role = listRole === 'absorb' ? ctx.role : (listRole ?? ctx.role ?? announced);
    if (role === 'agencies') {
      agencies.push({ name: cleanItemText(b.text), caseFrame: ctx.caseFrame });
      return;
    }
    if (!role || role === 'skip' || role === 'cases') return;
    if (b.block.depth > 0 && last?.fromList && role !== 'theme') {
      append(last, b);
      return;
    }
    const numbered = /\d/.test(marker);
    const ref = numbered ? marker.replace(/[.)]$/, '') : null;
    const kind: ItemKind =
      role === 'theme' ? (wordCount(b.text) <= 20 ? 'theme' : 'learning') : (PROSE_KINDS[role] ?? 'learning');
    last = emit(draftAt(b, kind, b.text, b.block.start, b.block.end, { ref, fromList: true, numbered }));
  });
  flushTable();
  closeSingle();
  return { drafts, agencies };
}

/**
 * The part of a learning paragraph left when sentences about the document or its publication
 * ("This leaflet sets out ...", "In 2016 the Board published two SCRs ...") are taken off its
 * start and end: null when none is, undefined when nothing is left.
 */
const DOCUMENT_TALK_WORD =
  /publish|publication|leaflet|briefing|brief\b|document|report|summar|guide|page|presentation|slide|resource|aim|purpose|objective|available|shared via|download/i;

function withoutDocumentTalk(text: string): [number, number] | null | undefined {
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

/** "MAY 2015 - MARCH 2016", "2019": a date is not a theme. */
function isDateLike(text: string): boolean {
  const words = text
    .replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/gi, '')
    .replace(/[\d\s,.–—/-]+/g, '');
  return words.length === 0;
}
