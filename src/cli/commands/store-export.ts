import { readFile } from 'node:fs/promises';
import { refreshStatistics } from '../../db/statistics.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import {
  checkPassphrase,
  decryptExport,
  encryptor,
  isEncryptedExport,
} from '../../modules/store-export/backup-crypto.ts';
import { writePrivateFile } from '../../modules/store-export/private-file.ts';
import { exportStore, importStore, parseExport } from '../../modules/store-export/store-export.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { buildTable, TABLES, toCsv, toXlsx, type TableName } from '../../modules/exports/tabular.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';
import { readSecret } from '../secret.ts';
import { principalFrom, selectionFrom, type SelectionOptions } from '../selection.ts';

async function runTableExport(
  options: SelectionOptions & { format: string; out?: string; table?: string },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const table = (options.table ?? 'reviews') as TableName;
  if (!TABLES.includes(table))
    throw new LanternError('USAGE', `--table must be one of ${TABLES.join(', ')}, not "${table}"`);
  if (options.format === 'xlsx' && !options.out)
    throw new LanternError('USAGE', 'XLSX is a binary format: give --out FILE');
  const selection = selectionFrom(options);
  return withStore(globals, async (store) => {
    const principal = await principalFrom(store.db, options, cliActor());
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'table.export',
      entityType: 'store',
      detail: {
        table,
        format: options.format,
        to: options.out ?? 'stdout',
        ...(options.as ? { as: principal.name } : {}),
      },
    });
    const t = await buildTable(store.db, table, selection, principal);
    if (options.format === 'xlsx') {
      await writePrivateFile(options.out as string, [await toXlsx(t)]);
      io.err.write(
        `wrote ${t.rows.length} ${table} row(s) and the codebook sheet to ${options.out} (readable by you only)\n`,
      );
      return 0;
    }
    const { data, codebook } = toCsv(t);
    if (options.out) {
      const codebookFile = options.out.replace(/(\.csv)?$/i, '.codebook.csv');
      await writePrivateFile(options.out, [data]);
      await writePrivateFile(codebookFile, [codebook]);
      io.err.write(
        `wrote ${t.rows.length} ${table} row(s) to ${options.out} and their codebook to ${codebookFile} (readable by you only)\n`,
      );
    } else io.out.write(data);
    return 0;
  });
}

const PASSPHRASE_ENV = 'LANTERN_PASSPHRASE';
const HOLDS = 'it holds password hashes and confidential text';

export type ExportOptions = SelectionOptions & {
  format: string;
  out?: string;
  table?: string;
  encrypt?: boolean;
};

/**
 * `lantern export --format json [--out FILE] [--encrypt]`: the whole store, written readable by
 * its owner only, and with --encrypt sealed with a passphrase (AES-256-GCM, scrypt). `--format
 * csv|xlsx [--table reviews|items|codings|actions]`: a table for statistics packages, with a
 * codebook of its variables.
 */
export async function runExport(options: ExportOptions, globals: GlobalOptions, io: Io): Promise<number> {
  if (options.format === 'csv' || options.format === 'xlsx') {
    if (options.encrypt) throw new LanternError('USAGE', '--encrypt is for --format json (the whole store)');
    return runTableExport(options, globals, io);
  }
  if (options.format !== 'json')
    throw new LanternError(
      'USAGE',
      `unknown export format "${options.format}": use --format json, csv or xlsx`,
    );
  if (options.as)
    throw new LanternError(
      'USAGE',
      '--as is for tables (--format csv or xlsx): the JSON export is the whole store, a backup for the operator',
    );
  if (options.encrypt && !options.out)
    throw new LanternError('USAGE', 'an encrypted export is binary: give --out FILE');
  // Asked before the store is opened, so a mistyped passphrase costs nothing.
  const passphrase = options.encrypt
    ? checkPassphrase(
        await readSecret(io, {
          env: PASSPHRASE_ENV,
          prompt: 'passphrase for the export (at least 12 characters; needed to load it): ',
          what: 'passphrase',
          confirm: true,
        }),
      )
    : null;
  return withStore(globals, async (store) => {
    // The export is itself recorded, before it is taken: data leaving the store is always audited.
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'store.export',
      entityType: 'store',
      detail: { to: options.out ?? 'stdout', encrypted: passphrase !== null },
    });
    const data = await exportStore(store.db);
    const json = JSON.stringify(data) + '\n';
    if (!options.out) {
      io.out.write(json);
      io.err.write(`this export ${HOLDS}: keep it where only you can read it, or use --out FILE --encrypt\n`);
      return 0;
    }
    if (passphrase) {
      const e = encryptor(passphrase);
      await writePrivateFile(options.out, [e.header, e.update(json), e.final()]);
    } else await writePrivateFile(options.out, [json]);
    const rows = Object.values(data.tables).reduce((n, t) => n + t.length, 0);
    io.err.write(
      `exported ${rows} rows from ${Object.keys(data.tables).length} tables to ${options.out}, readable by you only (mode 600): ${HOLDS}.\n` +
        (passphrase
          ? 'It is encrypted (AES-256-GCM): loading it needs the passphrase, and without the passphrase it cannot be restored.\n'
          : 'It is not encrypted: add --encrypt before it leaves this machine.\n'),
    );
    return 0;
  });
}

/** `lantern import-json FILE`: loads an export; rows already present are kept. */
export async function runImportJson(file: string, globals: GlobalOptions, io: Io): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LanternError(
      'NOT_FOUND',
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`,
    );
  }
  const encrypted = isEncryptedExport(bytes);
  if (encrypted) {
    const passphrase = await readSecret(io, {
      env: PASSPHRASE_ENV,
      prompt: `${file} is encrypted: its passphrase: `,
      what: 'passphrase',
    });
    bytes = decryptExport(bytes, passphrase);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new LanternError('INVALID_INPUT', `${file}: not JSON (${(error as Error).message})`);
  }
  const data = parseExport(json);
  return withStore(globals, async (store) => {
    const summary = await importStore(store.db, data);
    await refreshStatistics(store.db);
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'store.import-json',
      entityType: 'store',
      detail: { from: file, encrypted },
    });
    const inserted = summary.reduce((n, s) => n + s.inserted, 0);
    const present = summary.reduce((n, s) => n + s.present, 0);
    for (const s of summary.filter((x) => x.inserted + x.present > 0))
      io.out.write(`${s.table.padEnd(18)} ${s.inserted} added, ${s.present} already present\n`);
    io.out.write(`${inserted} rows added, ${present} already present\n`);
    return 0;
  });
}
