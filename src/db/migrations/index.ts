import type { Migration } from 'kysely';
import * as tenancy from './2026-11-22-0001-tenancy-and-audit.ts';
import * as documents from './2026-11-22-0002-documents.ts';
import * as reviews from './2026-11-22-0003-reviews.ts';
import * as items from './2026-11-22-0004-items.ts';
import * as codings from './2026-11-22-0005-codebooks-and-codings.ts';
import * as models from './2026-11-22-0006-coding-models.ts';
import * as analytics from './2026-11-22-0007-analytics.ts';
import * as cases from './2026-11-22-0008-case-codings.ts';
import * as actions from './2026-11-22-0009-action-tracker.ts';
import * as sessions from './2026-11-22-0010-sessions.ts';
import * as passages from './2026-12-01-0011-document-passages.ts';
import * as signInLimits from './2026-12-02-0012-sign-in-limits.ts';
import * as tenantKeys from './2026-12-02-0013-tenant-scoped-keys.ts';
import * as caseVariables from './2026-12-02-0014-case-variables-and-statements.ts';

/**
 * Every migration, by name. Names sort in the order they run. Listed by hand (not read from the
 * folder) so that they are type-checked and need no file-system scan at run time.
 * A migration is never edited once it has landed: add a new one.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-22-0001-tenancy-and-audit': tenancy,
  '2026-11-22-0002-documents': documents,
  '2026-11-22-0003-reviews': reviews,
  '2026-11-22-0004-items': items,
  '2026-11-22-0005-codebooks-and-codings': codings,
  '2026-11-22-0006-coding-models': models,
  '2026-11-22-0007-analytics': analytics,
  '2026-11-22-0008-case-codings': cases,
  '2026-11-22-0009-action-tracker': actions,
  '2026-11-22-0010-sessions': sessions,
  '2026-12-01-0011-document-passages': passages,
  '2026-12-02-0012-sign-in-limits': signInLimits,
  '2026-12-02-0013-tenant-scoped-keys': tenantKeys,
  '2026-12-02-0014-case-variables-and-statements': caseVariables,
};
