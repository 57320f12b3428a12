/**
 * The action tracker: finding -> recommendation -> action -> measure ("how will we know") ->
 * evidence of impact. These are the functions the CLI and the web app call. Each takes the
 * principal who acts, finds records within that principal's partnerships (another partnership's
 * action is simply not found), refuses changes from viewers, records every change with its
 * reason in the audit log, and refuses a change made against a stale version.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { REFERENCE_CODES } from '../../classify/reference-codes.ts';
import { LanternError } from '../../shared/errors.ts';
import {
  assertCanEdit,
  canReadConfidential,
  confidentialBlind,
  mayReadDocumentSql,
  readablePartnerships,
  type Principal,
} from '../access/access.ts';
import { recordAudits, type AuditEntry } from '../audit/audit.repository.ts';
import { requirePartnership } from '../partnerships/partnership.repository.ts';
import { resolveReview } from '../reviews/review.service.ts';
import {
  ACTION_STATUSES,
  EVIDENCE_KINDS,
  RAGS,
  derivedRag,
  daysBetween,
  dueOn,
  isDueSoon,
  isOpen,
  isOverdue,
  localToday,
  OPEN_STATUSES,
  normaliseOwner,
  ownerKind,
  parseDay,
  parseDeadlineInput,
  reportedDone,
  type ActionStatus,
  type EvidenceKind,
  type OwnerKind,
  type Rag,
} from './action.rules.ts';
import {
  countActions,
  findActionIds,
  insertActions,
  insertActionThemes,
  insertEvidence,
  insertMeasures,
  reviewsByTheme,
  selectActions,
  selectActionThemes,
  selectEvidence,
  selectMeasures,
  untrackedActionItems,
  updateActionIfVersion,
  type ActionChanges,
  type ActionRecord,
  type EvidenceRecord,
  type MeasureRecord,
} from './action.repository.ts';

export interface ActionView extends ActionRecord {
  ownerKind: OwnerKind;
  /** The RAG a person set, else the one the action earns (see derivedRag). */
  ragShown: Rag | null;
  ragSource: 'set' | 'derived';
  overdue: boolean;
  /** Days late (overdue) or days left (open with a deadline); null otherwise. */
  daysLate: number | null;
  daysLeft: number | null;
  measures: MeasureRecord[];
  evidence: EvidenceRecord[];
  themes: string[];
}

export interface HistoryEntry {
  at: Date;
  actor: string;
  action: string;
  reason: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  detail: Record<string, unknown>;
}

export interface ActionQuery {
  partnership?: string;
  review?: string;
  owner?: string;
  statuses?: ActionStatus[];
  overdue?: boolean;
  /** Open actions due from today to this many days ahead (with `overdue`: either). */
  dueWithin?: number;
  /** Actions that address every one of these themes. */
  themes?: string[];
  /** YYYY-MM-DD; today by default. */
  today?: string;
}

function statusOf(input: string): ActionStatus {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if ((ACTION_STATUSES as readonly string[]).includes(s)) return s as ActionStatus;
  throw new LanternError('INVALID_INPUT', `unknown status "${input}": ${ACTION_STATUSES.join(', ')}`);
}

function ragOf(input: string): Rag {
  const r = input.trim().toLowerCase();
  if ((RAGS as readonly string[]).includes(r)) return r as Rag;
  throw new LanternError('INVALID_INPUT', `unknown RAG rating "${input}": red, amber, green (or auto)`);
}

function themeOf(input: string): string {
  const t = input.trim().toLowerCase();
  if ((REFERENCE_CODES as readonly string[]).includes(t)) return t;
  throw new LanternError(
    'INVALID_INPUT',
    `unknown theme "${input}"; themes are the reference codes listed by: lantern codebook show`,
  );
}

function needReason(reason: string | null | undefined): string {
  const text = reason?.replace(/\s+/g, ' ').trim() ?? '';
  if (text.length < 3)
    throw new LanternError(
      'INVALID_INPUT',
      'say why: every change to an action records a reason (--reason "...")',
    );
  return text;
}

function needText(text: string | undefined, what: string): string {
  const t = text?.replace(/\s+/g, ' ').trim() ?? '';
  if (!t) throw new LanternError('INVALID_INPUT', `${what} cannot be empty`);
  return t;
}

export interface ActionSummary {
  open: number;
  overdue: number;
  /** The open actions most overdue, most days late first. */
  mostOverdue: ActionView[];
}

