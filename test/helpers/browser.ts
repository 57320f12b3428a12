/**
 * For browser tests: the web app built by Vite (rebuilt when its sources are newer), Lantern's
 * server running the real executable, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, spawnLantern } from './cli.ts';

export const RESULTS = join(ROOT, 'test-results');

export function findChromium(): string | null {
  for (const p of [process.env.LANTERN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  return null;
}

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the web app unless dist/web is newer than every source file. */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newest(join(ROOT, 'src/web'))) return;
  // In a child process with NODE_ENV=production: under the test runner NODE_ENV is "test", which
  // would give React's development build.
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`the web app did not build:\n${r.stdout}\n${r.stderr}`);
}

export interface Server {
  url: string;
  password: string | null;
  /** Standard output so far. */
  output: () => string;
  /** Stops the server (SIGTERM) and returns its exit code. */
  stop: () => Promise<number | null>;
}

/** Runs `lantern serve` (or `start`) on a free port and waits for its URL (and the first admin's password). */
export function startServer(dataDir: string, command: 'serve' | 'start' = 'serve'): Promise<Server> {
  const child: ChildProcess = spawnLantern(['--data-dir', dataDir, command, '--port', '0']);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url && /Press Ctrl\+C/.test(out)) {
        clearTimeout(timer);
        resolve({
          url,
          password: /password: +(\S+)/.exec(out)?.[1] ?? null,
          output: () => out,
          stop: () =>
            new Promise((done) => {
              child.on('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('close', (code) => reject(new Error(`server exited with ${code}:\n${out}\n${err}`)));
  });
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium() as string,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Saves a screenshot under test-results/. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axe(
  page: Page,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const { readFileSync } = await import('node:fs');
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const results = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          o: object,
        ) => Promise<{
          violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
        }>;
      };
    };
    return w.axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
}
