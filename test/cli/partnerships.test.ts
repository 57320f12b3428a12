/**
 * Partnerships as the operator manages them: made on purpose, found one way everywhere, and a
 * report or table produced for a web user (--as) with that user's rights.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern, tempDir } from '../helpers/cli.ts';

const SAMPLES = join(import.meta.dirname, '../../samples/documents');
const SAMPLE = join(SAMPLES, 'kestrelford-child-h-board-response-2023.txt');

// Many real processes a test: slow on a busy shared machine.
describe('lantern partnerships', { timeout: 240_000 }, () => {
  let run: (...args: string[]) => ReturnType<typeof runLantern>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDataDir(await makeTemplate());
    run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
  });

  it('never makes a partnership from a mistyped --partnership; add makes one, and a part of its name finds it', async () => {
    const typo = await run('import', SAMPLE, '--partnership', 'bravo');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/no partnership "bravo".*lantern partnerships add NAME/);
    expect((await run('partnerships', 'list')).stdout).toMatch(/No partnerships yet/);

    const added = await run('partnerships', 'add', 'Bravo Safeguarding Partnership');
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/added partnership Bravo/) });
    const again = await run('partnerships', 'add', 'bravo safeguarding partnership');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const imported = await run('import', SAMPLE, '--partnership', 'bravo');
    expect(imported.code).toBe(0);
    // Filed under the publisher the document names: another partnership, with its own copy.
    const byPublisher = await run('import', SAMPLE);
    expect(byPublisher.stdout).toMatch(/^imported/m);
    const docs = JSON.parse((await run('list', 'documents', '--json')).stdout) as { partnership: string }[];
    expect(docs.map((d) => d.partnership).sort()).toEqual([
      'Bravo Safeguarding Partnership',
      'Kestrelford Safeguarding Children Partnership',
    ]);
  });

  it('renames a partnership, keeping the old name as one that still finds it', async () => {
    const renamed = await run(
      'partnerships',
      'rename',
      'bravo',
      'Bravo and District Safeguarding Partnership',
    );
    expect(renamed.code).toBe(0);
    const list = await run('partnerships', 'list');
    expect(list.stdout).toMatch(
      /Bravo and District Safeguarding Partnership\s+Bravo Safeguarding Partnership/,
    );
    // The old name still finds it; a part shared by two names is refused with both (the operator sees all).
    const old = await run('actions', 'list', '--partnership', 'Bravo Safeguarding Partnership', '--json');
    expect(old.code).toBe(0);
    const shared = await run('actions', 'list', '--partnership', 'safeguarding');
    expect(shared.code).toBe(1);
    expect(shared.stderr).toMatch(/matches several partnerships/);
  });

  it('produces a report and a table as a web user would get them (--as)', async () => {
    const draft = join(tempDir(), 'child-h-draft.txt');
    writeFileSync(
      draft,
      'Kestrelford Safeguarding Children Partnership\n\nChild Safeguarding Practice Review: Child H\n\n' +
        'Draft addendum (not for publication)\n\nRecommendations\n\n' +
        'Recommendation H9: The partnership should ask the Quillborough family hub to share its visit records weekly.\n',
    );
    expect((await run('import', draft, '--partnership', 'kestrelford', '--confidential')).code).toBe(0);
    const env = { LANTERN_PASSWORD: 'a long passphrase for tests' };
    const viewer = [
      'users',
      'add',
      'viewer@kestrelford.example',
      '--partnership',
      'kestrelford',
      '--role',
      'viewer',
    ];
    expect((await runLantern(['--data-dir', dataDir, ...viewer], env)).code).toBe(0);

    const operator = await run('brief', '--partnership', 'kestrelford');
    expect(operator.stdout).toContain('Quillborough');
    const asViewer = await run('brief', '--as', 'viewer@kestrelford.example');
    expect(asViewer.code).toBe(0);
    expect(asViewer.stdout).toMatch(/Child H/);
    expect(asViewer.stdout).not.toContain('Quillborough');
    const items = await run(
      'export',
      '--format',
      'csv',
      '--table',
      'items',
      '--as',
      'viewer@kestrelford.example',
    );
    expect(items.code).toBe(0);
    expect(items.stdout).toMatch(/Child H/);
    expect(items.stdout).not.toContain('Quillborough');
    // Bravo's reviews are not the viewer's: not found, as if they did not exist.
    const theirs = await run(
      'analyse',
      'prevalence',
      '--partnership',
      'bravo',
      '--as',
      'viewer@kestrelford.example',
    );
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toMatch(/no partnership "bravo" among yours/);
    const backup = await run('export', '--format', 'json', '--as', 'viewer@kestrelford.example');
    expect(backup.code).toBe(2);
  });
});