/** Counts of open and overdue actions and the most overdue ones, in SQL (for the dashboard). */
export async function actionSummary(
  db: Kysely<Database>,
  principal: Principal,
  query: { today?: string; limit?: number } = {},
): Promise<ActionSummary> {
  const today = query.today ?? localToday();
  const filter = {
    partnershipIds: readablePartnerships(principal),
    statuses: [...OPEN_STATUSES],
    hideConfidentialIn: confidentialBlind(principal),
  };
  const counts = await countActions(db, filter, today);
  const late = visible(
    principal,
    await selectActions(db, { ...filter, dueBefore: today, limit: query.limit ?? 10 }),
  );
  return { open: counts.total, overdue: counts.dueBefore, mostOverdue: await views(db, late, today) };
}

/** Records visible to the principal: their partnerships; confidential ones for editors and admins. */
function visible(principal: Principal, records: ActionRecord[]): ActionRecord[] {
  const partnerships = readablePartnerships(principal);
  return records.filter(
    (r) =>
      (partnerships === null || partnerships.includes(r.partnershipId)) &&
      (!r.confidential || canReadConfidential(principal, r.partnershipId)),
  );
}

async function views(db: Kysely<Database>, records: ActionRecord[], today: string): Promise<ActionView[]> {
  const ids = records.map((r) => r.id);
  const [measures, evidence, themes] = await Promise.all([
    selectMeasures(db, ids),
    selectEvidence(db, ids),
    selectActionThemes(db, ids),
  ]);
  const group = <T extends { actionId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.actionId, [...(map.get(row.actionId) ?? []), row]);
    return map;
  };
  const m = group(measures);
  const e = group(evidence);
  const t = group(themes);
  return records.map((r) => {
    const overdue = isOverdue(r.status, r.dueOn, today);
    return {
      ...r,
      ownerKind: ownerKind(r.owner),
      ragShown: (r.rag as Rag | null) ?? derivedRag(r.status, r.dueOn, today),
      ragSource: r.rag ? 'set' : 'derived',
      overdue,
      daysLate: overdue && r.dueOn ? daysBetween(r.dueOn, today) : null,
      daysLeft: isOpen(r.status) && !overdue && r.dueOn ? daysBetween(today, r.dueOn) : null,
      measures: m.get(r.id) ?? [],
      evidence: e.get(r.id) ?? [],
      themes: (t.get(r.id) ?? []).map((x) => x.theme),
    };
  });
}

/** Finds one action the principal may read, by number ("12", "#12") or id (or its start). */
async function findAction(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
  /** Only in this partnership (a replacement is numbered among its partnership's actions). */
  within?: string,
): Promise<ActionRecord> {
  const readable = readablePartnerships(principal);
  let scope = within ? (readable === null || readable.includes(within) ? [within] : []) : readable;
  // Numbers count within a partnership: "Kestrelford#12" (any part of its name) says whose.
  const qualified = /^(.+?)\s*#\s*(\d{1,9})$/.exec(ref.trim());
  if (qualified) {
    const p = await requirePartnership(db, qualified[1] as string, scope);
    scope = [p.id];
  }
  const ids = await findActionIds(db, qualified ? (qualified[2] as string) : ref, scope);
  const found = visible(principal, ids.length ? await selectActions(db, { ids }) : []);
  if (found.length === 0)
    throw new LanternError('NOT_FOUND', `no action "${ref}". List them with: lantern actions list`);
  if (found.length > 1) {
    const first = found[0] as ActionRecord;
    throw new LanternError(
      'AMBIGUOUS',
      `"${ref}" is an action in ${found.length} partnerships: say whose, as ${found
        .map((a) => `"${a.partnership}#${a.number}"`)
        .join(
          ', ',
        )} (a part of the name will do: "${first.partnership.split(/\s+/)[0]?.toLowerCase()}#${first.number}"), or give the action's id`,
    );
  }
  return found[0] as ActionRecord;
}

/** One action with its measures, evidence and themes. */
export async function getAction(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
  today: string = localToday(),
): Promise<ActionView> {
  return (await views(db, [await findAction(db, principal, ref)], today))[0] as ActionView;
}

