/**
 * The `lantern` command line: each command validates its arguments and calls a command module.
 * Command modules are imported when their command runs, so `--help` or a usage error never loads
 * the database engine or the PDF library.
 */
import { Command, Option } from 'commander';
import { ENVIRONMENT_VARIABLES } from '../config/config.ts';
import type { GlobalOptions } from './context.ts';
import { withSelectionOptions, type SelectionOptions } from './selection.ts';
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
      'file the documents under this existing partnership: its name, slug or a part of its name (default: the publisher each names)',
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
    .option('--codebook <file>', "code with this codebook (YAML or JSON) instead of Lantern's")
    .action(async (paths: string[], opts: { json?: boolean; codebook?: string }) =>
      setExit(await (await import('./commands/extract.ts')).runExtract(paths, opts, globals(), io)),
    );

  program
    .command('code')
    .description(
      'theme codes with their evidence: a file or folder coded now, or the codings stored for a review',
    )
    .argument('<target>', 'a file or folder, or a review id (or its first characters) or subject')
    .option('--codebook <file>', "code files with this codebook (YAML or JSON) instead of Lantern's")
    .option('--evidence <n>', 'evidence lines shown per code (default 3)')
    .option('--json', 'as JSON')
    .action(async (target: string, opts: { codebook?: string; evidence?: string; json?: boolean }) =>
      setExit(await (await import('./commands/code.ts')).runCode(target, opts, globals(), io)),
    );

  program
    .command('codebook')
    .description(
      'codebooks: list, show, export (YAML or JSON), import a file as a new version, use one as primary',
    )
    .addArgument(
      new Command()
        .createArgument('<action>', 'list | show | export | import | use')
        .choices(['list', 'show', 'export', 'import', 'use']),
    )
    .argument('[arg]', 'a codebook slug (show, export, use) or a file (import)')
    .option('--version <n>', 'a version other than the latest (show, export)')
    .addOption(new Option('--format <format>', 'export format').choices(['yaml', 'json']))
    .option('--out <file>', 'export to a file')
    .option('--note <text>', 'a note on the new version (import)')
    .option('--primary', 'make the imported codebook the one documents are coded with')
    .option('--json', 'as JSON (list, show)')
    .action(
      async (action: string, arg: string | undefined, opts: Record<string, string | boolean | undefined>) =>
        setExit(await (await import('./commands/codebook.ts')).runCodebook(action, arg, opts, globals(), io)),
    );

  program
    .command('coding')
    .description("people's decisions on codings: confirm or reject the machine's, or add a code")
    .addArgument(
      new Command()
        .createArgument('<action>', 'confirm | reject | add')
        .choices(['confirm', 'reject', 'add']),
    )
    .argument('<ref>', 'a machine coding id (confirm, reject; see "lantern code REVIEW") or a review (add)')
    .requiredOption('--coder <name>', 'who is deciding (recorded with the decision)')
    .option('--code <key>', 'the code to add')
    .option('--item <ref>', 'the item to add it to: its ref ("BE1") or id; without it, the document')
    .option('--document <id>', "which of the review's documents (when it has several)")
    .option('--span <start-end>', 'the words that show the code, as character offsets')
    .option('--note <text>', 'a note with the decision')
    .action(async (action: string, ref: string, opts: Record<string, string | undefined>) =>
      setExit(await (await import('./commands/coding.ts')).runCoding(action, ref, opts, globals(), io)),
    );

  program
    .command('agreement')
    .description("agreement between coders per code and overall: %, Cohen's kappa, Krippendorff's alpha")
    .option(
      '--coder <name>',
      'a coder (repeat; "machine" is the coder itself)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addOption(
      new Option('--level <level>', 'compare codes on items or on whole documents')
        .choices(['item', 'document'])
        .default('item'),
    )
    .option('--json', 'as JSON')
    .action(async (opts: { coder?: string[]; level?: string; json?: boolean }) =>
      setExit(await (await import('./commands/coding.ts')).runAgreement(opts, globals(), io)),
    );

  program
    .command('model')
    .description("the coder's statistical part: train it from people's decisions, or show the models")
    .addArgument(new Command().createArgument('<action>', 'train | show').choices(['train', 'show']))
    .option('--json', 'as JSON')
    .action(async (action: string, opts: { json?: boolean }) =>
      setExit(await (await import('./commands/coding.ts')).runModel(action, opts, globals(), io)),
    );

  program
    .command('recode')
    .description('code every stored document again with the primary codebook and the latest model')
    .action(async () => setExit(await (await import('./commands/coding.ts')).runRecode(globals(), io)));

  program
    .command('list')
    .description('list reviews, documents or partnerships')
    .addArgument(
      new Command()
        .createArgument('<what>', 'reviews | documents | partnerships')
        .choices(['reviews', 'documents', 'partnerships']),
    )
    .option('--json', 'as JSON')
    .action(async (what: string, opts: { json?: boolean }) =>
      setExit(await (await import('./commands/list.ts')).runList(what, opts, globals(), io)),
    );

  program
    .command('partnerships')
    .description('the partnerships documents are filed under: list, add NAME, rename PARTNERSHIP NEW-NAME')
    .addArgument(
      new Command().createArgument('<action>', 'list | add | rename').choices(['list', 'add', 'rename']),
    )
    .argument('[names...]', 'add: the name; rename: the partnership (name, slug or part) and its new name')
    .option('--json', 'as JSON (list)')
    .action(async (action: string, names: string[], opts: { json?: boolean }) =>
      setExit(
        await (
          await import('./commands/partnerships.ts')
        ).runPartnerships(action, names, opts, globals(), io),
      ),
    );

  program
    .command('reviews')
    .description(
      "a review's case variables: variables REF (value, source, quote), set-variable REF NAME VALUE --reason TEXT",
    )
    .addArgument(
      new Command()
        .createArgument('<action>', 'variables | set-variable')
        .choices(['variables', 'set-variable']),
    )
    .argument(
      '<args...>',
      'variables: the review (id, id start or subject); set-variable: the review, the variable (e.g. known_to_csc) and its value (yes, no, not-stated; death, serious-harm; homicide, suicide, sudden-unexpected-death, non-accidental-injury, sexual-abuse, exploitation, neglect, other)',
    )
    .option('--reason <text>', 'set-variable: why (recorded with the value and in the audit log)')
    .option('--as <email>', 'act as this web user (their partnerships and roles) instead of the operator')
    .option('--json', 'as JSON')
    .action(async (action: string, args: string[], opts: { reason?: string; as?: string; json?: boolean }) =>
      setExit(await (await import('./commands/reviews.ts')).runReviews(action, args, opts, globals(), io)),
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

  withSelectionOptions(
    program
      .command('export')
      .description('export the whole store (json), or a table for statistics packages (csv, xlsx)')
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['json', 'csv', 'xlsx'])
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--table <table>', 'csv/xlsx: which table')
          .choices(['reviews', 'items', 'codings', 'actions', 'statements'])
          .default('reviews'),
      )
      .option('--out <file>', 'write to a file (readable by you only) instead of standard output')
      .option('--encrypt', 'json: encrypt with a passphrase ($LANTERN_PASSPHRASE or typed); needs --out'),
  ).action(
    async (opts: SelectionOptions & { format: string; out?: string; table?: string; encrypt?: boolean }) =>
      setExit(await (await import('./commands/store-export.ts')).runExport(opts, globals(), io)),
  );

  withSelectionOptions(
    program
      .command('analyse')
      .alias('analyze')
      .description(
        'cross-review analysis: prevalence, co-occurrence, combinations, trends, characteristics, recurrence, baseline',
      )
      .argument('[what...]', 'which analyses (default: all)')
      .option('--suppress', 'hide numbers below 5 (and any number that would reveal them) for publication')
      .option('--baseline <name>', 'compare with a baseline (see lantern baseline)')
      .option('--json', 'as JSON'),
  ).action(
    async (
      what: string[],
      opts: SelectionOptions & { suppress?: boolean; baseline?: string; json?: boolean },
    ) => setExit(await (await import('./commands/analyse.ts')).runAnalyse(what, opts, globals(), io)),
  );

  program
    .command('baseline')
    .description('comparison figures (national or other): import a CSV or JSON file, or list them')
    .addArgument(new Command().createArgument('<action>', 'import | list').choices(['import', 'list']))
    .argument('[file]', 'CSV with columns measure,label,percent (or numerator,denominator), or JSON')
    .option('--name <name>', 'the baseline\'s name, e.g. "National analysis 2017-19"')
    .option('--source <text>', 'where the figures come from')
    .option('--period <text>', 'the period they cover')
    .option('--json', 'as JSON (list)')
    .action(
      async (action: string, file: string | undefined, opts: Record<string, string | boolean | undefined>) =>
        setExit(await (await import('./commands/analyse.ts')).runBaseline(action, file, opts, globals(), io)),
    );

  const reportOptions = (cmd: Command) =>
    withSelectionOptions(cmd)
      .addOption(
        new Option('--format <format>', 'output format (default: from --out, else md)').choices([
          'md',
          'html',
          'docx',
          'pdf',
        ]),
      )
      .option('--out <file>', 'write to a file (required for docx and pdf)')
      .option('--suppress', 'hide numbers below 5 (and any number that would reveal them)')
      .option('--baseline <name>', 'compare with a baseline')
      .option(
        '--link-base <url>',
        "where Lantern's web app shows source text (default $LANTERN_PUBLIC_URL or http://localhost:4321)",
      );

  reportOptions(
    program
      .command('brief')
      .description('a practice learning briefing (or --seven-minute briefing) on reviews, citing its sources')
      .argument('[reviews...]', 'review ids or subjects (or choose with the filters)')
      .option('--seven-minute', 'seven headed sections on one page'),
  ).action(async (reviews: string[], opts: Record<string, unknown>) =>
    setExit(await (await import('./commands/report.ts')).runBrief(reviews, opts, globals(), io)),
  );

  reportOptions(
    program
      .command('report')
      .description('a board themes report, or an action progress report, citing its sources')
      .addArgument(new Command().createArgument('<kind>', 'board | actions').choices(['board', 'actions']))
      .argument('[reviews...]', 'review ids or subjects (or choose with the filters)'),
  ).action(async (kind: string, reviews: string[], opts: Record<string, unknown>) =>
    setExit(await (await import('./commands/report.ts')).runReport(kind, reviews, opts, globals(), io)),
  );

  const actions = program
    .command('actions')
    .description(
      'the action tracker: list, show, add, update, evidence, digest, progress (per review), themes (recurring themes and their actions)',
    );
  const repeat = (v: string, prev: string[] = []) => [...prev, v];
  const actionCommand = (name: string, description: string, argument?: string) => {
    const c = actions
      .command(name)
      .description(description)
      .option('--as-of <day>', 'judge overdue and due-soon as at this day (default: today)')
      .option('--json', 'as JSON');
    if (argument) c.argument(argument, 'the action number (or its id)');
    return c.action(async (...args: unknown[]) => {
      const ref = argument ? (args[0] as string | undefined) : undefined;
      const opts = (argument ? args[1] : args[0]) as Record<string, unknown>;
      setExit(await (await import('./commands/actions.ts')).runActions(name, ref, opts, globals(), io));
    });
  };
  const statusChoices = ['planned', 'in-progress', 'completed', 'evidenced', 'superseded'];
  actionCommand('list', 'actions with owner, deadline, status, RAG and overdue')
    .option('--partnership <name>', 'one partnership (name or slug)')
    .option('--review <ref>', 'one review (id or subject)')
    .option('--owner <text>', 'owners whose name contains this text')
    .option('--status <status>', `this status (repeat for several): ${statusChoices.join(', ')}`, repeat)
    .option('--overdue', 'only overdue actions (with --due-within: overdue or due soon)')
    .option('--due-within <days>', 'open actions due within this many days, like 30d')
    .option('--theme <code>', 'actions that address this theme (repeat: all of them)', repeat)
    .addOption(new Option('--by <group>', 'group the list').choices(['owner', 'review']));
  actionCommand('show', 'one action: its recommendation, measures, evidence and full history', '<action>');
  actionCommand('add', 'add an action by hand, to a review, a recommendation or a partnership')
    .requiredOption('--text <text>', 'what will be done')
    .option('--review <ref>', 'the review it answers (id or subject)')
    .option(
      '--recommendation <item>',
      'the recommendation it answers (an item id; see "lantern show review")',
    )
    .option('--partnership <name>', 'the partnership, for an action tied to no review')
    .option('--owner <owner>', 'who is to act: a subgroup, an agency or a role')
    .option('--deadline <date>', 'when it is due: 2027-03-31, 31/03/2027, March 2027, Q1 2027')
    .option('--measure <text>', 'how will we know (repeat for several)', repeat)
    .option('--theme <code>', 'a theme it addresses (repeat)', repeat)
    .addOption(new Option('--status <status>', 'starting status (default planned)').choices(statusChoices))
    .option('--reason <text>', 'why it is added (recorded in the history)');
  actionCommand(
    'update',
    'change an action: status, owner, deadline, RAG, text; a reason is required',
    '<action>',
  )
    .requiredOption('--reason <text>', 'why (recorded with the change)')
    .addOption(new Option('--status <status>', 'new status').choices(statusChoices))
    .option('--owner <owner>', 'new owner')
    .option('--deadline <date>', 'new deadline ("none" clears it)')
    .addOption(
      new Option('--rag <rating>', 'RAG rating; auto goes back to the derived one').choices([
        'red',
        'amber',
        'green',
        'auto',
      ]),
    )
    .option('--text <text>', 'new wording')
    .option('--completed-on <day>', 'the day it was completed (default: today, when completing)')
    .option('--superseded-by <action>', 'the action that replaces it (with --status superseded)')
    .option('--theme <code>', 'a theme it addresses (repeat)', repeat)
    .option('--version <n>', 'the version you read: refuse the change if someone changed it since');
  actionCommand(
    'evidence',
    'record evidence of impact: an audit result, a survey figure, training numbers, a document',
    '<action>',
  )
    .addOption(
      new Option('--kind <kind>', 'what kind of evidence')
        .choices(['audit', 'survey', 'training', 'data', 'document', 'note'])
        .makeOptionMandatory(),
    )
    .requiredOption('--summary <text>', 'what it shows, with its figures ("Audit of 24 cases: 19 (79%) ...")')
    .option('--date <day>', 'when the audit, survey or training took place (default: today)')
    .option('--measure <n>', 'which measure it evidences (1, 2 ... as "show" numbers them)')
    .option('--reference <text>', 'where it can be found: a file, a link, a board paper');
  actionCommand('digest', 'a per-owner digest of overdue and due-soon actions, as Markdown')
    .option('--due-within <days>', 'what counts as due soon (default 30d)')
    .option('--partnership <name>', 'one partnership')
    .option('--owner <text>', 'owners whose name contains this text')
    .option('--out <dir>', 'write one file per owner into this folder');
  actionCommand('progress', "progress on each review's actions").option(
    '--partnership <name>',
    'one partnership',
  );
  actionCommand('themes', 'recurring themes: which have actions, and which have none with evidence of impact')
    .option('--partnership <name>', 'one partnership')
    .option('--min-reviews <n>', 'a theme recurs when this many reviews have it (default 2)');

  program
    .command('import-json')
    .description(
      'load a store exported with "lantern export --format json" (asks for the passphrase of an encrypted one, or reads $LANTERN_PASSPHRASE)',
    )
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
    .description('open Lantern: import the sample reviews on first run, then run the web app')
    .option('--port <port>', 'port to listen on (default $LANTERN_PORT or 4321)')
    .option('--host <address>', 'address to listen on (default $LANTERN_HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) =>
      setExit(
        await (await import('./commands/serve.ts')).runServe({ ...opts, samples: true }, globals(), io),
      ),
    );

  program
    .command('serve')
    .description('run the web app on the store (no sample import)')
    .option('--port <port>', 'port to listen on (default $LANTERN_PORT or 4321)')
    .option('--host <address>', 'address to listen on (default $LANTERN_HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) =>
      setExit(await (await import('./commands/serve.ts')).runServe(opts, globals(), io)),
    );

  program
    .command('status')
    .description('what is stored, and commands to explore it (imports the sample reviews on first run)')
    .action(async () => setExit(await (await import('./commands/start.ts')).runStart(globals(), io)));

  program
    .command('users')
    .description(
      'accounts for the web app: list, add, grant or revoke a role in a partnership, disable or enable, set a password',
    )
    .addArgument(
      new Command()
        .createArgument('<action>', 'list | add | grant | revoke | disable | enable | password')
        .choices(['list', 'add', 'grant', 'revoke', 'disable', 'enable', 'password']),
    )
    .argument('[email]', "the account's e-mail")
    .option('--name <name>', 'display name (add)')
    .option('--partnership <name>', 'a partnership (add, grant, revoke)')
    .addOption(new Option('--role <role>', 'role in that partnership').choices(['admin', 'editor', 'viewer']))
    .option('--site-admin', 'admin in every partnership (add)')
    .option('--json', 'as JSON (list)')
    .action(async (action: string, email: string | undefined, opts: Record<string, unknown>) =>
      setExit(await (await import('./commands/users.ts')).runUsers(action, email, opts, globals(), io)),
    );

  return program;
}
