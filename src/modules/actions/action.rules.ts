/**
 * The tracker's rules, pure: when an action falls due, when it is overdue or due soon, the RAG
 * rating it earns when nobody has set one, what kind of body owns it, and whether a document
 * reports it as already done.
 */
import { parseDeadline } from '../../ingest/extract/dates.ts';
import { LanternError } from '../../shared/errors.ts';

export const ACTION_STATUSES = ['planned', 'in-progress', 'completed', 'evidenced', 'superseded'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const RAGS = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAGS)[number];
export const EVIDENCE_KINDS = ['audit', 'survey', 'training', 'data', 'document', 'note'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Statuses in which an action is still to be done, and so can be late. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['planned', 'in-progress'];
/** Days ahead that count as "due soon" when nobody says otherwise. */
export const DUE_SOON_DAYS = 30;

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * The day a deadline falls due: the day itself, or the last day of a month or a year given
 * without a day ("2027-03" is due on 31 March 2027). Null for no deadline.
 */
export function dueOn(deadline: string | null): string | null {
  if (!deadline) return null;
  const [y, m, d] = deadline.split('-').map(Number) as [number, number?, number?];
  if (d !== undefined) return deadline;
  const last = m !== undefined ? new Date(Date.UTC(y, m, 0)) : new Date(Date.UTC(y, 11, 31));
  return last.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Overdue: still open after the day it was due. An action due today is not overdue until tomorrow.
 */
export function isOverdue(status: string, due: string | null, today: string): boolean {
  return isOpen(status) && due !== null && due < today;
}

/** Due soon: still open and due between today and `withinDays` days from now, inclusive. */
export function isDueSoon(status: string, due: string | null, today: string, withinDays: number): boolean {
  return isOpen(status) && due !== null && due >= today && due <= addDays(today, withinDays);
}

/**
 * The RAG rating an action earns when nobody has set one: green when done (or on track), red
 * when overdue, amber when due within 30 days or when it has no deadline at all (an action
 * without a date cannot be held to account). Superseded actions have none.
 */
export function derivedRag(status: string, due: string | null, today: string): Rag | null {
  if (status === 'superseded') return null;
  if (status === 'completed' || status === 'evidenced') return 'green';
  if (due === null) return 'amber';
  if (due < today) return 'red';
  if (due <= addDays(today, DUE_SOON_DAYS)) return 'amber';
  return 'green';
}

export type OwnerKind = 'subgroup' | 'board' | 'agency' | 'not stated';

/** What kind of body an owner is, for grouping: a subgroup, the board or partnership, or an agency. */
export function ownerKind(owner: string | null): OwnerKind {
  if (!owner) return 'not stated';
  if (/\b(sub-?groups?|groups?|forums?|panels?|committees?|working party)\b/i.test(owner)) return 'subgroup';
  if (/\b(LSCB|LSCP|SCP|SCB|MASA|board|partnership|executive)\b/i.test(owner)) return 'board';
  return 'agency';
}

/** An owner as people write it in a table: "The LSCB" and "LSCB" are one owner. */
export function normaliseOwner(owner: string | null | undefined): string | null {
  const text = owner
    ?.replace(/\s+/g, ' ')
    .trim()
    .replace(/^the\s+/i, '');
  return text ? text : null;
}

const FUTURE = /\b(will|shall|to be|plans? to|intends? to|agreed to|going to)\b/i;
const DONE =
  /\b(?:has|have) (?:now |also |already )?been (?!asked|requested|invited|tasked)\w+|\b(?:has|have) (?:now |also |already )?(?!asked|requested|agreed|decided|committed|invited|tasked|commissioned a)\w+ed\b|\b(?:has|have) (?:now |also |already )?(?:improved|introduced|implemented|delivered|completed|published|developed|launched|revised|updated|established|created|produced|commissioned|appointed|embedded|rolled out|put in place)\b|\bnow (?:available|in place|uses?|used|embedded)\b|\b(?:was|were) (?:introduced|implemented|delivered|completed|published|developed|launched|revised|updated|established|created|produced|commissioned|held|run|rolled out)\b/i;

/**
 * Whether a document reports an action as already done ("Improvements have been made",
 * "now available via e-learning") rather than promised ("LSCB to conduct", "will be reviewed").
 */
export function reportedDone(text: string): boolean {
  return DONE.test(text) && !FUTURE.test(text);
}

/**
 * A deadline as people type it ("2027-03-31", "31/03/2027", "March 2027", "Q1 2027", "2027"),
 * normalised to YYYY, YYYY-MM or YYYY-MM-DD; an empty value or "none" clears it.
 */
export function parseDeadlineInput(input: string): string | null {
  const text = input.trim();
  if (!text || /^(none|no deadline|-)$/i.test(text)) return null;
  const parsed = parseDeadline(text);
  if (!parsed)
    throw new LanternError(
      'INVALID_INPUT',
      `"${input}" is not a deadline Lantern can read: give a date (2027-03-31 or 31/03/2027), a month (March 2027) or a year`,
    );
  return parsed;
}

/** A day people type: YYYY-MM-DD or DD/MM/YYYY; "today" is today. */
export function parseDay(input: string, today: string, what: string): string {
  const text = input.trim();
  if (/^today$/i.test(text)) return today;
  const parsed = parseDeadline(text);
  if (!parsed || parsed.length !== 10)
    throw new LanternError(
      'INVALID_INPUT',
      `${what} must be a day (2027-03-31 or 31/03/2027), not "${input}"`,
    );
  return parsed;
}

/** "30d", "30", "4w", "2m": a number of days ahead. */
export function parseWithin(input: string): number {
  const m = /^\s*(\d+)\s*(d|days?|w|weeks?|m|months?)?\s*$/i.exec(input);
  if (!m)
    throw new LanternError(
      'USAGE',
      `--due-within takes a number of days like 30d (or 4w, 2m), not "${input}"`,
    );
  const n = Number(m[1]);
  const unit = (m[2] ?? 'd').toLowerCase()[0];
  return unit === 'w' ? n * 7 : unit === 'm' ? n * 30 : n;
}

/** Today's date where Lantern runs, as YYYY-MM-DD (local time: a board's day, not UTC's). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
