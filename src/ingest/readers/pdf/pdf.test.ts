import { describe, expect, it } from 'vitest';
import { writePdf } from '../../../../scripts/document-writers.ts';
import { twoColumnCpr } from '../../../../test/fixtures/extraction/two-column-cpr.ts';
import { describeBlocks } from '../../../../test/helpers/blocks.ts';
import { extractReport } from '../../extract/index.ts';
import { readPdf, type PdfEngine } from './index.ts';
import { popplerAvailable } from './poppler.ts';

const long = (n: number) =>
  `Paragraph ${n} describes how the agencies around the family shared what they knew, and where that sharing broke down over the months before the incident that led to this review.`;

// One suite, run against every engine this machine has: pdf.js always, poppler when installed.
const engines: PdfEngine[] = (await popplerAvailable()) ? ['pdfjs', 'poppler'] : ['pdfjs'];

describe.each(engines)('readPdf with %s', (engine) => {
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
    const read = await readPdf(pdf, engine);
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

  it('reads two columns in order, leaves footnotes out of the text flow, and extracts the review', async () => {
    const read = await readPdf(await writePdf(twoColumnCpr), engine);
    const blocks = describeBlocks(read);
    const at = (prefix: string) => blocks.findIndex((b) => b.includes(prefix));
    // Reading order: left column, then right column, on each page.
    expect(at('Background')).toBeLessThan(at('Child T was 14 months old'));
    expect(at('Child T was 14 months old')).toBeLessThan(at('Learning from the review'));
    expect(at('Learning from the review')).toBeLessThan(at('Recommendations'));
    expect(at('Recommendations')).toBeLessThan(at('How will we know'));
    // Footnotes are gathered at the end, and no marker digit is left inside the text.
    expect(at('Footnotes')).toBeGreaterThan(at('How will we know'));
    expect(blocks.slice(0, at('Footnotes')).join(' ')).not.toMatch(
      /Wales\) Act 2014|All Wales Practice Guide/,
    );
    expect(read.text).not.toMatch(/Cwm Aderyn Regional Safeguarding Children Board \| Child Practice Review/);
    expect(read.text).toContain('moved from England eight months earlier.');

    const report = extractReport(read, { file: 't.pdf', sha256: '0'.repeat(64) });
    expect(report.reviews).toMatchObject([
      {
        subject: 'Child T',
        review_type: 'child-practice-review',
        child: { age_text: '14 months', age_years: 1.17, sex: 'female', outcome: 'serious-harm' },
      },
    ]);
    const kinds = report.items.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'learning')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'recommendation')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'measure')).toHaveLength(1);
    expect(report.items.find((i) => i.kind === 'recommendation')?.text).toBe(
      'The Board should agree with neighbouring English partnerships a protocol for transferring child health records within ten working days.',
    );
  });

  it('keeps a table as rows of cells', async () => {
    const pdf = await writePdf({
      title: 't',
      blocks: [
        { kind: 'heading', level: 2, text: 'Action plan' },
        {
          kind: 'table',
          header: true,
          rows: [
            ['Action', 'Owner', 'Deadline'],
            [
              'Audit twenty child in need plans for measurable outcomes and named leads',
              'Quality Assurance Subgroup',
              'March 2025',
            ],
            ['Refresh escalation training', 'Learning and Improvement Subgroup', 'June 2025'],
          ],
        },
      ],
    });
    const read = await readPdf(pdf, engine);
    // PDF heading levels rank the heading sizes present: one size, level 1.
    expect(describeBlocks(read)).toEqual([
      'h1 Action plan',
      'tr Action | Owner | Deadline',
      'tr Audit twenty child in need plans for measurable outcomes and named leads | Quality Assurance Subgroup | March 2025',
      'tr Refresh escalation training | Learning and Improvement Subgroup | June 2025',
    ]);
  });

  it('refuses a PDF with no text layer as needing OCR', async () => {
    const pdf = await writePdf({ title: 'scan', blocks: [{ kind: 'page-break' }] });
    await expect(readPdf(pdf, engine)).rejects.toThrow(/no text layer \(scanned\): needs OCR/);
  });

  it('refuses bytes that are not a PDF with a reason', async () => {
    await expect(readPdf(new TextEncoder().encode('%PDF-1.7 then nothing useful'), engine)).rejects.toThrow(
      /not a readable PDF|no text layer/,
    );
  });
});
