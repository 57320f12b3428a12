/**
 * Analysis, reports, baselines and exports as a user runs them on the sample reviews.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern, tempDir } from '../helpers/cli.ts';

const SAMPLES = join(import.meta.dirname, '../../samples/documents');
const BASELINE = join(import.meta.dirname, '../../samples/baselines/illustrative-national.csv');

describe('lantern analyse, baseline, brief, report and export', () => {
  let dataDir: string;
  const run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
  beforeAll(async () => {
    dataDir = freshDataDir(await makeTemplate());
    const imported = await run('import', SAMPLES);
    expect(imported.code).toBe(0);
  }, 120_000);

  it('analyses the selected reviews, with and without suppression', async () => {
    const r = await run('analyse', 'prevalence', 'characteristics', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      reviews: number;
      prevalence: {
        total: { value: number };
        rows: { theme: string; n: { value: number | null; text: string } }[];
      };
    };
    expect(result.reviews).toBeGreaterThan(5);
    expect(result.prevalence.total.value).toBe(result.reviews);
    const suppressed = await run('analyse', 'prevalence', '--suppress');
    expect(suppressed.stdout).toMatch(/numbers below 5 suppressed/);
    expect(suppressed.stdout).toMatch(/<5/);
    const bad = await run('analyse', 'prevalence', '--age-band', 'toddler');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--age-band must be one of under-1, 1-5/);
    const unknown = await run('analyse', 'vibes');
    expect(unknown.stderr).toMatch(/unknown analysis "vibes"/);
  }, 60_000);

  it('imports a baseline, naming a bad line, and compares with it', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'measure,label,percent\ndomestic-abuse,Domestic abuse,50\nhair-colour,Hair,20\n');
    const refused = await run('baseline', 'import', bad, '--name', 'Bad');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /bad\.csv line 3: measure "hair-colour" is neither a theme code nor a characteristic/,
    );
    expect((await run('baseline', 'import', BASELINE, '--name', 'Illustrative')).stdout).toMatch(
      /saved baseline "Illustrative" with 8 figure\(s\)/,
    );
    const compared = await run('analyse', 'baseline', '--baseline', 'Illustrative');
    expect(compared.stdout).toMatch(/Compared with Illustrative/);
    expect(compared.stdout).toMatch(/Domestic abuse +\d+ of \d+ +[\d.]+% +50%/);
  }, 60_000);

  it('writes a briefing and a board report, refusing a binary format without --out', async () => {
    const dir = tempDir();
    const md = await run('brief', 'Child A');
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Practice learning briefing: Child A/);
    expect(md.stdout).toMatch(/## Sources\n\n1\. Child A: /);
    const noOut = await run('brief', 'Child A', '--format', 'docx');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/DOCX is a binary format: give --out FILE/);
    const docx = join(dir, 'board.docx');
    const board = await run('report', 'board', '--out', docx, '--suppress');
    expect(board.code).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    const html = join(dir, 'actions.html');
    expect((await run('report', 'actions', '--partnership', 'Kestrelford', '--out', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<h1>Action progress report<\/h1>/);
  }, 60_000);

  it('exports reviews x variables as CSV with a codebook, and as XLSX', async () => {
    const dir = tempDir();
    const csv = join(dir, 'reviews.csv');
    expect((await run('export', '--format', 'csv', '--out', csv)).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(
      /^review_id,subject,partnership,review_type,year,.*theme_domestic_abuse/,
    );
    expect(existsSync(join(dir, 'reviews.codebook.csv'))).toBe(true);
    const xlsx = join(dir, 'items.xlsx');
    expect((await run('export', '--format', 'xlsx', '--table', 'items', '--out', xlsx)).code).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);
});
