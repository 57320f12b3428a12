/**
 * A report as PDF: its HTML printed by Chromium (Debian's `chromium`, driven by playwright-core;
 * never a downloaded browser). Without Chromium, PDF output is refused with how to get it.
 */
import { existsSync } from 'node:fs';
import { LanternError } from '../shared/errors.ts';
import { renderHtml } from './render-html.ts';
import type { ReportDocument } from './model.ts';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium to print with: $LANTERN_CHROMIUM, else the usual install paths; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.LANTERN_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const executablePath = findChromium();
  if (!executablePath && process.env.LANTERN_CHROMIUM)
    throw new LanternError(
      'UNSUPPORTED_FORMAT',
      `PDF output needs Chromium: LANTERN_CHROMIUM is ${process.env.LANTERN_CHROMIUM}, which does not exist`,
    );
  if (!executablePath)
    throw new LanternError(
      'UNSUPPORTED_FORMAT',
      'PDF output needs Chromium: install it (Debian: apt-get install chromium) or set LANTERN_CHROMIUM to its path; Markdown, HTML and DOCX work without it',
    );
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent(renderHtml(doc), { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin:
        doc.layout === 'one-page'
          ? { top: '8mm', bottom: '8mm', left: '8mm', right: '8mm' }
          : { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      tagged: true,
      outline: true,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