/** Every change to an action, oldest first, from the audit log. */
export async function actionHistory(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
): Promise<HistoryEntry[]> {
  const action = await findAction(db, principal, ref);
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action', 'detail'])
    .where('entity_type', '=', 'action')
    .where('entity_id', '=', action.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    reason: typeof r.detail.reason === 'string' ? r.detail.reason : null,
    changes: (r.detail.changes as HistoryEntry['changes'] | undefined) ?? {},
    detail: r.detail,
  }));
}

async function partnershipFilter(
  db: Kysely<Database>,
  principal: Principal,
  partnership: string | undefined,
): Promise<string[] | null> {
  const readable = readablePartnerships(principal);
  if (!partnership) return readable;
  return [(await requirePartnership(db, partnership, readable)).id];
}

/** Actions matching a query, with their derived state. */
export async function listActions(
  db: Kysely<Database>,
  principal: Principal,
  query: ActionQuery = {},
): Promise<ActionView[]> {
  const today = query.today ?? localToday();
  const partnershipIds = await partnershipFilter(db, principal, query.partnership);
  const reviewId = query.review ? await resolveReview(db, query.review, principal) : undefined;
  let records = visible(
    principal,
    await selectActions(db, {
      partnershipIds,
      ...(reviewId ? { reviewId } : {}),
      ...(query.statuses?.length ? { statuses: query.statuses.map(statusOf) } : {}),
    }),
  );
  // Filters on the action's own fields first, so measures, evidence and themes are read only
  // for the actions that remain.
  if (query.owner) {
    const want = query.owner.toLowerCase();
    records = records.filter((a) => (a.owner ?? 'not stated').toLowerCase().includes(want));
  }
  const { overdue, dueWithin } = query;
  if (overdue || dueWithin !== undefined)
    records = records.filter(
      (a) =>
        (overdue && isOverdue(a.status, a.dueOn, today)) ||
        (dueWithin !== undefined && isDueSoon(a.status, a.dueOn, today, dueWithin)),
    );
  const out = await views(db, records, today);
  const themes = (query.themes ?? []).map(themeOf);
  return themes.length ? out.filter((a) => themes.every((t) => a.themes.includes(t))) : out;
}

function entry(
  who: { name: string; userId: string | null },
  action: { id: string; partnershipId: string },
  kind: string,
  detail: Record<string, unknown>,
): AuditEntry {
  return {
    actor: who.name,
    userId: who.userId,
    action: kind,
    entityType: 'action',
    entityId: action.id,
    partnershipId: action.partnershipId,
    detail,
  };
}

/**
 * Tracks the actions a document states (called when it is imported): each extracted action
 * becomes a tracked action linked to the recommendation and measures the document links it to,
 * with the owner and deadline it states. An action the document reports as already done starts
 * as completed; the rest as planned. Actions already tracked are left alone.
 */
export async function seedActionsForDocument(
  db: Kysely<Database>,
  documentId: string,
  actor: string,
): Promise<number> {
  const items = await untrackedActionItems(db, documentId);
  if (items.length === 0) return 0;
  const statuses = items.map((i): ActionStatus => (reportedDone(i.text) ? 'completed' : 'planned'));
  const created = await insertActions(
    db,
    items.map((i, n) => ({
      partnershipId: i.partnershipId,
      reviewId: i.reviewId,
      itemId: i.id,
      recommendationId: i.recommendationId,
      text: i.text,
      owner: normaliseOwner(i.owner),
      deadline: i.deadline,
      dueOn: dueOn(i.deadline),
      status: statuses[n] as ActionStatus,
      // A document that reports work done rarely says when: the day is left unknown.
      completedOn: null,
      createdBy: actor,
    })),
  );
  await insertMeasures(
    db,
    items.flatMap((i, n) =>
      i.measures.map((m) => ({
        actionId: created[n]?.id as string,
        itemId: m.id,
        text: m.text,
        createdBy: actor,
      })),
    ),
  );
  await recordAudits(
    db,
    items.map((i, n) => {
      const a = created[n] as { id: string; number: number };
      return entry(
        { name: actor, userId: null },
        { id: a.id, partnershipId: i.partnershipId },
        'action.create',
        {
          number: a.number,
          origin: 'document',
          document: documentId,
          item: i.id,
          status: statuses[n],
          reason:
            statuses[n] === 'completed'
              ? 'tracked from the document, which reports it as already done'
              : 'tracked from the document',
        },
      );
    }),
  );
  return items.length;
}

