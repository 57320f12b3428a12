import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { readPdf } from '../../ingest/readers/pdf/index.ts';
import { findChromium } from '../../reports/render-pdf.ts';
import type { ReportDocument } from '../../reports/model.ts';
import { maskOf } from '../../analytics/dataset.ts';
import { loadReviewRows } from '../analytics/analysis.repository.ts';
import { decideMachineCoding } from '../codings/coding.service.ts';
import { importPaths } from '../documents/import.service.ts';
import { buildTable, toCsv, toXlsx } from '../exports/tabular.ts';
import { buildReport, loadReportData, renderReport, type ReportType } from './report.service.ts';

const SAMPLES = join(import.meta.dirname, '../../../samples/documents');
const options = { actor: 'test', maxFileBytes: 10 * 1024 * 1024 };
const TODAY = '2026-11-22';

async function docxText(bytes: Buffer): Promise<{ xml: string; rels: string }> {
  const zip = await JSZip.loadAsync(bytes);
  return {
    xml: (await zip.file('word/document.xml')?.async('string')) ?? '',
    rels: (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '',
  };
}

/** Serious and critical accessibility violations found by axe-core in the page. */
async function axeViolations(html: string): Promise<string[]> {
  const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
  dom.window.eval(axe.source);
  const run = (dom.window as unknown as { axe: typeof axe }).axe.run(dom.window.document, {
    rules: { 'color-contrast': { enabled: false } }, // needs layout, which jsdom has not got
  });
  const result = await run;
  dom.window.close();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

describe(`reports and exports from the store (${testEngine})`, () => {
  let store: Store;
  const docs = new Map<ReportType, ReportDocument>();
  beforeAll(async () => {
    store = await createTestStore();
    await importPaths(store.db, [SAMPLES], options);
    const data = await loadReportData(store.db, {}, { today: TODAY, linkBase: 'https://lantern.example' });
    for (const type of ['practice-briefing', 'seven-minute', 'board-report', 'action-report'] as const)
      docs.set(type, buildReport(type, data));
  });
  afterAll(async () => store.close());

  it('cites every source span exactly: the cited text is the item the statement came from', async () => {
    for (const doc of docs.values()) {
      expect(doc.citations.length, doc.type).toBeGreaterThan(0);
      for (const c of doc.citations) {
        const d = await store.db
          .selectFrom('documents')
          .select(['text', 'file_name'])
          .where('id', '=', c.documentId)
          .executeTakeFirstOrThrow();
        const item = await store.db
          .selectFrom('items')
          .select('text')
          .where('document_id', '=', c.documentId)
          .where('span_start', '=', c.start)
          .where('span_end', '=', c.end)
          .executeTakeFirst();
        expect(item, `${doc.type} [${c.n}]`).toBeDefined();
        expect(c.fileName).toBe(d.file_name);
        expect(c.link).toBe(
          `https://lantern.example/documents/${c.documentId}/source?start=${c.start}&end=${c.end}`,
        );
        expect(d.text.slice(c.start, c.end).replace(/\s+/g, ' ')).toContain((item?.text ?? '').slice(0, 40));
      }
    }
  });

  it('writes DOCX with real headings, citations and linked sources', async () => {
    const doc = docs.get('practice-briefing') as ReportDocument;
    const { xml, rels } = await docxText(await renderReport(doc, 'docx'));
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    for (const heading of [
      'The cases',
      'Key learning',
      'Recurring themes',
      'Actions taken',
      'Questions for reflection',
      'Sources',
    ])
      expect(xml).toMatch(new RegExp(`<w:pStyle w:val="Heading1"/>.*?<w:t[^>]*>${heading}</w:t>`, 's'));
    expect(xml).toContain('[1]');
    expect(xml).toMatch(/<wp:docPr [^>]*descr="Percentage of the \d+ reviews/); // the chart's alt text
    expect(rels).toContain('https://lantern.example/documents/');
    const board = await docxText(await renderReport(docs.get('board-report') as ReportDocument, 'docx'));
    for (const heading of ['The cases', 'Themes', 'Case characteristics', 'Decisions sought from the board'])
      expect(board.xml).toMatch(new RegExp(`<w:t[^>]*>${heading}</w:t>`));
  });

  it('writes HTML that passes an accessibility check, with text from documents escaped', async () => {
    for (const doc of docs.values()) {
      const html = (await renderReport(doc, 'html')).toString('utf8');
      expect(await axeViolations(html), doc.type).toEqual([]);
      expect(html).toMatch(/<html lang="en">/);
      if (doc.blocks.some((b) => b.kind === 'chart'))
        expect(html).toMatch(/<svg[^>]+role="img" aria-labelledby=/);
      if (doc.blocks.some((b) => b.kind === 'table')) expect(html).toMatch(/<table><caption>/);
    }
    const hostile: ReportDocument = {
      ...(docs.get('practice-briefing') as ReportDocument),
      title: 'Review of <script>alert(1)</script> & "quotes"',
      blocks: [{ kind: 'paragraph', text: '<img src=x onerror=alert(1)>' }],
    };
    const html = (await renderReport(hostile, 'html')).toString('utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes Markdown with the chart embedded as SVG and a list of sources', async () => {
    const md = (await renderReport(docs.get('board-report') as ReportDocument, 'md')).toString('utf8');
    expect(md).toMatch(/^# Themes from case reviews: report to the board/);
    expect(md).toMatch(/!\[Themes in \d+ review\(s\): .*\]\(data:image\/svg\+xml;base64,/);
    expect(md).toMatch(/## Sources\n\n1\. .+: <https:\/\/lantern\.example\/documents\//);
  });

  it.skipIf(!findChromium())(
    'writes PDF whose text reads back, and a seven-minute briefing on one page',
    async () => {
      const pdf = await renderReport(docs.get('practice-briefing') as ReportDocument, 'pdf');
      const read = await readPdf(new Uint8Array(pdf), 'pdfjs');
      expect(read.text).toContain('Practice learning briefing');
      expect(read.text).toContain('Key learning');
      expect(read.text).toMatch(/Sources/);
      const seven = await readPdf(
        new Uint8Array(await renderReport(docs.get('seven-minute') as ReportDocument, 'pdf')),
        'pdfjs',
      );
      expect(seven.pages).toBe(1);
      for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(seven.text).toMatch(new RegExp(`${n}\\. [A-Z]`));
    },
    60_000,
  );

  it('reads the same characteristics and themes whether or not it fetches identities', async () => {
    const full = await loadReviewRows(store.db, {});
    const counts = await loadReviewRows(store.db, {}, { identity: false });
    const strip = (r: (typeof full)[number]) => [
      r.year,
      r.ageYears,
      r.sex,
      r.outcome,
      r.cpPlan,
      r.knownToCsc,
      r.themes.toString(),
    ];
    expect(counts.map(strip).sort()).toEqual(full.map(strip).sort());
    expect(full.some((r) => r.themes !== 0n)).toBe(true);
    const filtered = await loadReviewRows(store.db, { partnerships: ['Kestrelford'] }, { identity: false });
    expect(filtered.length).toBe(full.filter((r) => r.partnership.includes('Kestrelford')).length);
  });

  it('exports reviews x variables as CSV and XLSX with a codebook', async () => {
    const t = await buildTable(store.db, 'reviews');
    const rows = await loadReviewRows(store.db);
    expect(t.rows).toHaveLength(rows.length);
    const { data, codebook } = toCsv(t);
    const header = data.split('\n')[0]?.split(',') ?? [];
    expect(header.slice(0, 4)).toEqual(['review_id', 'subject', 'partnership', 'review_type']);
    expect(header).toContain('theme_domestic_abuse');
    expect(header.every((h) => /^[A-Za-z0-9_]+$/.test(h))).toBe(true);
    expect(codebook).toContain('theme_domestic_abuse,Domestic abuse,"1 theme present, 0 not coded"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(t)) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['reviews', 'codebook']);
    expect(book.getWorksheet('reviews')?.rowCount).toBe(rows.length + 1);
    const items = await buildTable(store.db, 'items');
    expect(items.rows.length).toBeGreaterThan(50);
    const codings = await buildTable(store.db, 'codings');
    expect(codings.rows.some((r) => r[1] === 'machine')).toBe(true);
  });

  it("keeps review themes in step with people's decisions", async () => {
    const [row] = await store.db
      .selectFrom('machine_codings as m')
      .innerJoin('codes as c', 'c.id', 'm.code_id')
      .innerJoin('review_documents as rd', 'rd.document_id', 'm.document_id')
      .select(['m.id', 'c.reference_code', 'rd.review_id'])
      .where('m.item_id', 'is', null)
      .where(
        sql<number>`(select count(*) from review_documents x where x.document_id = m.document_id)`,
        '=',
        1,
      )
      .limit(1)
      .execute();
    expect(row).toBeDefined();
    const themesOf = async () =>
      (
        await store.db
          .selectFrom('review_themes')
          .select('theme')
          .where('review_id', '=', row?.review_id as string)
          .execute()
      ).map((t) => t.theme);
    expect(await themesOf()).toContain(row?.reference_code);
    await decideMachineCoding(store.db, {
      coding: row?.id as string,
      decision: 'rejected',
      coder: 'analyst',
    });
    expect(await themesOf()).not.toContain(row?.reference_code);
    const [review] = await loadReviewRows(store.db, { ids: [row?.review_id as string] });
    // The bit mask says the same as the rows: the rejected theme's bit is gone with it.
    expect(review?.themes).toBe(maskOf(await themesOf()));
    expect(maskOf([row?.reference_code as string]) & (review?.themes ?? 0n)).toBe(0n);
  });
});
