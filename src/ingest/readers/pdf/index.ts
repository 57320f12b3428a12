/**
 * PDF: positioned text runs from poppler (when installed: fast) or pdf.js (always available),
 * then one layout engine for both (layout.ts).
 */
import type { ReadResult } from '../../blocks.ts';
import { LanternError } from '../../../shared/errors.ts';
import { layoutToBlocks, type PageRuns } from './layout.ts';
import { isMonospacePrint } from './monospace.ts';
import { independentTitle, infoTitle, trustedTitle } from './info-title.ts';
import { runsWithPdfjs } from './pdfjs.ts';
import { popplerAvailable, runsWithPoppler } from './poppler.ts';

export type PdfEngine = 'auto' | 'pdfjs' | 'poppler';

/** Reads a PDF's text layer into blocks. */
export async function readPdf(bytes: Uint8Array, engine: PdfEngine = 'auto'): Promise<ReadResult> {
  let pages: PageRuns[];
  if (engine === 'poppler') pages = await runsWithPoppler(bytes);
  else if (engine === 'auto' && (await popplerAvailable())) {
    // poppler is the fast path; when it fails, pdf.js reads the file or says precisely why not.
    pages = await runsWithPoppler(bytes).catch(() => runsWithPdfjs(bytes));
  } else pages = await runsWithPdfjs(bytes);
  // poppler trims the spaces a plain-text print is laid out with (indents, tab stops): such a
  // print is read again by pdf.js, which keeps them.
  if (engine !== 'pdfjs' && isMonospacePrint(pages)) pages = await runsWithPdfjs(bytes);
  if (pages.every((p) => p.runs.length === 0))
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      'no text layer (scanned): needs OCR before Lantern can read it',
    );
  const read = layoutToBlocks(pages);
  return { ...read, metaTitle: independentTitle(trustedTitle(infoTitle(bytes)), read) };
}
