/**
 * Partnerships are made on purpose: `lantern partnerships add` (or a document's publisher on
 * import), never by a mistyped --partnership. Adding and renaming are written to the audit log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import {
  addPartnership,
  renamePartnership,
  requirePartnership,
  type Partnership,
} from './partnership.repository.ts';

export async function createPartnership(
  db: Kysely<Database>,
  actor: string,
  name: string,
): Promise<Partnership> {
  return db.transaction().execute(async (tx) => {
    const p = await addPartnership(tx, name);
    await recordAudit(tx, {
      actor,
      action: 'partnership.add',
      entityType: 'partnership',
      entityId: p.id,
      partnershipId: p.id,
      detail: { name: p.name, slug: p.slug },
    });
    return p;
  });
}

/** Renames the partnership `ref` finds; its old name stays an alias, so documents still find it. */
export async function changePartnershipName(
  db: Kysely<Database>,
  actor: string,
  ref: string,
  name: string,
): Promise<{ before: Partnership; after: Partnership }> {
  return db.transaction().execute(async (tx) => {
    const before = await requirePartnership(tx, ref);
    const after = await renamePartnership(tx, before.id, name);
    await recordAudit(tx, {
      actor,
      action: 'partnership.rename',
      entityType: 'partnership',
      entityId: after.id,
      partnershipId: after.id,
      detail: { from: before.name, to: after.name },
    });
    return { before, after };
  });
}
