/** Runs the real `lantern` executable in a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/lantern.js');
export const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment for a child: no inherited store settings, no colours. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  if (!('LANTERN_DATA_DIR' in extra)) delete env.LANTERN_DATA_DIR;
  return env;
}

export function spawnLantern(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `lantern args...` to completion. */
export function runLantern(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const started = Date.now();
  const child = spawnLantern(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
}

export function tempDir(prefix = 'lantern-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fresh data dir copied from a migrated one: creating a PGlite data dir costs seconds, copying
 * one a fraction of that. `template` is made once per test file with `makeTemplate`.
 */
export async function makeTemplate(): Promise<string> {
  const dir = join(tempDir(), 'store');
  const r = await runLantern(['--data-dir', dir, 'db', 'migrate']);
  if (r.code !== 0) throw new Error(`could not make a template store: ${r.stderr}`);
  return dir;
}

export function freshDataDir(template: string): string {
  const dir = join(tempDir(), 'store');
  cpSync(template, dir, { recursive: true });
  return dir;
}
