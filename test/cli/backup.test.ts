/** `lantern export --format json`: owner-only files, encryption with a passphrase, and loading them. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, ROOT, runLantern, tempDir } from '../helpers/cli.ts';

const FIXTURES = join(ROOT, 'test/fixtures/import');
const PASSPHRASE = 'moorland kettle violin';

describe('lantern export and import-json: backups', () => {
  let template: string;
  beforeAll(async () => {
    template = await makeTemplate();
  }, 60_000);

  it('writes backups readable by their owner only, encrypted on request, loaded with the passphrase only', async () => {
    const [a, b] = [freshDataDir(template), freshDataDir(template)];
    expect((await runLantern(['--data-dir', a, 'import', join(FIXTURES, 'child-r-response.md')])).code).toBe(
      0,
    );
    const dir = tempDir();
    const plain = join(dir, 'store.json');
    const exported = await runLantern(['--data-dir', a, 'export', '--format', 'json', '--out', plain]);
    expect(exported.code).toBe(0);
    expect(statSync(plain).mode & 0o777).toBe(0o600);
    expect(exported.stderr).toMatch(/readable by you only .*password hashes and confidential text/);
    expect(exported.stderr).toMatch(/not encrypted: add --encrypt/);

    const sealed = join(dir, 'store.lantern');
    const encrypted = await runLantern(
      ['--data-dir', a, 'export', '--format', 'json', '--out', sealed, '--encrypt'],
      { LANTERN_PASSPHRASE: PASSPHRASE },
    );
    expect(encrypted.code).toBe(0);
    expect(encrypted.stderr).toMatch(/encrypted \(AES-256-GCM\)/);
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(readFileSync(sealed).includes('Child R')).toBe(false);

    const noPassphrase = await runLantern(['--data-dir', b, 'import-json', sealed]);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toMatch(/give the passphrase in LANTERN_PASSPHRASE/);
    const wrong = await runLantern(['--data-dir', b, 'import-json', sealed], {
      LANTERN_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong passphrase, or the file was changed .*nothing was loaded/);

    const right = await runLantern(['--data-dir', b, 'import-json', sealed], {
      LANTERN_PASSPHRASE: PASSPHRASE,
    });
    expect(right.code).toBe(0);
    // Nothing was loaded by the refused attempts: every row is new now.
    expect(right.stdout).toMatch(/reviews +1 added, 0 already present/);
    expect(right.stdout).toMatch(/rows added, 0 already present/);
  }, 180_000);
});
