/**
 * Positioned text runs through poppler's `pdftohtml -xml`, about ten times faster than pdf.js.
 * Used when poppler-utils is installed; the layout code is the same for both.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanternError } from '../../../shared/errors.ts';
import { makePrivateTempDir } from '../../../shared/private-temp.ts';
import { cleanText } from '../../decode.ts';
import { resaveAdvice } from '../../reasons.ts';
import type { PageRuns, Run } from './layout.ts';

let available: Promise<boolean> | null = null;

/** True when `pdftohtml` can be run. Checked once per process. */
export function popplerAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => execFile('pdftohtml', ['-v'], (error) => resolve(!error)));
  return available;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
      e.startsWith('#x')
        ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith('#')
          ? String.fromCodePoint(Number(e.slice(1)))
          : (ENTITIES[e] ?? m),
    );
}

function run(file: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'pdftohtml',
      ['-xml', '-i', '-q', '-zoom', '1', '-stdout', '-nodrm', file],
      { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout),
    ),
  );
}

/** Every page's runs, parsed from pdftohtml's XML. */
export async function runsWithPoppler(bytes: Uint8Array): Promise<PageRuns[]> {
  // The PDF holds confidential text: a private folder, removed below, and by the next Lantern
  // process if this one is killed before it can.
  const dir = await makePrivateTempDir('lantern-pdf-');
  const file = join(dir, 'in.pdf');
  try {
    await writeFile(file, bytes);
    let xml: string;
    try {
      xml = await run(file);
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? '';
      if (/incorrect password|encrypt/i.test(message))
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
    const pages: PageRuns[] = [];
    const sizes = new Map<string, number>();
    for (const page of xml.matchAll(
      /<page number="(\d+)"[^>]*height="([\d.]+)" width="([\d.]+)">([\s\S]*?)<\/page>/g,
    )) {
      const body = page[4] ?? '';
      for (const f of body.matchAll(/<fontspec id="(\d+)" size="([\d.-]+)"/g))
        sizes.set(f[1] ?? '', Number(f[2]));
      const runs: Run[] = [];
      for (const t of body.matchAll(
        /<text top="([\d.-]+)" left="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)" font="(\d+)">([\s\S]*?)<\/text>/g,
      )) {
        const inner = t[6] ?? '';
        const text = cleanText(decodeXml(inner));
        if (!text.trim()) continue;
        runs.push({
          text,
          x: Number(t[2]),
          top: Number(t[1]),
          width: Number(t[3]),
          size: sizes.get(t[5] ?? '') ?? Number(t[4]),
          bold: /^\s*<b>/.test(inner),
        });
      }
      pages.push({ page: Number(page[1]), width: Number(page[3]), height: Number(page[2]), runs });
    }
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
