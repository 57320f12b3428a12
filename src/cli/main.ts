/**
 * Entry point of the `lantern` CLI. Maps every outcome to an exit code once:
 * 0 success, 1 a failure (a file that could not be imported, an error), 2 a usage error.
 */
import { CommanderError } from 'commander';
import { describeError, isLanternError } from '../shared/errors.ts';
import { processIo, type Io } from './io.ts';
import { buildProgram } from './program.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    if (isLanternError(error, 'USAGE')) {
      io.err.write(`lantern: ${error.message}\n(run "lantern --help" for usage)\n`);
      return EXIT_USAGE;
    }
    io.err.write(`lantern: ${describeError(error)}\n`);
    if (!isLanternError(error) && process.env.LANTERN_DEBUG)
      io.err.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_FAILURE;
  }
}
