/**
 * What a user is told when a file cannot be read. Readers throw LanternError with a reason for
 * the faults they know; anything else thrown while reading (a parser's TypeError, a stack
 * overflow, "[xmldom error] ...") is a fault of the file that the parser did not name, and is
 * turned here into a reason about the file and what to do, keeping the original as the cause
 * (shown with LANTERN_DEBUG).
 */
import { isLanternError, LanternError } from '../shared/errors.ts';
import type { DocumentFormat } from '../shared/extraction-report.ts';

const RESAVE: Record<DocumentFormat, string> = {
  pdf: 'open it in a PDF reader and save or print it again as PDF, then import that copy',
  docx: 'open it in Word (or LibreOffice) and save it again as .docx, then import that copy',
  html: 'open it in a browser and save it again (or save its text as .txt), then import that copy',
  md: 'check the file in a text editor, or save its text as .txt, then import that copy',
  txt: 'check the file in a text editor and save it again as UTF-8 text, then import that copy',
};

const NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'DOCX',
  html: 'HTML',
  md: 'Markdown',
  txt: 'text',
};

/** The advice for a damaged file of `format`. */
export function resaveAdvice(format: DocumentFormat): string {
  return RESAVE[format];
}

/** A user-facing LanternError for anything thrown while reading or extracting a file. */
export function readFailure(error: unknown, format: DocumentFormat | null): LanternError {
  if (isLanternError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const kind = format ? NAMES[format] : 'document';
  const advice = format ? RESAVE[format] : 'save it again from its editor and import that copy';
  if (error instanceof RangeError && /call stack|stack size/i.test(message))
    return new LanternError(
      'UNREADABLE_DOCUMENT',
      `this ${kind} is nested too deeply to read (structure inside structure, thousands of levels): ${advice}`,
      { cause: error },
    );
  if (error instanceof RangeError && /invalid (string|array) length|allocation failed/i.test(message))
    return new LanternError(
      'UNREADABLE_DOCUMENT',
      `this ${kind} expands to more text than Lantern can hold; split it into smaller files, or ${advice}`,
      { cause: error },
    );
  return new LanternError(
    'UNREADABLE_DOCUMENT',
    `not a readable ${kind}: the file is damaged, truncated or not really a ${kind} file; ${advice}`,
    { cause: error },
  );
}
