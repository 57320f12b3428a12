/** Positioned text runs through pdf.js (unpdf), with each font's weight. */
import { getDocumentProxy } from 'unpdf';
import { LanternError } from '../../../shared/errors.ts';
import { cleanText } from '../../decode.ts';
import { resaveAdvice } from '../../reasons.ts';
import type { PageRuns, Run } from './layout.ts';

// pdf.js loads fonts (and so their names, which say "Bold") while building a page's operator
// list, using ArrayBuffer.prototype.transferToFixedLength, which Node gained only in 21.
const proto = ArrayBuffer.prototype as unknown as {
  transferToFixedLength?: (length?: number) => ArrayBuffer;
};
if (!proto.transferToFixedLength) {
  proto.transferToFixedLength = function (this: ArrayBuffer, length = this.byteLength) {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

function isTextItem(item: unknown): item is TextItemLike {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/** Every page's runs. Throws LanternError for encrypted or unreadable files. */
export async function runsWithPdfjs(bytes: Uint8Array): Promise<PageRuns[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    });
  } catch (error) {
    if ((error as Error).name === 'PasswordException')
      throw new LanternError(
        'UNREADABLE_DOCUMENT',
        'encrypted PDF (password protected): save an unprotected copy and import that',
      );
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `not a readable PDF: the file is damaged or truncated; ${resaveAdvice('pdf')}`,
      { cause: error },
    );
  }
  const bold = new Map<string, boolean>();
  try {
    const pages: PageRuns[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = (content.items as unknown[]).filter(isTextItem);
      // Fonts are shared between pages: load a page's operator list only when it brings a new one.
      if (items.some((i) => !bold.has(i.fontName))) {
        await page.getOperatorList().catch(() => undefined);
        for (const i of items) {
          if (bold.has(i.fontName)) continue;
          let font: { name?: string; bold?: boolean } | undefined;
          try {
            font = page.commonObjs.get(i.fontName) as typeof font;
          } catch {
            font = undefined;
          }
          bold.set(i.fontName, Boolean(font?.bold || /bold|black|heavy|semibold/i.test(font?.name ?? '')));
        }
      }
      const runs: Run[] = [];
      for (const item of items) {
        if (!item.str.trim()) continue;
        const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
        const size = Math.hypot(c, d) || Math.hypot(a, b) || Number(item.height);
        runs.push({
          text: cleanText(String(item.str)),
          x,
          top: viewport.height - y - size * 0.8,
          width: Number(item.width),
          size,
          bold: bold.get(item.fontName) ?? false,
        });
      }
      pages.push({ page: n, width: viewport.width, height: viewport.height, runs });
      page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}