export interface NewActionInput {
  /** A partnership (slug or name) or a review (id or subject): where the action belongs. */
  partnership?: string;
  review?: string;
  /** The recommendation it answers: an item id (or its start). */
  recommendation?: string;
  text: string;
  owner?: string | null;
  deadline?: string | null;
  measures?: string[];
  themes?: string[];
  status?: string;
  reason?: string;
  today?: string;
}

/** A recommendation among the items of documents the principal may read. */
async function findRecommendation(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
): Promise<{ id: string; reviewId: string | null; partnershipId: string }> {
  const text = ref.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(text))
    throw new LanternError(
      'INVALID_INPUT',
      `--recommendation takes an item id (see lantern show REVIEW), not "${ref}"`,
    );
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .select(['i.id', 'i.review_id', 'i.kind', 'd.partnership_id'])
    .where(mayReadDocumentSql(principal))
    .where((eb) => eb(eb.cast('i.id', 'text'), 'like', `${text}%`))
    .limit(2)
    .execute();
  if (rows.length !== 1)
    throw new LanternError(
      rows.length ? 'AMBIGUOUS' : 'NOT_FOUND',
      `${rows.length ? 'several items start with' : 'no item'} "${ref}"`,
    );
  const row = rows[0] as (typeof rows)[number];
  if (row.kind !== 'recommendation')
    throw new LanternError('INVALID_INPUT', `item ${ref} is a ${row.kind}, not a recommendation`);
  return { id: row.id, reviewId: row.review_id, partnershipId: row.partnership_id };
}

