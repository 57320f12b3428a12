import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  partnershipId?: string | null;
  userId?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one entry to the audit log (in the caller's transaction, when given one). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await recordAudits(db, [entry]);
}

/** Appends entries to the audit log in one statement, in the order given. */
export async function recordAudits(db: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        actor: entry.actor,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        partnership_id: entry.partnershipId ?? null,
        user_id: entry.userId ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })),
    )
    .execute();
}

export interface AuditRecord {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: Record<string, unknown>;
}

/** The most recent audit entries, newest first. */
export async function listAudit(db: Kysely<Database>, limit = 50): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    detail: r.detail,
  }));
}
