/**
 * Encrypted store exports: AES-256-GCM with a key derived from a passphrase by scrypt (Node's own
 * crypto). The file is a fixed header, then the ciphertext, then GCM's 16-byte tag:
 *
 *   "LANTERN-ENC" (11 bytes) | format version (1 byte, 1) | scrypt log2 N, r, p (1 byte each)
 *   | salt (16 bytes, random) | IV (12 bytes, random) | ciphertext | tag (16 bytes)
 *
 * The header is authenticated too (GCM's additional data), so a changed parameter fails like a
 * changed byte of text. Header first and tag last: a writer can stream the text through, and a
 * reader knows where the tag is from the file's length. A wrong passphrase and a changed file
 * fail the same way, and nothing is returned from either.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { LanternError } from '../../shared/errors.ts';

const MAGIC = Buffer.from('LANTERN-ENC', 'ascii');
const VERSION = 1;
const SALT = 16;
const IV = 12;
const TAG = 16;
const HEADER = MAGIC.length + 1 + 3 + SALT + IV;

export interface KdfParams {
  /** log2 of scrypt's cost N. */
  logN: number;
  r: number;
  p: number;
}

/** 2^17 x 8 x 128 bytes = 128 MB of memory and about half a second per attempt. */
export const DEFAULT_KDF: KdfParams = { logN: 17, r: 8, p: 1 };
export const MIN_PASSPHRASE_LENGTH = 12;

export function isEncryptedExport(head: Buffer): boolean {
  return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Buffer {
  const N = 2 ** kdf.logN;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, {
    N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * N * kdf.r + 1024 * 1024,
  });
}

export function checkPassphrase(passphrase: string): string {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw new LanternError(
      'INVALID_INPUT',
      `a passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters (a few unrelated words)`,
    );
  return passphrase;
}

/**
 * Starts an encryption: the header to write first, `update` for each piece of text, and `final`
 * for the last piece of ciphertext and the tag.
 */
export function encryptor(passphrase: string, kdf: KdfParams = DEFAULT_KDF) {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, kdf.logN, kdf.r, kdf.p]), salt, iv]);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(checkPassphrase(passphrase), salt, kdf), iv);
  cipher.setAAD(header);
  return {
    header,
    update: (chunk: Buffer | string) => cipher.update(chunk),
    final: () => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}

export function encryptExport(
  plain: Buffer | string,
  passphrase: string,
  kdf: KdfParams = DEFAULT_KDF,
): Buffer {
  const e = encryptor(passphrase, kdf);
  return Buffer.concat([e.header, e.update(plain), e.final()]);
}

const damaged = (why: string) =>
  new LanternError('INVALID_INPUT', `not a readable encrypted Lantern export (${why}): nothing was loaded`);

/** The text of an encrypted export, or INVALID_INPUT (wrong passphrase, or a changed file). */
export function decryptExport(data: Buffer, passphrase: string): Buffer {
  if (!isEncryptedExport(data)) throw damaged('it does not start with the Lantern header');
  if (data.length < HEADER + TAG) throw damaged('it is cut short');
  const version = data[MAGIC.length];
  if (version !== VERSION)
    throw new LanternError(
      'INVALID_INPUT',
      `this encrypted export has format version ${version}; this Lantern reads version ${VERSION}. Upgrade Lantern first.`,
    );
  const [logN, r, p] = [...data.subarray(MAGIC.length + 1, MAGIC.length + 4)] as [number, number, number];
  if (logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16)
    throw damaged('its key parameters are out of range');
  const header = data.subarray(0, HEADER);
  const salt = header.subarray(MAGIC.length + 4, MAGIC.length + 4 + SALT);
  const iv = header.subarray(HEADER - IV);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, salt, { logN, r, p }), iv);
  decipher.setAAD(header);
  decipher.setAuthTag(data.subarray(data.length - TAG));
  const body = decipher.update(data.subarray(HEADER, data.length - TAG));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch {
    throw new LanternError(
      'INVALID_INPUT',
      'wrong passphrase, or the file was changed or damaged since it was written: nothing was loaded',
    );
  }
}
