import { readFile, writeFile } from 'node:fs/promises';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import { exportStore, importStore, parseExport } from '../../modules/store-export/store-export.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';

/** `lantern export --format json [--out FILE]`: the whole store. */
export async function runExport(
  options: { format: string; out?: string },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (options.format !== 'json')
    throw new LanternError('USAGE', `unknown export format "${options.format}": use --format json`);
  return withStore(globals, async (store) => {
    // The export is itself recorded, before it is taken: data leaving the store is always audited.
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'store.export',
      entityType: 'store',
      detail: { to: options.out ?? 'stdout' },
    });
    const data = await exportStore(store.db);
    const json = JSON.stringify(data) + '\n';
    if (options.out) {
      await writeFile(options.out, json);
      const rows = Object.values(data.tables).reduce((n, t) => n + t.length, 0);
      io.err.write(
        `exported ${rows} rows from ${Object.keys(data.tables).length} tables to ${options.out}\n`,
      );
    } else io.out.write(json);
    return 0;
  });
}

/** `lantern import-json FILE`: loads an export; rows already present are kept. */
export async function runImportJson(file: string, globals: GlobalOptions, io: Io): Promise<number> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LanternError(
      'NOT_FOUND',
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new LanternError('INVALID_INPUT', `${file}: not JSON (${(error as Error).message})`);
  }
  const data = parseExport(json);
  return withStore(globals, async (store) => {
    const summary = await importStore(store.db, data);
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'store.import-json',
      entityType: 'store',
      detail: { from: file },
    });
    const inserted = summary.reduce((n, s) => n + s.inserted, 0);
    const present = summary.reduce((n, s) => n + s.present, 0);
    for (const s of summary.filter((x) => x.inserted + x.present > 0))
      io.out.write(`${s.table.padEnd(18)} ${s.inserted} added, ${s.present} already present\n`);
    io.out.write(`${inserted} rows added, ${present} already present\n`);
    return 0;
  });
}
