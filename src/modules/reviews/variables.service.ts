/**
 * A review's case variables as people read and correct them: every variable with its value (or
 * "not-stated"), where it came from (the machine, with the words of its source, or a person, with
 * their reason). Setting one needs the editor or admin role in the review's partnership and is
 * recorded in the audit log; a review in another partnership is not found.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  CASE_VARIABLES,
  VARIABLE_LABELS,
  valuesOf,
  type CaseVariableName,
} from '../../ingest/extract/case-variables.ts';
import { LanternError } from '../../shared/errors.ts';
import { assertCanEdit, type Principal } from '../access/access.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { resolveReview } from './review.service.ts';
import {
  listReviewVariables,
  reviewPartnershipId,
  setPersonVariable,
  type StoredVariable,
} from './variables.repository.ts';

export const NOT_STATED = 'not-stated';

export interface VariableView {
  name: CaseVariableName;
  label: string;
  value: string;
  /** null: nothing stored (not stated). */
  source: 'machine' | 'person' | null;
  fileName: string | null;
  span: [number, number] | null;
  quote: string | null;
  setBy: string | null;
  setAt: Date | null;
  reason: string | null;
}

/** "known-to-csc", "Known_To_CSC" -> "known_to_csc"; refuses an unknown name. */
export function variableNamed(name: string): CaseVariableName {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((CASE_VARIABLES as readonly string[]).includes(key)) return key as CaseVariableName;
  throw new LanternError(
    'USAGE',
    `no case variable "${name}"; the variables are: ${CASE_VARIABLES.join(', ')}`,
  );
}

/** The values a person may give a variable: what the text may state, and not-stated. */
export function allowedValues(name: CaseVariableName): string[] {
  return [...valuesOf(name), NOT_STATED];
}

function view(name: CaseVariableName, stored: StoredVariable | undefined): VariableView {
  return {
    name,
    label: VARIABLE_LABELS[name],
    value: stored?.value ?? NOT_STATED,
    source: stored?.source ?? null,
    fileName: stored?.fileName ?? null,
    span: stored?.span ?? null,
    quote: stored?.quote ?? null,
    setBy: stored?.setBy ?? null,
    setAt: stored?.setAt ?? null,
    reason: stored?.reason ?? null,
  };
}

/** Every case variable of the review the principal finds by `ref`. */
export async function reviewVariables(
  db: Kysely<Database>,
  principal: Principal,
  ref: string,
): Promise<{ reviewId: string; variables: VariableView[] }> {
  const reviewId = await resolveReview(db, ref, principal);
  const stored = new Map((await listReviewVariables(db, reviewId)).map((v) => [v.name, v]));
  return { reviewId, variables: CASE_VARIABLES.map((name) => view(name, stored.get(name))) };
}

/** Sets one variable of a review as a person's decision, with its reason, in the audit log. */
export async function setReviewVariable(
  db: Kysely<Database>,
  principal: Principal,
  input: { ref: string; name: string; value: string; reason: string },
): Promise<VariableView> {
  const name = variableNamed(input.name);
  const value = input.value.trim().toLowerCase().replace(/\s+/g, '-');
  const allowed = allowedValues(name);
  if (!allowed.includes(value))
    throw new LanternError('USAGE', `${name} takes one of: ${allowed.join(', ')} (not "${input.value}")`);
  const reason = input.reason.trim();
  if (!reason) throw new LanternError('USAGE', 'a reason is required (--reason TEXT)');
  const reviewId = await resolveReview(db, input.ref, principal);
  const partnershipId = await reviewPartnershipId(db, reviewId);
  if (!partnershipId) throw new LanternError('NOT_FOUND', `No review matches "${input.ref}"`);
  assertCanEdit(principal, partnershipId, 'this review');
  return db.transaction().execute(async (tx) => {
    const previous = await setPersonVariable(tx, { reviewId, name, value, setBy: principal.name, reason });
    await recordAudit(tx, {
      actor: principal.name,
      action: 'review.variable.set',
      entityType: 'review',
      entityId: reviewId,
      partnershipId,
      userId: principal.userId,
      detail: {
        name,
        value,
        previous: previous?.value ?? NOT_STATED,
        previousSource: previous?.source ?? null,
        reason,
      },
    });
    const stored = (await listReviewVariables(tx, reviewId)).find((v) => v.name === name);
    return view(name, stored);
  });
}
