/**
 * The whole store as JSON, and back. Tables are written parents first, so the same order loads
 * them with every foreign key satisfied. Rows keep their ids: loading an export into an empty
 * store and exporting again gives the same tables.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { LanternError } from '../../shared/errors.ts';

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
  { name: 'items', key: ['id'], generated: ['search'] },
  { name: 'item_links', key: ['from_item_id', 'to_item_id'] },
  { name: 'evidence', key: ['id'] },
  { name: 'machine_codings', key: ['id'], json: ['evidence'] },
  { name: 'human_codings', key: ['id'] },
  { name: 'review_themes', key: ['review_id', 'theme'] },
  { name: 'baselines', key: ['id'] },
  { name: 'audit_log', key: ['id'], json: ['detail'] },
];

export const EXPORT_FORMAT = 'lantern-store';
export const EXPORT_VERSION = 1;

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
  const unknown = Object.keys(parsed.data.tables).filter((t) => !EXPORT_TABLES.some((s) => s.name === t));
  if (unknown.length > 0)
    throw new LanternError(
      'INVALID_INPUT',
      `Not a valid Lantern export: unknown table(s) ${unknown.join(', ')}`,
    );
  return parsed.data;
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
    return summary;
  });
}
