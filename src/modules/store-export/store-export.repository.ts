/**
 * The whole store as JSON, and back. Tables are written parents first, so the same order loads
 * them with every foreign key satisfied. Rows keep their ids: loading an export into an empty
 * store and exporting again gives the same tables.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';
import { seedActionsForDocument } from '../actions/action.service.ts';
import { buildMissingPassages } from '../documents/passage.repository.ts';

interface TableSpec {
  name: keyof Database;
  /** Primary key columns, for a stable order and for "already present". */
  key: string[];
  /** jsonb columns: sent to the database as JSON text. */
  json?: string[];
  /** bytea columns: base64 in the export. */
  binary?: string[];
  /** Generated columns: never exported. */
  generated?: string[];
}

export const EXPORT_TABLES: TableSpec[] = [
  { name: 'partnerships', key: ['id'] },
  { name: 'users', key: ['id'] },
  { name: 'memberships', key: ['user_id', 'partnership_id'] },
  { name: 'codebooks', key: ['id'] },
  { name: 'codebook_versions', key: ['id'] },
  { name: 'codes', key: ['id'], json: ['vocabulary'] },
  { name: 'coder_models', key: ['id'], json: ['parameters', 'model', 'metrics'] },
  { name: 'documents', key: ['id'], json: ['blocks'], generated: ['search'] },
  { name: 'document_files', key: ['document_id'], binary: ['bytes'] },
  { name: 'reviews', key: ['id'] },
  { name: 'review_documents', key: ['review_id', 'document_id'] },
  { name: 'review_agencies', key: ['review_id', 'name'] },
  { name: 'review_links', key: ['id'] },
  { name: 'chronology_events', key: ['id'] },
  { name: 'review_variables', key: ['review_id', 'name'] },
  { name: 'cross_case_statements', key: ['id'] },
  { name: 'statement_themes', key: ['statement_id', 'theme'] },
  { name: 'statement_reviews', key: ['statement_id', 'review_id'] },
  { name: 'items', key: ['id'], generated: ['search'] },
  { name: 'item_links', key: ['from_item_id', 'to_item_id'] },
  { name: 'machine_codings', key: ['id'], json: ['evidence'] },
  { name: 'human_codings', key: ['id'] },
  { name: 'review_themes', key: ['review_id', 'theme'] },
  { name: 'baselines', key: ['id'] },
  { name: 'actions', key: ['id'] },
  { name: 'action_measures', key: ['id'] },
  { name: 'action_themes', key: ['action_id', 'theme'] },
  { name: 'action_evidence', key: ['id'] },
  { name: 'audit_log', key: ['id'], json: ['detail'] },
];

export const EXPORT_FORMAT = 'lantern-store';
/** 2: the action tracker (actions, measures, themes, evidence); items no longer hold action state. */
export const EXPORT_VERSION = 2;

type Row = Record<string, unknown>;

export interface StoreExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  tables: Record<string, Row[]>;
}

const ExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `not a Lantern export (expected "format": "${EXPORT_FORMAT}")` }),
  version: z.number().int(),
  exportedAt: z.string(),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

function toJsonValue(value: unknown, spec: TableSpec, column: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (spec.binary?.includes(column) && Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}

/** Every table's rows, in load order, ready for JSON. */
export async function exportStore(db: Kysely<Database>, now: Date = new Date()): Promise<StoreExport> {
  const tables: Record<string, Row[]> = {};
  for (const spec of EXPORT_TABLES) {
    const rows = (
      await sql<Row>`select * from ${sql.table(spec.name)} order by ${sql.join(spec.key.map((k) => sql.ref(k)))}`.execute(
        db,
      )
    ).rows;
    tables[spec.name] = rows.map((row) => {
      const out: Row = {};
      for (const [column, value] of Object.entries(row)) {
        if (spec.generated?.includes(column)) continue;
        out[column] = toJsonValue(value, spec, column);
      }
      return out;
    });
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), tables };
}

export interface ImportSummary {
  table: string;
  inserted: number;
  present: number;
}

/** Parses and checks an export before anything is written. */
export function parseExport(json: unknown): StoreExport {
  const parsed = ExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LanternError(
      'INVALID_INPUT',
      `Not a valid Lantern export: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'unknown problem'}`,
    );
  }
  if (parsed.data.version > EXPORT_VERSION)
    throw new LanternError(
      'INVALID_INPUT',
      `This export is version ${parsed.data.version}; this Lantern reads up to version ${EXPORT_VERSION}. Upgrade Lantern first.`,
    );
  const data = parsed.data.version < 2 ? upgradeFromVersion1(parsed.data) : parsed.data;
  const unknown = Object.keys(data.tables).filter((t) => !EXPORT_TABLES.some((s) => s.name === t));
  if (unknown.length > 0)
    throw new LanternError(
      'INVALID_INPUT',
      `Not a valid Lantern export: unknown table(s) ${unknown.join(', ')}`,
    );
  return data;
}

