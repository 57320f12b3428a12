import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionReportSchema } from '../../src/shared/extraction-report.ts';
import { freshDataDir, makeTemplate, ROOT, runLantern, tempDir } from '../helpers/cli.ts';

const FIXTURES = join(ROOT, 'test/fixtures/import');

describe('lantern CLI', () => {
  let template: string;
  beforeAll(async () => {
    template = await makeTemplate();
  }, 60_000);

  it('prints usage and exits 2 for an unknown command or option', async () => {
    const unknown = await runLantern(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(unknown.stderr).toMatch(/lantern --help/);
    const badOption = await runLantern(['list', 'reviews', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option '--colour'/);
    const badChoice = await runLantern(['list', 'people']);
    expect(badChoice.code).toBe(2);
    expect((await runLantern([])).code).toBe(2);
  });

  it('shows help with exit 0, listing every command and environment variable', async () => {
    const help = await runLantern(['--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'import',
      'extract',
      'list',
      'show',
      'export',
      'import-json',
      'db',
      'start',
      'serve',
      'users',
      'actions',
      'LANTERN_DATA_DIR',
      'LANTERN_PORT',
      'DATABASE_URL',
      'LANTERN_MAX_FILE_MB',
    ])
      expect(help.stdout).toContain(word);
  });

  it('names a path that does not exist, imports the rest, and exits 1', async () => {
    const dir = freshDataDir(template);
    const r = await runLantern([
      '--data-dir',
      dir,
      'import',
      '/no/such/review.pdf',
      join(FIXTURES, 'child-r-response.md'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/no/such/review.pdf: no such file or folder');
    expect(r.stdout).toMatch(/imported +.*child-r-response\.md \(1 review, 3 items\)/);
    expect(r.stdout).toMatch(/2 files: 1 imported, 0 unchanged, 1 failed/);
  });

  it('prints one valid extraction report per document and nothing else on stdout', async () => {
    const r = await runLantern(['extract', FIXTURES, '--json']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const reports = lines.map((l) => ExtractionReportSchema.parse(JSON.parse(l)));
    expect(reports.map((x) => x.source.file)).toEqual(['child-r-response.md', 'child-s-briefing.txt']);
    const text = readFileSync(join(FIXTURES, 'child-r-response.md'), 'utf8');
    expect(reports[0]?.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(reports[0]?.items[0]?.text).toBe(
      "Practitioners did not ask who else lived in the household, so the mother's new partner was never assessed.",
    );
    expect(text).toContain(reports[0]?.items[0]?.text);
    // junk.pdf is in the folder: named on stderr, and the exit code says something failed.
    expect(r.stderr).toMatch(/junk\.pdf: not a PDF/);
    expect(r.code).toBe(1);
  });

  it('shows a review with its learning chain and the source span of every item', async () => {
    const dir = freshDataDir(template);
    await runLantern(['--data-dir', dir, 'import', FIXTURES]);
    const r = await runLantern(['--data-dir', dir, 'show', 'review', 'child r']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Child R /);
    expect(r.stdout).toMatch(/\[finding R1\] Practitioners did not ask/);
    expect(r.stdout).toMatch(/source: child-r-response\.md chars \d+-\d+/);
    const missing = await runLantern(['--data-dir', dir, 'show', 'review', 'Child Q']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No review matches "Child Q"/);
  });

  it('round-trips the store through export and import-json', async () => {
    const a = freshDataDir(template);
    const b = freshDataDir(template);
    await runLantern(['--data-dir', a, 'import', FIXTURES]);
    const file = join(tempDir(), 'store.json');
    expect((await runLantern(['--data-dir', a, 'export', '--format', 'json', '--out', file])).code).toBe(0);
    const load = await runLantern(['--data-dir', b, 'import-json', file]);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/rows added, 0 already present/);
    const [listA, listB] = await Promise.all([
      runLantern(['--data-dir', a, 'list', 'reviews']),
      runLantern(['--data-dir', b, 'list', 'reviews']),
    ]);
    expect(listB.stdout).toBe(listA.stdout);
    const bad = await runLantern(['--data-dir', b, 'import-json', join(FIXTURES, 'child-r-response.md')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/child-r-response\.md: not JSON/);
  }, 90_000);

  it('imports the sample reviews of every format on first run, and only then', async () => {
    const dir = freshDataDir(template);
    const first = await runLantern(['--data-dir', dir, 'status']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const imported = first.stdout.match(/^ +imported +\S+/gm) ?? [];
    expect(imported.length).toBeGreaterThanOrEqual(8);
    for (const ext of ['txt', 'md', 'html', 'pdf', 'docx'])
      expect(imported.some((l) => l.endsWith(`.${ext}`))).toBe(true);
    expect(first.stdout).toMatch(/npx lantern show review/);
    const second = await runLantern(['--data-dir', dir, 'status']);
    expect(second.stdout).not.toMatch(/First run/);
    expect(second.stdout.match(/(\d+) documents/)?.[1]).toBe(String(imported.length));
  });

  it('reports migration status and applies migrations', async () => {
    const dir = join(tempDir(), 'store');
    const before = await runLantern(['--data-dir', dir, 'db', 'status']);
    expect(before.stdout).toMatch(/pending +2026-11-22-0001-tenancy-and-audit/);
    expect(before.stdout).toMatch(/pending: run "lantern db migrate"/);
    expect((await runLantern(['--data-dir', dir, 'db', 'migrate'])).stdout).toMatch(
      /applied 2026-11-22-0005/,
    );
    expect((await runLantern(['--data-dir', dir, 'db', 'status'])).stdout).toMatch(/up to date/);
  });

  describe('with DATABASE_URL unreachable', () => {
    let silent: Server;
    let port = 0;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Accepts connections and never answers: what a firewalled or hung server looks like.
      silent = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('says the server refused the connection, without a stack trace', async () => {
      const r = await runLantern(['list', 'reviews'], {
        DATABASE_URL: 'postgres://lantern:secret@127.0.0.1:1/lantern',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /PostgreSQL at postgres:\/\/lantern:\*\*\*@127\.0\.0\.1:1\/lantern refused the connection/,
      );
      expect(r.stderr).not.toContain('secret');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it('gives up on a server that does not answer within 10 seconds', async () => {
      const r = await runLantern(['list', 'reviews'], {
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/lantern`,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/did not answer within 5 s/);
      expect(r.ms).toBeLessThan(10_000);
    });
  });
});
