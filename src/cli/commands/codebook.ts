import { readFile, writeFile } from 'node:fs/promises';
import { parseCodebook, serialiseCodebook } from '../../classify/codebook/codebook.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import {
  listCodebooks,
  loadCodebook,
  primaryCodebook,
  saveCodebook,
  setPrimaryCodebook,
} from '../../modules/codebooks/codebook.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';

export interface CodebookOptions {
  format?: string;
  out?: string;
  version?: string;
  note?: string;
  primary?: boolean;
  json?: boolean;
}

async function slugOrPrimary(
  db: Parameters<typeof loadCodebook>[0],
  slug: string | undefined,
): Promise<string> {
  return slug ?? (await primaryCodebook(db)).book.slug;
}

function versionOf(options: CodebookOptions): number | undefined {
  if (options.version === undefined) return undefined;
  const v = Number(options.version);
  if (!Number.isInteger(v) || v < 1)
    throw new LanternError('USAGE', `--version must be a whole number from 1, not "${options.version}"`);
  return v;
}

/** `lantern codebook list|show|export|import|use`. */
export async function runCodebook(
  action: string,
  arg: string | undefined,
  options: CodebookOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (action === 'import' && !arg)
    throw new LanternError('USAGE', 'give the codebook file: lantern codebook import FILE');
  if (action === 'use' && !arg)
    throw new LanternError('USAGE', 'give the codebook: lantern codebook use SLUG');
  // Parse the file before opening the store: a bad file is reported with its line, and nothing is written.
  const parsed =
    action === 'import'
      ? parseCodebook(
          await readFile(arg as string, 'utf8').catch((e: unknown) => {
            throw new LanternError('NOT_FOUND', `cannot read ${arg}: ${(e as Error).message}`);
          }),
          arg,
        )
      : null;
  return withStore(globals, async (store) => {
    const db = store.db;
    switch (action) {
      case 'list': {
        await primaryCodebook(db);
        const rows = await listCodebooks(db);
        if (options.json) io.out.write(JSON.stringify(rows, null, 2) + '\n');
        else
          io.out.write(
            formatTable(
              ['', 'codebook', 'version', 'codes', 'name'],
              rows.map((r) => [r.primary ? '*' : '', r.slug, String(r.version), String(r.codes), r.name]),
            ) + '* primary: new documents are coded with it\n',
          );
        return 0;
      }
      case 'show': {
        const stored = await loadCodebook(db, await slugOrPrimary(db, arg), versionOf(options));
        if (options.json) {
          io.out.write(JSON.stringify({ version: stored.version, ...stored.book }, null, 2) + '\n');
          return 0;
        }
        const lines = [
          `${stored.book.name} (${stored.book.slug}, version ${stored.version}): ${stored.book.codes.length} codes`,
        ];
        for (const c of stored.book.codes) {
          const depth = c.parent ? '    ' : '  ';
          const ref = c.reference && c.reference !== c.key ? ` -> ${c.reference}` : '';
          lines.push(`${depth}${c.key}${ref}  ${c.label} [${c.group ?? 'no group'}, ${c.polarity}]`);
        }
        io.out.write(lines.join('\n') + '\n');
        return 0;
      }
      case 'export': {
        const format = options.format ?? (options.out?.endsWith('.json') ? 'json' : 'yaml');
        if (format !== 'yaml' && format !== 'json')
          throw new LanternError('USAGE', `--format must be yaml or json, not "${format}"`);
        const stored = await loadCodebook(db, await slugOrPrimary(db, arg), versionOf(options));
        const text = serialiseCodebook(stored.book, format);
        if (options.out) {
          await writeFile(options.out, text);
          io.err.write(`wrote ${stored.book.slug} version ${stored.version} to ${options.out}\n`);
        } else io.out.write(text);
        return 0;
      }
      case 'import': {
        const book = parsed as NonNullable<typeof parsed>;
        const saved = await saveCodebook(db, book, options.note ?? `imported from ${arg}`);
        if (options.primary) await setPrimaryCodebook(db, book.slug);
        await recordAudit(db, {
          actor: cliActor(),
          action: 'codebook.import',
          entityType: 'codebook',
          entityId: saved.codebookId,
          detail: { slug: book.slug, version: saved.version, created: saved.created, file: arg },
        });
        io.out.write(
          saved.created
            ? `saved ${book.slug} version ${saved.version} (${book.codes.length} codes)${options.primary ? '; it is now the primary codebook' : ''}\n`
            : `${book.slug} is unchanged (version ${saved.version})${options.primary ? '; it is now the primary codebook' : ''}\n`,
        );
        if (saved.created || options.primary)
          io.out.write('Re-code stored documents with it: lantern recode\n');
        return 0;
      }
      case 'use': {
        await setPrimaryCodebook(db, arg as string);
        io.out.write(
          `${arg} is now the primary codebook. Re-code stored documents with it: lantern recode\n`,
        );
        return 0;
      }
      default:
        throw new LanternError('USAGE', `unknown action "${action}": list, show, export, import or use`);
    }
  });
}
