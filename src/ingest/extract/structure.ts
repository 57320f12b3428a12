/**
 * The document's structure: each block with the section it sits in. A heading opens a frame on a
 * stack; what the frame is (a role section, a single item, a theme, a case, a plain topic) comes
 * from the heading's words (vocabulary.ts).
 *
 * Levels: explicit headings (#, <h2>, heading styles, larger fonts) nest by their level. Guessed
 * headings (a short line in plain text, a bold line) have no trustworthy level, so they nest by
 * kind instead: a theme above a role section, a role above a case or single item, and a plain
 * topic below all of them. A topic at the same level as a role heading stays inside that section:
 * documents converted from PDF mark sibling sub-topics inconsistently.
 */
import { blockText, type Block, type ReadResult } from '../blocks.ts';
import { isChrome, isFieldLine } from './chrome.ts';
import { caseSubjectOf, namedCaseHeading, subjectInHeading } from './subjects.ts';
import {
  roleOf,
  singleItemOf,
  themeHeadingOf,
  type SectionRole,
  type SingleItemHeading,
} from './vocabulary.ts';

export type FrameKind =
  | { type: 'single'; item: SingleItemHeading }
  | { type: 'theme'; name: string; nameStart: number }
  | { type: 'role'; role: SectionRole }
  | { type: 'case'; subject: string; subjectStart: number }
  | { type: 'topic' };

export interface Frame {
  id: number;
  level: number;
  kind: FrameKind;
  /** Index of the heading block. */
  index: number;
  text: string;
  start: number;
  end: number;
}

export interface BlockContext {
  /** The role content here takes: the nearest role section, learning under a theme, null outside any. */
  role: SectionRole | null;
  /** True when a plain topic heading sits between the content and a `theme` role section. */
  underTopic: boolean;
  /** The enclosing single-item heading ("Finding BE1"), if any. */
  single: Frame | null;
  /** The theme the content is under: a "THEME 1: ..." heading or a topic heading in a learning section. */
  theme: Frame | null;
  /** The case the content describes, if any. */
  caseFrame: Frame | null;
  /** Every enclosing frame, outermost first. */
  frames: Frame[];
}

export interface StructuredBlock {
  block: Block;
  index: number;
  text: string;
  ctx: BlockContext;
  /** For headings: the frame the heading opened. */
  frame?: Frame;
}

const RANK: Record<FrameKind['type'], number> = { theme: 1, role: 2, case: 3, single: 3, topic: 4 };

function classifyHeading(
  text: string,
  start: number,
  parentRole: SectionRole | null,
  atTop: boolean,
  body: string,
): FrameKind {
  const item = singleItemOf(text);
  if (item) return { type: 'single', item };
  const theme = themeHeadingOf(text);
  if (theme) return { type: 'theme', name: theme, nameStart: start + text.lastIndexOf(theme) };
  // A line stating a day's date ("Child G  Published 14 June 2017") is a register row, not a section.
  const role = FULL_DATE.test(text) ? null : roleOf(text);
  const named = subjectInHeading(text) ?? namedCaseHeading(text, body);
  // "Serious Case Review: Case Q" names a case; "... Case Q History of the case" opens a section.
  // A document's title names its case even when it also says "action plan" or "response".
  // "Publication of Concise Child Practice Review: CPR KES 3" is the statement's title, naming its case.
  if (named && (atTop || (role === 'skip' && /\bpublication\b|\bpublished\b/i.test(text))))
    return { type: 'case', subject: named.subject, subjectStart: start + named.index };
  // A document's title ("Publication of ...", "Introduction to ...") is no skipped section.
  if (role === 'skip' && atTop) return { type: 'topic' };
  if (role && !(role === 'skip' && named && parentRole === 'cases')) return { type: 'role', role };
  if (named) return { type: 'case', subject: named.subject, subjectStart: start + named.index };
  if (parentRole === 'cases') {
    const subject = caseSubjectOf(text);
    if (subject) return { type: 'case', subject: subject.subject, subjectStart: start + subject.index };
  }
  return { type: 'topic' };
}

/** The nearest role section on the stack, looking past topics, cases and themes. */
function nearestRole(stack: Frame[]): { role: SectionRole | null; underTopic: boolean; viaTheme: boolean } {
  let underTopic = false;
  for (let i = stack.length - 1; i >= 0; i--) {
    const k = (stack[i] as Frame).kind;
    if (k.type === 'role') return { role: k.role, underTopic, viaTheme: false };
    if (k.type === 'theme') return { role: 'learning', underTopic, viaTheme: true };
    if (k.type === 'topic') underTopic = true;
  }
  return { role: null, underTopic, viaTheme: false };
}

