/**
 * Ctrl+C (SIGINT) and SIGTERM stop `lantern serve` and `lantern start` within 5 s, even in the
 * middle of an import: the import ends, nothing is half-stored, the lock is released, and no
 * upload file is left behind; upload files a killed server left are removed at the next start.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern, spawnLantern } from '../helpers/cli.ts';

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the printed output matches. */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  /** Sends `signal`; resolves with the exit code and how long the process took to end. */
  stop: (signal: NodeJS.Signals) => Promise<{ code: number | null; signal: string | null; ms: number }>;
}

function run(args: string[]): Running {
  const child = spawnLantern(args);
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) return resolve(m);
          if (child.exitCode !== null) return reject(new Error(`exited before ${pattern}:\n${out}`));
          waiters.push(check);
        };
        void closed.then(() => (pattern.exec(out) ? undefined : reject(new Error(`exited:\n${out}`))));
        check();
      }),
    stop: async (signal) => {
      const sent = Date.now();
      child.kill(signal);
      const { code, signal: by } = await closed;
      return { code, signal: by, ms: Date.now() - sent };
    },
  };
}

/** A long board response of ordinary prose (~330 characters a paragraph). */
function boardResponse(paragraphs: number): string {
  const lines = ['Rapid Review: Child Y', '', 'Findings', ''];
  for (let n = 0; n < paragraphs; n++)
    lines.push(
      `Finding ${n + 1}. Practitioners in agency ${n % 17} did not share information about the risk of ` +
        `domestic abuse to Child Y when the family moved in month ${n % 12}, and supervision did not ` +
        'challenge the plan, so the voice of the child was not heard in the assessments that followed.',
      '',
    );
  return lines.join('\n');
}

describe('stopping the server', () => {
  let template: string;
  beforeAll(async () => {
    template = await makeTemplate();
  });

  it('stops on Ctrl+C within 5 s in the middle of an upload import, keeps the store whole and leaves no upload file', async () => {
    const dataDir = freshDataDir(template);
    // What a server killed mid-upload left behind: removed when the next one starts.
    mkdirSync(join(dataDir, 'tmp', 'upload-left'), { recursive: true });
    writeFileSync(join(dataDir, 'tmp', 'upload-left', '0-confidential.txt'), 'confidential text');
    const server = run(['--data-dir', dataDir, 'serve', '--port', '0']);
    try {
      await stopDuringUpload(server, dataDir);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server output:\n${server.output()}`, {
        cause: error,
      });
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);

  async function stopDuringUpload(server: Running, dataDir: string) {
    const [, url] = await server.waitFor(/running at (http:\/\/\S+)/);
    const [, password] = await server.waitFor(/password: +(\S+)/);
    await server.waitFor(/Press Ctrl\+C/);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    expect(statSync(join(dataDir, 'tmp')).mode & 0o777).toBe(0o700);

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@lantern.local', password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const form = new FormData();
    form.append('file', new Blob([boardResponse(4000)]), 'child-y.txt');
    const upload = fetch(`${url}/api/uploads`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: form,
    }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (error: Error) => ({ status: 0, body: error.message }),
    );
    // The file is being read now (it takes many seconds): the server still answers.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const during = Date.now();
    expect((await fetch(`${url}/api/session`, { headers: { cookie } })).status).toBe(200);
    expect(Date.now() - during).toBeLessThan(1000);

    const stopped = await server.stop('SIGINT');
    expect(stopped.ms).toBeLessThan(5000);
    expect(stopped.code).toBe(0);
    expect(server.output()).toMatch(/Stopping Lantern\./);
    const answer = await upload;
    if (answer.status === 200) expect(answer.body).toMatch(/"status":"failed".*Lantern was stopped/);
    expect(existsSync(join(dataDir, 'store.lock'))).toBe(false);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    // The store opens again at once and holds no trace of the unfinished import.
    const list = await runLantern(['--data-dir', dataDir, 'list', 'documents']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain('child-y');
  }

  it('stops on SIGTERM within 5 s while `lantern start` imports the samples, and releases the lock', async () => {
    const dataDir = freshDataDir(template);
    const server = run(['--data-dir', dataDir, 'start', '--port', '0']);
    let stopped;
    try {
      await server.waitFor(/First run: importing the sample reviews/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      stopped = await server.stop('SIGTERM');
    } finally {
      server.child.kill('SIGKILL');
    }
    expect(stopped.ms).toBeLessThan(5000);
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(server.output()).toMatch(/Stopping Lantern\./);
    expect(server.output()).not.toMatch(/running at/);
    expect(existsSync(join(dataDir, 'store.lock'))).toBe(false);
  }, 120_000);
});
