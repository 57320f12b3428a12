import { describe, expect, it } from 'vitest';
import { writePdf } from '../../../scripts/document-writers.ts';
import { describeBlocks } from '../../../test/helpers/blocks.ts';
import { readPdf } from './pdf.ts';

const long = (n: number) =>
  `Paragraph ${n} describes how the agencies around the family shared what they knew, and where that sharing broke down over the months before the incident that led to this review.`;

describe('readPdf', () => {
  it('finds headings by font size, keeps bullets, and drops running headers and page numbers', async () => {
    const pdf = await writePdf({
      title: 'Overview report',
      runningHeader: 'Harbourside SCP - Child Y overview report - OFFICIAL',
      pageNumbers: true,
      blocks: [
        { kind: 'heading', level: 1, text: 'Overview report: Child Y' },
        { kind: 'paragraph', text: long(1) },
        { kind: 'heading', level: 2, text: 'Findings' },
        { kind: 'bullet', text: 'Information about the new partner was not shared with the health visitor.' },
        { kind: 'bullet', text: 'The plan had no measurable outcomes.' },
        { kind: 'page-break' },
        { kind: 'heading', level: 2, text: 'Recommendations' },
        { kind: 'paragraph', text: long(2) },
        { kind: 'page-break' },
        { kind: 'paragraph', text: long(3) },
      ],
    });
    const read = await readPdf(pdf);
    expect(read.pages).toBe(3);
    expect(describeBlocks(read)).toEqual([
      'h1 Overview report: Child Y',
      `p ${long(1)}`,
      'h2 Findings',
      'li0 • Information about the new partner was not shared with the health visitor.',
      'li0 • The plan had no measurable outcomes.',
      'h2 Recommendations',
      `p ${long(2)}`,
      `p ${long(3)}`,
    ]);
    expect(read.text).not.toMatch(/OFFICIAL|Page \d/);
    expect(read.blocks.map((b) => b.page)).toEqual([1, 1, 1, 1, 1, 2, 2, 3]);
  });

  it('refuses a PDF with no text layer as needing OCR', async () => {
    const pdf = await writePdf({ title: 'scan', blocks: [{ kind: 'page-break' }] });
    await expect(readPdf(pdf)).rejects.toThrow(/no text layer \(scanned\): needs OCR/);
  });

  it('refuses bytes that are not a PDF with a reason', async () => {
    await expect(readPdf(new TextEncoder().encode('%PDF-1.7 then nothing useful'))).rejects.toThrow(
      /not a readable PDF/,
    );
  });
});
