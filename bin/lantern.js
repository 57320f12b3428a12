#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: one code path for the CLI, the tests and
// development, and no build step that could go stale (see docs/ARCHITECTURE.md).
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`lantern code X | head`) is not an error: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// Let pending output drain, then leave with the command's code.
process.exitCode = code;
