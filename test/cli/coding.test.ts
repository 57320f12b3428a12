/**
 * The coding commands as a user runs them: code a file with no database, import and review the
 * machine's codings, measure agreement, and bad codebooks refused with the line and field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern, tempDir } from '../helpers/cli.ts';

const SAMPLE = join(
  import.meta.dirname,
  '../../samples/documents/kestrelford-child-h-board-response-2023.txt',
);

describe('lantern code, codebook, coding and agreement', () => {
  let template: string;
  beforeAll(async () => {
    template = await makeTemplate();
  });

  it('codes a file with no database and shows each code with its evidence in context', async () => {
    const r = await runLantern(['code', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /kestrelford-child-h-board-response-2023\.txt: \d+ code\(s\) from codebook "Lantern themes"/,
    );
    // Every code line is followed by evidence: the matched words marked «...» and the reason.
    expect(r.stdout).toMatch(/\n {2}[a-z-]+ {2}\(.+\) {2}confidence [\d.]+, score [\d.]+/);
    expect(r.stdout).toMatch(/«[^»]+»/);
    expect(r.stdout).toMatch(/weight [\d.]+: in a (finding|recommendation|lesson|learning|theme)/);
  });

  it('reviews the codings of an imported review: confirm, reject, add, then agreement', async () => {
    const dataDir = freshDataDir(template);
    const run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
    expect((await run('import', SAMPLE)).code).toBe(0);
    const shown = await run('code', 'Child H', '--json');
    const { codings } = JSON.parse(shown.stdout) as {
      codings: { id: string; itemId: string | null; source: string }[];
    };
    const onItems = codings.filter((c) => c.source === 'machine' && c.itemId);
    expect(onItems.length).toBeGreaterThan(2);
    const a = onItems[0];
    const b = onItems.find((c) => c.itemId !== a?.itemId);
    expect((await run('coding', 'confirm', (a?.id ?? '').slice(0, 8), '--coder', 'ann')).stdout).toMatch(
      /confirmed by ann/,
    );
    expect(
      (await run('coding', 'reject', (b?.id ?? '').slice(0, 8), '--coder', 'ann', '--note', 'only named'))
        .code,
    ).toBe(0);
    expect((await run('coding', 'confirm', (a?.id ?? '').slice(0, 8), '--coder', 'ben')).code).toBe(0);
    expect((await run('coding', 'confirm', (b?.id ?? '').slice(0, 8), '--coder', 'ben')).code).toBe(0);

    const agreement = await run('agreement', '--coder', 'ann', '--coder', 'ben');
    expect(agreement.code).toBe(0);
    expect(agreement.stdout).toMatch(/Agreement between ann, ben on 2 unit\(s\)/);
    expect(agreement.stdout).toMatch(/overall: agreement [\d.]+%, Cohen's kappa/);
    const three = await run('agreement', '--coder', 'ann', '--coder', 'ben', '--coder', 'machine');
    expect(three.stdout).toMatch(/Krippendorff's alpha/);

    const text = await run('code', 'Child H');
    expect(text.stdout).toMatch(/ann rejected .+: only named/);

    const badCoder = await run('coding', 'confirm', 'ffffffff', '--coder', 'ann');
    expect(badCoder.code).toBe(1);
    expect(badCoder.stderr).toMatch(/no machine coding "ffffffff"/);
    const noCoder = await run('agreement', '--coder', 'ann');
    expect(noCoder.code).toBe(2);
    expect(noCoder.stderr).toMatch(/at least two coders/);
  }, 120_000);

  it('exports and re-imports a codebook, and refuses a bad one with its line and field', async () => {
    const dataDir = freshDataDir(template);
    const dir = tempDir();
    const run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
    const out = join(dir, 'lantern.yaml');
    expect((await run('codebook', 'export', '--out', out)).code).toBe(0);
    const same = await run('codebook', 'import', out);
    expect(same.stdout).toMatch(/lantern is unchanged \(version 1\)/);

    const own = join(dir, 'panel.yaml');
    writeFileSync(
      own,
      'codebook:\n  slug: panel\n  name: Panel themes\ncodes:\n  - key: risk-outside-home\n    label: Risk outside the home\n    reference: exploitation\n',
    );
    const imported = await run('codebook', 'import', own, '--primary');
    expect(imported.stdout).toMatch(/saved panel version 1 \(1 codes\); it is now the primary codebook/);
    expect((await run('codebook', 'list')).stdout).toMatch(/\* +panel +1 +1 +Panel themes/);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'codebook:\n  slug: bad\n  name: Bad\ncodes:\n  - key: a\n    label: A\n  - key: a\n    label: B\n',
    );
    const refused = await run('codebook', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.yaml line 7: codes\[1\]\.key: duplicate code "a"/);
    const cycle = join(dir, 'cycle.json');
    writeFileSync(
      cycle,
      JSON.stringify(
        {
          codebook: { slug: 'c', name: 'C' },
          codes: [
            { key: 'a', label: 'A', parent: 'b' },
            { key: 'b', label: 'B', parent: 'a' },
          ],
        },
        null,
        1,
      ),
    );
    expect((await run('codebook', 'import', cycle)).stderr).toMatch(
      /cycle\.json line \d+: codes\[0\]\.parent: sub-codes form a cycle/,
    );
  }, 120_000);
});
