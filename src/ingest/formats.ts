/** Which reader a file needs: chosen by extension, checked against the bytes. */
import { extname } from 'node:path';
import { LanternError } from '../shared/errors.ts';
import { guessUtf16WithoutBom } from './decode.ts';
import type { DocumentFormat } from '../shared/extraction-report.ts';

const BY_EXTENSION: Record<string, DocumentFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);

/** True when Lantern has a reader for this file name. */
export function isSupportedFile(name: string): boolean {
  return extname(name).toLowerCase() in BY_EXTENSION;
}

function startsWith(bytes: Uint8Array, signature: string, within = 0): boolean {
  const head = Buffer.from(bytes.subarray(0, within + signature.length)).toString('latin1');
  return within === 0 ? head.startsWith(signature) : head.includes(signature);
}

/**
 * The format of a file, from its extension, confirmed by its first bytes so that binary junk
 * named .pdf, or a PDF named .docx, is refused with a reason instead of half-read.
 */
export function detectFormat(name: string, bytes: Uint8Array): DocumentFormat {
  const ext = extname(name).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) {
    const known = SUPPORTED_EXTENSIONS.join(', ');
    throw new LanternError(
      'UNSUPPORTED_FORMAT',
      `unsupported file type ${ext ? `"${ext}"` : '(no extension)'}: Lantern reads ${known}`,
    );
  }
  if (bytes.length === 0)
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      'empty file (0 bytes): check that it was saved or copied completely',
    );
  if (format === 'pdf' && !startsWith(bytes, '%PDF-', 1024))
    throw new LanternError('UNREADABLE_DOCUMENT', 'not a PDF: the file does not start with a PDF header');
  if (format === 'docx' && !startsWith(bytes, 'PK\u0003\u0004'))
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      'not a DOCX: the file is not a zip package (an old .doc? save it as .docx)',
    );
  if ((format === 'txt' || format === 'md' || format === 'html') && looksBinary(bytes))
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `binary data, not ${format === 'html' ? 'HTML' : 'text'}: the file holds zero bytes or control characters ` +
        '(an image, an archive, a program, or a damaged file?). Open it in its own program and save it as .txt, .docx or .pdf',
    );
  return format;
}

/** Zero bytes or many control bytes in the first 8 KB mark a binary file (UTF-16 aside). */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  if (guessUtf16WithoutBom(head)) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > head.length * 0.05;
}
