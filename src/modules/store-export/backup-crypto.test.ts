/** Encrypted exports: a round trip, and every kind of tampering or wrong passphrase refused. */
import { mkdtempSync, statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptExport, encryptExport, isEncryptedExport, type KdfParams } from './backup-crypto.ts';
import { writePrivateFile } from './private-file.ts';

// Cheaper than the default (2^17), so the test is quick; the file records what it used.
const KDF: KdfParams = { logN: 12, r: 8, p: 1 };
const PASSPHRASE = 'moorland kettle violin';
const TEXT = JSON.stringify({ format: 'lantern-store', secret: 'confidential draft text '.repeat(100) });

describe('encrypted exports', () => {
  it('round-trip with the passphrase, and hide the text', () => {
    const sealed = encryptExport(TEXT, PASSPHRASE, KDF);
    expect(isEncryptedExport(sealed)).toBe(true);
    expect(sealed.includes('confidential')).toBe(false);
    expect(decryptExport(sealed, PASSPHRASE).toString('utf8')).toBe(TEXT);
    // A random salt and IV each time: the same text never gives the same file.
    expect(encryptExport(TEXT, PASSPHRASE, KDF).equals(sealed)).toBe(false);
  });

  it('refuse a wrong passphrase, and any changed byte of the header, text or tag', () => {
    const sealed = encryptExport(TEXT, PASSPHRASE, KDF);
    expect(() => decryptExport(sealed, 'moorland kettle viola')).toThrow(
      /wrong passphrase, or the file was changed/,
    );
    const positions = [11, 15, 20, 35, 40, 200, sealed.length - 20, sealed.length - 1];
    for (const at of positions) {
      const changed = Buffer.from(sealed);
      changed[at] = (changed[at] as number) ^ 0x01;
      expect(() => decryptExport(changed, PASSPHRASE), `byte ${at}`).toThrow(
        /nothing was loaded|format version/,
      );
    }
    expect(() => decryptExport(sealed.subarray(0, 40), PASSPHRASE)).toThrow(/cut short/);
    expect(() => decryptExport(sealed.subarray(0, sealed.length - 1), PASSPHRASE)).toThrow(
      /nothing was loaded/,
    );
    expect(() => decryptExport(Buffer.from(TEXT), PASSPHRASE)).toThrow(/Lantern header/);
  });

  it('refuse a passphrase too short to be one', () => {
    expect(() => encryptExport(TEXT, 'short', KDF)).toThrow(/at least 12 characters/);
  });
});

describe('private files', () => {
  it('are readable by their owner only, also when they replace a file others could read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-private-'));
    const fresh = join(dir, 'fresh.json');
    const old = process.umask(0);
    try {
      await writePrivateFile(fresh, ['{"a":', Buffer.from('1}')]);
    } finally {
      process.umask(old);
    }
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(readFileSync(fresh, 'utf8')).toBe('{"a":1}');
    const shared = join(dir, 'shared.json');
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o644);
    await writePrivateFile(shared, ['new']);
    expect(statSync(shared).mode & 0o777).toBe(0o600);
    expect(readFileSync(shared, 'utf8')).toBe('new');
  });
});
