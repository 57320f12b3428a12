/**
 * Item 10 of issue 13: each bad file gets a reason a user can act on, never a parser's internal
 * message; text that is not text is refused; a long PDF of small print is read.
 */
import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it } from 'vitest';
import { bombZip, para, rawDocx } from '../../scripts/fuzz/generate.ts';
import { describeError, LanternError } from '../shared/errors.ts';
import { ingestDocument } from './pipeline.ts';
import { readDocument } from './read.ts';
import { readFailure } from './reasons.ts';

const INTERNAL = /Cannot (read|destructure)|undefined|call stack|xmldom|TypeError|RangeError/;

async function reasonFor(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await ingestDocument(name, bytes, null);
  } catch (error) {
    return describeError(error);
  }
  throw new Error(`${name} was read`);
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('text that is not text is refused', () => {
  it('refuses random high bytes named .txt (no longer read as Windows-1252)', async () => {
    const r = lcg(7);
    const bytes = Uint8Array.from({ length: 3000 }, () => 0x80 + Math.floor(r() * 128));
    await expect(readDocument('random.txt', bytes)).rejects.toThrow(
      /not text: it is not UTF-8, and \d+% of its bytes/,
    );
  });

  it('refuses a text whose control characters start after the first 8 KB', async () => {
    const r = lcg(3);
    const junk = Uint8Array.from({ length: 20000 }, () => 1 + Math.floor(r() * 30));
    const bytes = Buffer.concat([Buffer.from('Findings about neglect.\n'.repeat(400)), junk]);
    await expect(readDocument('mixed.txt', bytes)).rejects.toThrow(
      /not text: \d+% of its characters are control/,
    );
  });

  it('refuses a text without a single word', async () => {
    await expect(readDocument('numbers.md', Buffer.from('12 34. -- ** ## \n'.repeat(50)))).rejects.toThrow(
      /not text: it holds no words/,
    );
  });
});

describe('deep nesting is refused with a reason before any parser runs', () => {
  it('HTML', async () => {
    await expect(readDocument('deep.html', Buffer.from('<div>'.repeat(20000)))).rejects.toThrow(
      /the HTML is nested 20000 levels deep \(more than 200\)/,
    );
  });

  it('Markdown quotes', async () => {
    await expect(readDocument('deep.md', Buffer.from(`Words\n\n${'>'.repeat(50000)} x`))).rejects.toThrow(
      /the Markdown \(quotes or lists\) is nested 50000 levels deep/,
    );
  });

  it('DOCX tables inside tables', async () => {
    const docx = await rawDocx(
      `${'<w:tbl><w:tr><w:tc>'.repeat(3000)}${para('x')}${'</w:tc></w:tr></w:tbl>'.repeat(3000)}`,
    );
    expect(await reasonFor('deep.docx', docx)).toMatch(/the document is nested 900\d levels deep/);
  });
});

describe('DOCX attacks are refused by name', () => {
  it('XML entities (XXE)', async () => {
    const docx = await rawDocx(
      para('Recommendations &xxe;'),
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    expect(await reasonFor('xxe.docx', docx)).toMatch(/declares XML entities \(a DOCTYPE\)/);
  });

  it('a zip bomb that lies about its size is stopped at the size it declares', async () => {
    expect(await reasonFor('bomb.docx', bombZip(30 * 1024 * 1024, 1000))).toMatch(
      /would unpack to more than the 1000 bytes it declares/,
    );
  });
});

describe('parser faults become reasons a user can act on', () => {
  afterEach(() => {
    delete process.env.LANTERN_DEBUG;
  });

  it('a DOCX with broken XML: what is wrong and what to do; the parser only with LANTERN_DEBUG', async () => {
    const docx = await rawDocx(`${para('Findings')}<w:p><w:r><w:t>broken & < </w:p>`);
    const reason = await reasonFor('broken.docx', docx);
    expect(reason).toMatch(/^not a readable DOCX: .*save it again as \.docx/);
    expect(reason).not.toMatch(INTERNAL);
    process.env.LANTERN_DEBUG = '1';
    expect(await reasonFor('broken.docx', docx)).toMatch(/\[debug: .*xmldom/);
  });

  it('turns a stack overflow or a TypeError into a reason for the file type', () => {
    const overflow = readFailure(new RangeError('Maximum call stack size exceeded'), 'html');
    expect(overflow.message).toMatch(/^this HTML is nested too deeply to read/);
    const typeError = readFailure(new TypeError("Cannot destructure property 'firstElementChild'"), 'docx');
    expect(typeError.message).toMatch(/^not a readable DOCX: the file is damaged/);
    for (const e of [overflow, typeError]) expect(e.message).not.toMatch(INTERNAL);
    const known = new LanternError('UNREADABLE_DOCUMENT', 'empty file');
    expect(readFailure(known, 'txt')).toBe(known);
  });
});

describe('documents that used to give "no text found"', () => {
  it('reads a long PDF of one small-print line per page (not taken for running headers)', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    for (let p = 0; p < 40; p++) {
      if (p) doc.addPage();
      doc.fontSize(4).text(`Line ${p + 1}: the partnership should ensure schools attend strategy meetings.`);
    }
    doc.end();
    const read = await readDocument('small-print.pdf', await done);
    expect(read.blocks.length).toBe(40);
    expect(read.text).toContain('Line 40: the partnership should ensure');
  });

  it('reads an HTML fragment without <html> or <body>', async () => {
    const read = await readDocument(
      'fragment.html',
      Buffer.from('<h2>Findings</h2><p>Schools were not invited.</p>'),
    );
    expect(read.text).toBe('Findings\nSchools were not invited.');
  });
});
