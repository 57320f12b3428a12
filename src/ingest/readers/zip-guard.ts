/**
 * A DOCX is a zip. Before anything inflates it, the zip's central directory is read (a few
 * bytes per entry, nothing decompressed) and a file that would unpack beyond the cap, or that
 * compresses like a zip bomb, is refused.
 */
import { inflateRawSync } from 'node:zlib';
import { LanternError } from '../../shared/errors.ts';
import { resaveAdvice } from '../reasons.ts';

/** The most a DOCX may unpack to. Real review reports with images stay far below this. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const MAX_RATIO = 100;
const LARGE_ENTRY = 10 * 1024 * 1024;

function damaged(): LanternError {
  return new LanternError(
    'UNREADABLE_DOCUMENT',
    `not a readable DOCX (damaged or truncated zip): ${resaveAdvice('docx')}`,
  );
}

/** Throws when the zip in `bytes` is damaged or would unpack to more than `maxBytes`. */
export function guardZip(bytes: Uint8Array, maxBytes = MAX_UNZIPPED_BYTES): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus up to 64 KB of comment.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw damaged();
    const compressed = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means the real size is in a ZIP64 field: far beyond any review document.
    if (size === 0xffffffff) throw bomb(maxBytes);
    total += size;
    if (total > maxBytes || (size > LARGE_ENTRY && size / Math.max(compressed, 1) > MAX_RATIO))
      throw bomb(maxBytes);
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true);
  }
}

function bomb(maxBytes: number): LanternError {
  return new LanternError(
    'UNREADABLE_DOCUMENT',
    `refused: this DOCX would unpack to more than ${Math.round(maxBytes / 1024 / 1024)} MB or compresses like a zip bomb; ` +
      'a real review never does: save it again from Word (pictures compressed) and import that copy',
  );
}

function lyingBomb(declared: number): LanternError {
  return new LanternError(
    'UNREADABLE_DOCUMENT',
    `refused: this DOCX would unpack to more than the ${declared} bytes it declares (a zip bomb); ` +
      'a real review never does: save it again from Word and import that copy',
  );
}

/**
 * The text of one entry of a zip already passed by guardZip, or null when there is none. The
 * entry is inflated with its declared size as the ceiling, so an entry that lies about its size
 * (a bomb whose headers say 1 KB) stops there instead of filling memory.
 */
export function zipEntryText(bytes: Uint8Array, wanted: string): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw damaged();
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw damaged();
    const method = view.getUint16(offset + 10, true);
    const compressed = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const local = view.getUint32(offset + 42, true);
    const name = Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8');
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    if (name !== wanted) continue;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw damaged();
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) return Buffer.from(data).toString('utf8');
    if (method !== 8) throw damaged();
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw lyingBomb(size);
      throw damaged();
    }
  }
  return null;
}