/** Item-level evidence of version 1, waiting for the actions that loading seeds. */
const LEGACY_EVIDENCE = Symbol('legacy evidence');
type Upgraded = StoreExport & { [LEGACY_EVIDENCE]?: Row[] };

/**
 * A version-1 export kept action state on items and evidence on items. Loading it drops those
 * columns, seeds the tracked actions from the extracted ones (as an import does), and moves the
 * evidence onto the action of its item.
 */
function upgradeFromVersion1(data: StoreExport): Upgraded {
  const tables = { ...data.tables };
  const legacy = tables.evidence ?? [];
  delete tables.evidence;
  tables.items = (tables.items ?? []).map((row) => {
    const { status: _s, rag: _r, due_on: _d, completed_on: _c, ...rest } = row;
    return rest;
  });
  const roles: Record<string, string> = { admin: 'admin', manager: 'editor', reviewer: 'editor' };
  tables.memberships = (tables.memberships ?? []).map((m) => ({
    ...m,
    role: roles[m.role as string] ?? 'viewer',
  }));
  return { ...data, version: EXPORT_VERSION, tables, [LEGACY_EVIDENCE]: legacy };
}

async function afterLoad(tx: Kysely<Database>, data: Upgraded): Promise<void> {
  // Passages are derived from each document's text, so exports leave them out.
  await buildMissingPassages(tx);
  // Numbers loaded with their actions: new actions continue after the highest.
  await sql`select setval(pg_get_serial_sequence('actions', 'number'), coalesce((select max(number) from actions), 0) + 1, false)`.execute(
    tx,
  );
  const legacy = data[LEGACY_EVIDENCE];
  if (!legacy) return;
  const documents = (data.tables.documents ?? []).map((d) => d.id as string);
  for (const id of documents) await seedActionsForDocument(tx, id, 'store import (version 1)');
  for (const ev of legacy) {
    const action = await sql<{ id: string }>`
      select a.id from actions a where a.item_id = ${ev.item_id}
      union all
      select m.action_id from action_measures m where m.item_id = ${ev.item_id}
      limit 1`.execute(tx);
    const actionId = action.rows[0]?.id;
    if (!actionId)
      throw new LanternError(
        'INVALID_INPUT',
        `evidence ${String(ev.id)} belongs to an item that is neither an action nor a measure of one; nothing was loaded`,
      );
    await tx
      .insertInto('action_evidence')
      .values({
        id: ev.id as string,
        action_id: actionId,
        kind: ev.kind === 'training-evaluation' ? 'training' : (ev.kind as string),
        summary: ev.summary as string,
        occurred_on: (ev.occurred_on as string | null) ?? String(ev.recorded_at).slice(0, 10),
        document_id: (ev.document_id as string | null) ?? null,
        recorded_by: ev.recorded_by as string,
        recorded_at: ev.recorded_at as string,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * Loads an export in one transaction: all of it or none of it. Rows whose key is already present
 * are left as they are and counted.
 */
export async function importStore(db: Kysely<Database>, data: StoreExport): Promise<ImportSummary[]> {
  return db.transaction().execute(async (tx) => {
    const summary: ImportSummary[] = [];
    // One codebook is primary: a store that has one keeps it.
    const hasPrimary = Boolean(
      await tx.selectFrom('codebooks').select('id').where('is_primary', '=', true).executeTakeFirst(),
    );
    for (const spec of EXPORT_TABLES) {
      const rows = data.tables[spec.name] ?? [];
      let inserted = 0;
      for (let from = 0; from < rows.length; from += 200) {
        const batch = rows.slice(from, from + 200).map((row) => {
          const out: Row = {};
          for (const [column, value] of Object.entries(row)) {
            if (spec.generated?.includes(column)) continue;
            if (spec.json?.includes(column)) out[column] = JSON.stringify(value);
            else if (spec.binary?.includes(column) && typeof value === 'string')
              out[column] = Buffer.from(value, 'base64');
            else out[column] = value;
          }
          if (spec.name === 'codebooks' && hasPrimary) out.is_primary = false;
          return out;
        });
        // Table names come from EXPORT_TABLES, never from the file; column names are checked by the database.
        const result = await tx
          .insertInto(spec.name as 'partnerships')
          .values(batch as never)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
          .catch((error: unknown) => {
            throw new LanternError(
              'INVALID_INPUT',
              `could not load table ${spec.name}: ${(error as Error).message}; nothing was loaded`,
              { cause: error },
            );
          });
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      summary.push({ table: spec.name, inserted, present: rows.length - inserted });
    }
    await afterLoad(tx, data);
    return summary;
  });
}
