/**
 * The `lantern` command line: each command validates its arguments and calls a command module.
 * Command modules are imported when their command runs, so `--help` or a usage error never loads
 * the database engine or the PDF library.
 */
import { Command, Option } from 'commander';
import { ENVIRONMENT_VARIABLES } from '../config/config.ts';
import type { GlobalOptions } from './context.ts';
import type { Io } from './io.ts';

/** Builds the program; `setExit` receives each command's exit code. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('lantern');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const envHelp = Object.entries(ENVIRONMENT_VARIABLES)
    .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
    .join('\n');

  program
    .description('Lantern: learning from child safeguarding case reviews')
    .option('--data-dir <dir>', 'folder of the embedded store (default: $LANTERN_DATA_DIR or ./.lantern)')
    .showHelpAfterError('(run "lantern --help" for usage)')
    .addHelpText('after', `\nEnvironment:\n${envHelp}\n`)
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
    })
    .exitOverride();

  program
    .command('import')
    .description('import review documents (files or folders); importing the same file twice changes nothing')
    .argument('<paths...>', 'files or folders (read recursively)')
    .option(
      '--partnership <name>',
      'file the documents under this partnership (default: the publisher each names)',
    )
    .option('--confidential', 'mark the documents confidential (drafts, unpublished reviews, board papers)')
    .action(async (paths: string[], opts: { partnership?: string; confidential?: boolean }) =>
      setExit(await (await import('./commands/import.ts')).runImport(paths, opts, globals(), io)),
    );

  program
    .command('extract')
    .description('print the extraction report of each document, without a database')
    .argument('<paths...>', 'files or folders (read recursively, in sorted order)')
    .option('--json', 'one JSON report per document (JSON Lines) on standard output')
    .action(async (paths: string[], opts: { json?: boolean }) =>
      setExit(await (await import('./commands/extract.ts')).runExtract(paths, opts, globals(), io)),
    );

  program
    .command('list')
    .description('list reviews or documents')
    .addArgument(
      new Command().createArgument('<what>', 'reviews | documents').choices(['reviews', 'documents']),
    )
    .option('--json', 'as JSON')
    .action(async (what: string, opts: { json?: boolean }) =>
      setExit(await (await import('./commands/list.ts')).runList(what, opts, globals(), io)),
    );

  program
    .command('show')
    .description('show one review: its facts and its findings -> recommendations -> actions -> measures')
    .addArgument(new Command().createArgument('<what>', 'review').choices(['review']))
    .argument('<ref>', 'a review id (or its first characters) or subject, e.g. "Child J"')
    .option('--json', 'as JSON')
    .action(async (what: string, ref: string, opts: { json?: boolean }) =>
      setExit(await (await import('./commands/show.ts')).runShow(what, ref, opts, globals(), io)),
    );

  program
    .command('export')
    .description('export the whole store')
    .addOption(new Option('--format <format>', 'output format').choices(['json']).makeOptionMandatory())
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { format: string; out?: string }) =>
      setExit(await (await import('./commands/store-export.ts')).runExport(opts, globals(), io)),
    );

  program
    .command('import-json')
    .description('load a store exported with "lantern export --format json"')
    .argument('<file>', 'the export file')
    .action(async (file: string) =>
      setExit(await (await import('./commands/store-export.ts')).runImportJson(file, globals(), io)),
    );

  program
    .command('db')
    .description('database schema: apply migrations or show their status')
    .addArgument(new Command().createArgument('<action>', 'migrate | status').choices(['migrate', 'status']))
    .action(async (action: string) =>
      setExit(await (await import('./commands/db.ts')).runDb(action, globals(), io)),
    );

  program
    .command('start')
    .description('open Lantern: import the sample reviews on first run and show what is stored')
    .action(async () => setExit(await (await import('./commands/start.ts')).runStart(globals(), io)));

  return program;
}