/** Adds an action by hand. */
export async function createAction(
  db: Kysely<Database>,
  principal: Principal,
  input: NewActionInput,
): Promise<ActionView> {
  const text = needText(input.text, 'the action');
  const today = input.today ?? localToday();
  const deadline = input.deadline ? parseDeadlineInput(input.deadline) : null;
  const status = input.status ? statusOf(input.status) : 'planned';
  if (status === 'evidenced')
    throw new LanternError(
      'INVALID_INPUT',
      'a new action has no evidence yet: add it as planned, then record evidence',
    );
  const themes = [...new Set((input.themes ?? []).map(themeOf))];
  const measures = (input.measures ?? []).map((m) => needText(m, 'a measure'));

  let partnershipId: string | null = null;
  let reviewId: string | null = null;
  let recommendationId: string | null = null;
  if (input.recommendation) {
    const rec = await findRecommendation(db, principal, input.recommendation);
    ({ partnershipId, reviewId } = rec);
    recommendationId = rec.id;
  }
  if (input.review) {
    const id = await resolveReview(db, input.review, principal);
    const row = await db
      .selectFrom('reviews')
      .select(['id', 'partnership_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (reviewId && reviewId !== row.id)
      throw new LanternError('INVALID_INPUT', 'the recommendation belongs to another review');
    reviewId = row.id;
    partnershipId = row.partnership_id;
  }
  if (input.partnership) {
    const p = await requirePartnership(db, input.partnership, readablePartnerships(principal));
    if (partnershipId && partnershipId !== p.id)
      throw new LanternError(
        'INVALID_INPUT',
        `the review belongs to another partnership than "${input.partnership}"`,
      );
    partnershipId = p.id;
  }
  if (!partnershipId)
    throw new LanternError(
      'INVALID_INPUT',
      'say where the action belongs: a partnership, a review or a recommendation',
    );
  const readable = readablePartnerships(principal);
  if (readable !== null && !readable.includes(partnershipId))
    throw new LanternError('NOT_FOUND', 'no such partnership, review or recommendation');
  assertCanEdit(principal, partnershipId, 'its actions');

  const id = await db.transaction().execute(async (tx) => {
    const [created] = await insertActions(tx, [
      {
        partnershipId: partnershipId,
        reviewId,
        itemId: null,
        recommendationId,
        text,
        owner: normaliseOwner(input.owner),
        deadline,
        dueOn: dueOn(deadline),
        status,
        completedOn: status === 'completed' ? today : null,
        createdBy: principal.name,
      },
    ]);
    const a = created as { id: string; number: number };
    await insertMeasures(
      tx,
      measures.map((m) => ({ actionId: a.id, itemId: null, text: m, createdBy: principal.name })),
    );
    await insertActionThemes(tx, a.id, themes, principal.name);
    await recordAudits(tx, [
      entry(principal, { id: a.id, partnershipId: partnershipId }, 'action.create', {
        number: a.number,
        origin: 'user',
        reason: input.reason?.trim() || 'added by hand',
        values: { text, owner: normaliseOwner(input.owner), deadline, status, measures, themes },
      }),
    ]);
    return a.id;
  });
  return getAction(db, principal, id, today);
}

export interface ActionUpdate {
  /** The version the change was made against (from list, show or the page). */
  expectedVersion: number;
  reason: string;
  status?: string;
  owner?: string | null;
  deadline?: string | null;
  /** A rating, or null to go back to the derived one. */
  rag?: string | null;
  text?: string;
  completedOn?: string;
  /** The action that replaces this one (status superseded). */
  supersededBy?: string;
  themes?: string[];
  today?: string;
}

/**
 * Changes an action. The change applies only if nobody changed the action since
 * `expectedVersion`; otherwise nothing is saved and a CONFLICT error says who changed it.
 */
export async function updateAction(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
  update: ActionUpdate,
): Promise<ActionView> {
  const today = update.today ?? localToday();
  const action = await findAction(db, principal, ref);
  assertCanEdit(principal, action.partnershipId, 'this action');
  const reason = needReason(update.reason);

  const changes: ActionChanges = {};
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  const set = <K extends keyof ActionChanges>(key: K, field: string, from: unknown, to: ActionChanges[K]) => {
    if (from === to) return;
    changes[key] = to;
    diff[field] = { from, to };
  };
  if (update.text !== undefined) set('text', 'text', action.text, needText(update.text, 'the action'));
  if (update.owner !== undefined) set('owner', 'owner', action.owner, normaliseOwner(update.owner));
  if (update.deadline !== undefined) {
    const deadline = update.deadline === null ? null : parseDeadlineInput(update.deadline);
    set('deadline', 'deadline', action.deadline, deadline);
    if (changes.deadline !== undefined) changes.dueOn = dueOn(deadline);
  }
  if (update.rag !== undefined) set('rag', 'rag', action.rag, update.rag === null ? null : ragOf(update.rag));
  let status = action.status;
  if (update.status !== undefined) {
    status = statusOf(update.status);
    set('status', 'status', action.status, status);
  }
  if (update.supersededBy !== undefined) {
    if (status !== 'superseded')
      throw new LanternError(
        'INVALID_INPUT',
        'only a superseded action has a replacement: set --status superseded too',
      );
    // The replacement is one of the same partnership's actions.
    const by = await findAction(db, principal, update.supersededBy, action.partnershipId);
    if (by.id === action.id) throw new LanternError('INVALID_INPUT', 'an action cannot replace itself');
    if (by.number !== action.supersededBy) {
      changes.supersededBy = by.id;
      diff['superseded by'] = { from: action.supersededBy, to: by.number };
    }
  } else if (changes.status !== undefined && status !== 'superseded' && action.supersededBy !== null) {
    set('supersededBy', 'superseded by', action.supersededBy, null);
  }
  if (changes.status !== undefined) {
    if (status === 'evidenced') {
      const evidence = await selectEvidence(db, [action.id]);
      if (evidence.length === 0)
        throw new LanternError(
          'INVALID_INPUT',
          `action ${action.number} has no evidence of impact yet: record it first (lantern actions evidence ${action.number} ...)`,
        );
    }
    const done = status === 'completed' || status === 'evidenced';
    if (done && !action.completedOn) set('completedOn', 'completed on', action.completedOn, today);
    if (!done && status !== 'superseded' && action.completedOn)
      set('completedOn', 'completed on', action.completedOn, null);
  }
  if (update.completedOn !== undefined) {
    const day = parseDay(update.completedOn, today, '--completed-on');
    if (day > today) throw new LanternError('INVALID_INPUT', `--completed-on ${day} is in the future`);
    set('completedOn', 'completed on', action.completedOn, day);
  }
  const themes = [...new Set((update.themes ?? []).map(themeOf))];
  if (Object.keys(diff).length === 0 && themes.length === 0)
    throw new LanternError('INVALID_INPUT', `nothing to change: action ${action.number} already says that`);
  if (themes.length) diff.themes = { from: null, to: themes };

  await db.transaction().execute(async (tx) => {
    const version = await updateActionIfVersion(
      tx,
      action.id,
      update.expectedVersion,
      changes,
      principal.name,
    );
    if (version === null) {
      const now = await tx
        .selectFrom('actions')
        .select(['version', 'updated_by', 'updated_at'])
        .where('id', '=', action.id)
        .executeTakeFirst();
      if (!now) throw new LanternError('NOT_FOUND', `action ${action.number} no longer exists`);
      throw new LanternError(
        'CONFLICT',
        `action ${action.number} was changed by ${now.updated_by} at ${now.updated_at.toISOString()} after you read it ` +
          `(it is at version ${now.version}; your change was made against version ${update.expectedVersion}). ` +
          'Nothing was saved: look at the action again and make your change on the current version.',
      );
    }
    await insertActionThemes(tx, action.id, themes, principal.name);
    await recordAudits(tx, [
      entry(principal, action, 'action.update', { number: action.number, reason, changes: diff, version }),
    ]);
  });
  return getAction(db, principal, action.id, today);
}

export interface EvidenceInput {
  kind: string;
  summary: string;
  /** When the audit, survey or training happened; today by default. */
  occurredOn?: string;
  /** Which measure it evidences: its position (1, 2 ...) or id. */
  measure?: string;
  reference?: string;
  today?: string;
}

/** Records evidence of an action's impact (an audit result, a survey figure, training numbers, a document). */
export async function addEvidence(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
  input: EvidenceInput,
): Promise<EvidenceRecord> {
  const today = input.today ?? localToday();
  const action = await findAction(db, principal, ref);
  assertCanEdit(principal, action.partnershipId, 'this action');
  const kind = input.kind.trim().toLowerCase();
  if (!(EVIDENCE_KINDS as readonly string[]).includes(kind))
    throw new LanternError(
      'INVALID_INPUT',
      `unknown kind of evidence "${input.kind}": ${EVIDENCE_KINDS.join(', ')}`,
    );
  const summary = needText(input.summary, 'the evidence summary');
  const occurredOn = input.occurredOn ? parseDay(input.occurredOn, today, '--date') : today;
  if (occurredOn > today)
    throw new LanternError('INVALID_INPUT', `evidence dated ${occurredOn} is in the future`);
  let measureId: string | null = null;
  if (input.measure) {
    const measures = await selectMeasures(db, [action.id]);
    const want = input.measure.trim().toLowerCase();
    const found = /^\d+$/.test(want)
      ? measures[Number(want) - 1]
      : measures.find((m) => m.id.startsWith(want));
    if (!found)
      throw new LanternError(
        'INVALID_INPUT',
        `action ${action.number} has no measure "${input.measure}"; it has ${measures.length} (numbered from 1)`,
      );
    measureId = found.id;
  }
  return db.transaction().execute(async (tx) => {
    const record = {
      actionId: action.id,
      measureId,
      kind: kind as EvidenceKind,
      summary,
      occurredOn,
      documentId: null,
      reference: input.reference?.trim() || null,
      recordedBy: principal.name,
    };
    const { id, recordedAt } = await insertEvidence(tx, record);
    await recordAudits(tx, [
      entry(principal, action, 'action.evidence', {
        number: action.number,
        reason: `evidence recorded: ${kind}`,
        evidence: { id, kind, summary, occurredOn, measure: measureId, reference: record.reference },
      }),
    ]);
    return { ...record, id, recordedAt };
  });
}

export interface OwnerDigest {
  owner: string;
  ownerKind: OwnerKind;
  overdue: ActionView[];
  dueSoon: ActionView[];
  /** Open actions with no deadline: nobody can say they are late. */
  noDeadline: ActionView[];
  open: number;
}

/** Open actions grouped by owner: overdue, due within `dueWithin` days, and without a deadline. */
export async function ownerDigest(
  db: Kysely<Database>,
  principal: Principal,
  query: { dueWithin: number; partnership?: string; owner?: string; today?: string },
): Promise<OwnerDigest[]> {
  const today = query.today ?? localToday();
  const open = await listActions(db, principal, {
    ...(query.partnership ? { partnership: query.partnership } : {}),
    ...(query.owner ? { owner: query.owner } : {}),
    statuses: [...OPEN_STATUSES],
    today,
  });
  const byOwner = new Map<string, OwnerDigest>();
  for (const a of open) {
    const owner = a.owner ?? 'Owner not stated';
    const d = byOwner.get(owner) ?? {
      owner,
      ownerKind: a.ownerKind,
      overdue: [],
      dueSoon: [],
      noDeadline: [],
      open: 0,
    };
    d.open += 1;
    if (a.overdue) d.overdue.push(a);
    else if (isDueSoon(a.status, a.dueOn, today, query.dueWithin)) d.dueSoon.push(a);
    else if (!a.dueOn) d.noDeadline.push(a);
    byOwner.set(owner, d);
  }
  const late = (a: ActionView) => a.dueOn ?? '';
  return [...byOwner.values()]
    .map((d) => ({
      ...d,
      overdue: d.overdue.sort((x, y) => late(x).localeCompare(late(y))),
      dueSoon: d.dueSoon.sort((x, y) => late(x).localeCompare(late(y))),
    }))
    .sort(
      (a, b) =>
        b.overdue.length - a.overdue.length ||
        b.dueSoon.length - a.dueSoon.length ||
        a.owner.localeCompare(b.owner),
    );
}

export interface ReviewProgress {
  reviewId: string | null;
  review: string;
  partnership: string;
  total: number;
  byStatus: Record<ActionStatus, number>;
  overdue: number;
  /** Actions that say how impact will be known. */
  withMeasures: number;
  withEvidence: number;
  /** Completed or evidenced, of those not superseded, as a percentage. */
  percentDone: number | null;
}

/** Progress on each review's actions. */
export async function progressByReview(
  db: Kysely<Database>,
  principal: Principal,
  query: { partnership?: string; today?: string } = {},
): Promise<ReviewProgress[]> {
  const actions = await listActions(db, principal, query);
  const groups = new Map<string, ActionView[]>();
  for (const a of actions) {
    const key = a.reviewId ?? `partnership:${a.partnershipId}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map((list) => {
    const first = list[0] as ActionView;
    const byStatus = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
    for (const a of list) byStatus[a.status as ActionStatus] += 1;
    const live = list.length - byStatus.superseded;
    return {
      reviewId: first.reviewId,
      review: first.review ?? 'Not tied to a review',
      partnership: first.partnership,
      total: list.length,
      byStatus,
      overdue: list.filter((a) => a.overdue).length,
      withMeasures: list.filter((a) => a.measures.length > 0).length,
      withEvidence: list.filter((a) => a.evidence.length > 0).length,
      percentDone: live ? Math.round((100 * (byStatus.completed + byStatus.evidenced)) / live) : null,
    };
  });
}

export interface ThemeCoverage {
  theme: string;
  /** Reviews (in scope) coded with the theme. */
  reviews: number;
  actions: number;
  open: number;
  completed: number;
  evidenced: number;
  /** Numbers of the actions that address the theme. */
  actionNumbers: number[];
  finding: 'no actions' | 'no evidence of impact' | 'evidence of impact';
}

/**
 * For each theme that recurs (in at least `minReviews` reviews): the actions that address it,
 * and whether any has evidence of impact. Themes with no action, and themes whose actions have
 * no evidence, come first: that is where a board should look.
 */
export async function themeCoverage(
  db: Kysely<Database>,
  principal: Principal,
  query: { partnership?: string; minReviews?: number; today?: string } = {},
): Promise<ThemeCoverage[]> {
  const minReviews = query.minReviews ?? 2;
  const partnershipIds = await partnershipFilter(db, principal, query.partnership);
  const reviews = await reviewsByTheme(db, partnershipIds);
  const actions = (await listActions(db, principal, query)).filter((a) => a.status !== 'superseded');
  const rank = { 'no actions': 0, 'no evidence of impact': 1, 'evidence of impact': 2 } as const;
  return [...reviews.entries()]
    .filter(([, ids]) => ids.length >= minReviews)
    .map(([theme, ids]): ThemeCoverage => {
      const mine = actions.filter((a) => a.themes.includes(theme));
      const evidenced = mine.filter((a) => a.status === 'evidenced' || a.evidence.length > 0).length;
      return {
        theme,
        reviews: ids.length,
        actions: mine.length,
        open: mine.filter((a) => isOpen(a.status)).length,
        completed: mine.filter((a) => a.status === 'completed').length,
        evidenced,
        actionNumbers: mine.map((a) => a.number),
        finding:
          mine.length === 0 ? 'no actions' : evidenced === 0 ? 'no evidence of impact' : 'evidence of impact',
      };
    })
    .sort(
      (a, b) => rank[a.finding] - rank[b.finding] || b.reviews - a.reviews || a.theme.localeCompare(b.theme),
    );
}