function contextOf(stack: Frame[]): BlockContext {
  const { role, underTopic } = nearestRole(stack);
  let single: Frame | null = null;
  let theme: Frame | null = null;
  let caseFrame: Frame | null = null;
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i] as Frame;
    if (!single && f.kind.type === 'single') single = f;
    if (!caseFrame && f.kind.type === 'case') caseFrame = f;
    if (!theme && (f.kind.type === 'theme' || (f.kind.type === 'topic' && topicIsTheme(stack.slice(0, i)))))
      theme = f;
  }
  return {
    role: role === 'theme' && underTopic ? 'learning' : role,
    underTopic,
    single,
    theme,
    caseFrame,
    frames: [...stack],
  };
}

/** A topic heading names a theme when it sits in a themes, findings, learning or recommendations section. */
export function topicIsTheme(ancestors: Frame[]): boolean {
  if (ancestors.some((f) => f.kind.type === 'single')) return false;
  const { role } = nearestRole(ancestors);
  return (
    role === 'theme' ||
    role === 'finding' ||
    role === 'learning' ||
    role === 'lesson' ||
    role === 'recommendation'
  );
}

/** How deep a heading's own section number is ("2." -> 1, "2.3" -> 2), 0 when unnumbered. */
function numberDepth(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)*)\.?\s/.exec(text);
  return m ? (m[1] ?? '').split('.').length : 0;
}

function sameNumbering(a: string, b: string): boolean {
  const depth = numberDepth(a);
  return depth > 0 && depth === numberDepth(b);
}

const FULL_DATE =
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d{2}\b/i;

/**
 * The sections an explicit heading of `level` sits in: those above its level, and a list of cases
 * styled at its own level ("2.3 Brief summary of each case", then "Baby A", "Child G" alike).
 */
function sectionsAbove(stack: Frame[], level: number): Frame[] {
  let i = stack.length - 1;
  while (i >= 0 && (stack[i] as Frame).level === level && (stack[i] as Frame).kind.type === 'case') i--;
  const frame = stack[i];
  const casesHere =
    frame && frame.level === level && frame.kind.type === 'role' && frame.kind.role === 'cases';
  return stack.filter((f, j) => f.level < level || (casesHere && j === i));
}

/** Walks the blocks, giving each its section context. */
export function structure(read: ReadResult): StructuredBlock[] {
  const stack: Frame[] = [];
  const out: StructuredBlock[] = [];
  let nextId = 1;
  let seenHeading = false;
  /** Frames with text directly under them (not only under sub-headings). */
  const ownText = new Set<number>();
  read.blocks.forEach((block, index) => {
    const text = blockText(read.text, block);
    // Navigation, stamps and download prompts of a saved web page are no part of the document.
    if (block.kind !== 'table-row' && isChrome(text)) return;
    // "Author: ...", "Year: 2013": a page's fields, not sections.
    if (block.kind !== 'heading' || isFieldLine(text)) {
      const innermost = stack[stack.length - 1];
      if (innermost) ownText.add(innermost.id);
      const asText = block.kind === 'heading' ? { ...block, kind: 'paragraph' as const } : block;
      out.push({ block: asText, index, text, ctx: contextOf(stack) });
      return;
    }
    const atTop = !seenHeading;
    seenHeading = true;
    // An explicit heading is classified within the sections above its level, not its sibling's.
    const above = block.inferred ? stack : sectionsAbove(stack, block.level);
    const kind = classifyHeading(text, block.start, nearestRole(above).role, atTop, read.text);
    const level = block.inferred ? 10 + RANK[kind.type] : block.level;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      // Guessed headings "1. Background" and "2. Why it matters" are siblings, whatever their kinds.
      if (block.inferred && top.level >= 10 && sameNumbering(top.text, text)) {
        stack.pop();
        continue;
      }
      if (top.level < level) break;
      // A guessed role or theme heading (a bold line) holds the explicit topic headings after it:
      // authors style a section's name by hand and its sub-topics with heading styles.
      // Only a section with no text of its own yet: one that has text was not their parent.
      const guessedRole = top.level >= 10 && (top.kind.type === 'role' || top.kind.type === 'theme');
      if (guessedRole && !block.inferred && kind.type === 'topic' && !ownText.has(top.id)) break;
      // "2.3 Summary of each case" and its cases styled at one level: the cases sit inside it.
      if (
        top.level === level &&
        top.kind.type === 'role' &&
        top.kind.role === 'cases' &&
        kind.type === 'case'
      )
        break;
      const roleLike = top.kind.type === 'role' || top.kind.type === 'theme';
      // Numbered headings of the same depth ("1. Background", "2. Why it matters") are siblings.
      if (top.level === level && kind.type === 'topic' && roleLike && !sameNumbering(top.text, text)) break;
      stack.pop();
    }
    const frame: Frame = { id: nextId++, level, kind, index, text, start: block.start, end: block.end };
    const ctx = contextOf(stack);
    stack.push(frame);
    out.push({ block, index, text, ctx, frame });
  });
  return out;
}
