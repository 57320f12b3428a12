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
import { isGeneralStatement, proseRuns } from './prose.ts';
import {
  ANNOUNCES_LEARNING,
  inlineListOf,
  isDateLike,
  isLeadIn,
  isListLabel,
  lastSentence,
  leadInRole,
  MULTI_LEVEL_NUMBER,
  NAME_AND_GLOSS,
  ownerInText,
  PROSE_KINDS,
  proseKind,
  withoutDocumentTalk,
} from './item-rules.ts';
import { tableItems, type TableDraft } from './tables.ts';
import { cleanItemText, isBracketedReference, normaliseForCompare, wordCount } from './text.ts';
import { leadInRoleOf, PRACTICE_ASK, type SectionRole } from './vocabulary.ts';

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
  /** A bullet ending in a colon, whose sub-points may have lost their indent. */
  let opensSubPoints: Draft | undefined;
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
    // "The key points were:" as a bullet, then fragments ("poor understanding of neglect;") at the
    // same depth: the reader lost their indent; they are the bullet's sub-points.
    if (last && last === opensSubPoints && role !== 'theme' && /^\p{Ll}/u.test(b.text)) {
      append(last, b);
      return;
    }
    const numbered = /\d/.test(marker);
    const ref = numbered ? marker.replace(/[.)]$/, '') : null;
    const kind: ItemKind =
      role === 'theme' ? (wordCount(b.text) <= 20 ? 'theme' : 'learning') : (PROSE_KINDS[role] ?? 'learning');
    last = emit(draftAt(b, kind, b.text, b.block.start, b.block.end, { ref, fromList: true, numbered }));
    opensSubPoints = /:\s*$/.test(b.text) ? last : undefined;
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
