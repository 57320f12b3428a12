/** The reader stage: bytes of any supported format -> one normalised text with blocks. */
import type { ReadResult } from './blocks.ts';
import { decodeText } from './decode.ts';
import { detectFormat } from './formats.ts';
import { readHtml } from './readers/html.ts';
import { readMarkdown } from './readers/markdown.ts';
import { readPlainText } from './readers/plain-text.ts';
import { LanternError } from '../shared/errors.ts';

/** Share of characters that may be control characters (other than tab and line breaks). */
const MAX_CONTROL_SHARE = 0.05;
/**
 * Share of characters that may be bytes 0x80-0xFF when no UTF encoding fits: text in Windows-1252
 * is mostly ASCII with an accented letter here and there; random or binary bytes are half high.
 */
const MAX_HIGH_SHARE_1252 = 0.3;

/**
 * Refuses decoded "text" that is not text: mostly control characters, mostly high bytes read as
 * Windows-1252, or without a single word. Random bytes named .txt used to be imported as text.
 */
export function refuseNonText(text: string, encoding: string): void {
  let control = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 ? c !== 9 && c !== 10 && c !== 13 && c !== 12 : c >= 0x7f && c < 0xa0) control++;
    else if (c >= 0x80) high++;
  }
  const n = Math.max(text.length, 1);
  const refuse = (why: string) => {
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `not text: ${why}. Is it binary data (an image, an archive, a program) with a text extension? Open it in its own program and save or export it as .txt, .docx or .pdf`,
    );
  };
  if (control / n > MAX_CONTROL_SHARE)
    refuse(`${Math.round((control / n) * 100)}% of its characters are control characters`);
  if (encoding === 'windows-1252' && high / n > MAX_HIGH_SHARE_1252)
    refuse(
      `it is not UTF-8, and ${Math.round((high / n) * 100)}% of its bytes are not plain ASCII characters`,
    );
  if (text.trim() && !/\p{L}{2}/u.test(text)) refuse('it holds no words (no two letters in a row)');
}

/** Reads a document's bytes; throws LanternError with a user-facing reason when it cannot. */
export async function readDocument(name: string, bytes: Uint8Array): Promise<ReadResult> {
  const format = detectFormat(name, bytes);
  let result: ReadResult;
  // pdf.js and mammoth are large: loaded only when such a file arrives.
  if (format === 'pdf') result = await (await import('./readers/pdf/index.ts')).readPdf(bytes);
  else if (format === 'docx') result = await (await import('./readers/docx.ts')).readDocx(bytes);
  else {
    const decoded = decodeText(bytes);
    refuseNonText(decoded.text, decoded.encoding);
    result =
      format === 'html'
        ? readHtml(decoded.text)
        : format === 'md'
          ? readMarkdown(decoded.text)
          : readPlainText(decoded.text);
    if (decoded.encoding !== 'utf-8') result.warnings.push(`decoded as ${decoded.encoding}`);
  }
  if (!result.text.trim())
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      format === 'pdf' || format === 'docx'
        ? 'no text found in the document: its pages hold no words Lantern can read (only pictures or shapes?)'
        : 'no text found in the document: it is blank, or holds only markup, scripts or navigation',
    );
  return result;
}
