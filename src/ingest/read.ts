/** The reader stage: bytes of any supported format -> one normalised text with blocks. */
import type { ReadResult } from './blocks.ts';
import { decodeText } from './decode.ts';
import { detectFormat } from './formats.ts';
import { readHtml } from './readers/html.ts';
import { readMarkdown } from './readers/markdown.ts';
import { readPlainText } from './readers/plain-text.ts';
import { LanternError } from '../shared/errors.ts';

/** Reads a document's bytes; throws LanternError with a user-facing reason when it cannot. */
export async function readDocument(name: string, bytes: Uint8Array): Promise<ReadResult> {
  const format = detectFormat(name, bytes);
  let result: ReadResult;
  // pdf.js and mammoth are large: loaded only when such a file arrives.
  if (format === 'pdf') result = await (await import('./readers/pdf/index.ts')).readPdf(bytes);
  else if (format === 'docx') result = await (await import('./readers/docx.ts')).readDocx(bytes);
  else {
    const decoded = decodeText(bytes);
    result =
      format === 'html'
        ? readHtml(decoded.text)
        : format === 'md'
          ? readMarkdown(decoded.text)
          : readPlainText(decoded.text);
    if (decoded.encoding !== 'utf-8') result.warnings.push(`decoded as ${decoded.encoding}`);
  }
  if (!result.text.trim()) throw new LanternError('UNREADABLE_DOCUMENT', 'no text found in the document');
  return result;
}
