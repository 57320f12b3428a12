/**
 * The same document as .txt, PDF and DOCX gives the extractor the same blocks: heading levels,
 * paragraphs, list items with depth, table rows. Fictional documents in the shapes partnerships
 * publish (a learning briefing, a publication statement), written with scripts/document-writers.ts;
 * PDFs read by every engine this machine has.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { writeDocx, writePdf, type DocSpec } from '../../../scripts/document-writers.ts';
import { blockText, type ReadResult } from '../blocks.ts';
import { readDocx } from './docx.ts';
import { readPdf, type PdfEngine } from './pdf/index.ts';
import { popplerAvailable } from './pdf/poppler.ts';
import { readPlainText } from './plain-text.ts';

const engines: PdfEngine[] = (await popplerAvailable()) ? ['pdfjs', 'poppler'] : ['pdfjs'];

/** Kind, level or depth, and text of each block (markers differ by format: "-", "•", "1."). */
function shape(read: ReadResult): string[] {
  return read.blocks.map((b) => {
    const text = blockText(read.text, b).replace(/\t/g, ' | ');
    if (b.kind === 'heading') return `h${b.level}${b.inferred ? '?' : ''} ${text}`;
    if (b.kind === 'list-item') return `li${b.depth} ${text}`;
    if (b.kind === 'table-row') return `tr ${text}`;
    return `p ${text}`;
  });
}

/** The spec as a partnership's plain-text export: # headings, - bullets, tab-separated rows. */
function asPlainText(spec: DocSpec): string {
  const lines: string[] = [];
  let number = 0;
  let prev: string | null = null;
  for (const b of spec.blocks) {
    const tight =
      (b.kind === 'bullet' || b.kind === 'numbered') && (prev === 'bullet' || prev === 'numbered');
    if (prev !== null && !tight) lines.push('');
    if (b.kind === 'heading') lines.push(`${'#'.repeat(b.level)} ${b.text}`);
    else if (b.kind === 'paragraph') lines.push(b.text);
    else if (b.kind === 'bullet') lines.push(`${'  '.repeat(b.depth ?? 0)}- ${b.text}`);
    else if (b.kind === 'numbered') lines.push(`${++number}. ${b.text}`);
    else if (b.kind === 'table') for (const row of b.rows) lines.push(row.join('\t'));
    prev = b.kind;
  }
  return lines.join('\n') + '\n';
}

const briefing: DocSpec = {
  title: 'Kestrelford learning briefing',
  pageNumbers: true,
  blocks: [
    { kind: 'heading', level: 1, text: 'Learning briefing: Child K' },
    { kind: 'paragraph', text: 'Kestrelford Safeguarding Children Partnership' },
    { kind: 'heading', level: 2, text: 'About the review' },
    {
      kind: 'paragraph',
      text: 'Child K was nine months old when she was taken to hospital with a fractured arm. The partnership commissioned a local child safeguarding practice review to understand how the agencies around the family worked together in the year before.',
    },
    { kind: 'heading', level: 2, text: 'What did we find?' },
    {
      kind: 'bullet',
      text: 'Health visitors and the nursery each held part of the picture, and nobody put the pieces together before the injury.',
    },
    { kind: 'bullet', text: 'The father was not seen by any practitioner.' },
    { kind: 'bullet', text: 'Missed appointments were recorded but not followed up.', depth: 1 },
    { kind: 'heading', level: 2, text: 'What we are asking you to do' },
    { kind: 'numbered', text: 'Ask who else lives in the home or visits regularly.' },
    { kind: 'numbered', text: 'Share worries about a non-mobile baby the same day.' },
    { kind: 'heading', level: 3, text: 'Action plan' },
    {
      kind: 'table',
      header: true,
      rows: [
        ['Action', 'Owner', 'Deadline'],
        ['Audit twenty health visiting records for fathers', 'Health subgroup', 'June 2025'],
        ['Refresh the bruising protocol', 'Policy subgroup', 'September 2025'],
      ],
    },
  ],
};

const statement: DocSpec = {
  title: 'Ashcombe publication statement',
  blocks: [
    { kind: 'paragraph', text: 'Baby M - Child Safeguarding Practice Review' },
    { kind: 'paragraph', text: 'Tuesday, 12 March 2024' },
    {
      kind: 'paragraph',
      text: 'Ashcombe Safeguarding Partnership has today published the review into the serious injury of Baby M, who was six weeks old.',
    },
    { kind: 'paragraph', text: 'Key themes highlighted by the review include:' },
    { kind: 'bullet', text: 'Recognising the vulnerability of young parents;' },
    { kind: 'bullet', text: 'Information sharing between maternity and primary care;' },
    { kind: 'bullet', text: 'Safe sleep and coping with crying.' },
    {
      kind: 'paragraph',
      text: 'The partnership and its agencies have already begun to act on the recommendations and will report progress to the Board.',
    },
  ],
};

describe.each([
  ['learning briefing', briefing],
  ['publication statement', statement],
])('a %s', (_name, spec) => {
  const expected = shape(readPlainText(asPlainText(spec)));

  it('reads from DOCX as from its plain text', async () => {
    expect(shape(await readDocx(await writeDocx(spec)))).toEqual(expected);
  });

  it.each(engines)('reads from PDF (%s) as from its plain text', async (engine) => {
    expect(shape(await readPdf(await writePdf(spec), engine))).toEqual(expected);
  });
});

describe('the plain-text reader sees the same document through every format', () => {
  it('keeps inferred headings, nested bullets and table rows in the briefing', () => {
    expect(shape(readPlainText(asPlainText(briefing)))).toEqual([
      'h1 Learning briefing: Child K',
      'h3? Kestrelford Safeguarding Children Partnership',
      'h2 About the review',
      expect.stringMatching(/^p Child K was nine months old .* the year before\.$/),
      'h2 What did we find?',
      'li0 Health visitors and the nursery each held part of the picture, and nobody put the pieces together before the injury.',
      'li0 The father was not seen by any practitioner.',
      'li1 Missed appointments were recorded but not followed up.',
      'h2 What we are asking you to do',
      'li0 Ask who else lives in the home or visits regularly.',
      'li0 Share worries about a non-mobile baby the same day.',
      'h3 Action plan',
      'tr Action | Owner | Deadline',
      'tr Audit twenty health visiting records for fathers | Health subgroup | June 2025',
      'tr Refresh the bruising protocol | Policy subgroup | September 2025',
    ]);
  });
});

/**
 * A browser's print of a web page: Helvetica 11pt, paragraphs at the margin, list bullets drawn
 * as shapes (no glyph in the text layer) and items indented, a running footer "Page N of M".
 */
function browserPrint(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 57 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const para = (text: string) => {
    doc.font('Helvetica').fontSize(11).text(text, 57, doc.y, { width: 480, lineGap: 2.5 });
    doc.moveDown(0.7);
  };
  doc.font('Helvetica-Bold').fontSize(14).text('Harbourside learning from Baby D', 57, 57);
  doc.moveDown(0.7);
  para('The review found that the family had moved between three areas in a year.');
  para('Practitioners should:');
  for (const item of [
    'check records from the previous area before closing a referral',
    'speak to both parents about the baby crying, and about how they cope when they are tired and the baby will not settle',
    'record who lives in the household',
  ]) {
    doc.circle(68, doc.y + 6, 2).fill('#000');
    doc.fillColor('#000').font('Helvetica').fontSize(11).text(item, 77, doc.y, { width: 460, lineGap: 2.5 });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.4);
  para('The partnership will check progress in six months.');
  doc.page.margins.bottom = 0;
  doc
    .font('Helvetica')
    .fontSize(9)
    .text('Page 1 of 1', 57, 800, { width: 480, align: 'center', lineBreak: false });
  doc.end();
  return done;
}

/**
 * A word-processor page: numbered paragraphs whose wrapped lines hang under their text, a list
 * item that opens with a bold sentence, one indented item on its own, and a paragraph with only
 * its first line indented.
 */
function wordProcessorPage(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 57 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const opts = { width: 480, lineGap: 2.5 };
  doc.font('Helvetica-Bold').fontSize(14).text('Kestrelford review of Child P', 57, 57);
  doc.moveDown(0.7);
  // "2.1" at the margin, its text and wrapped lines at a hanging indent of 20pt.
  for (const [n, text] of [
    [
      '2.1',
      'The school nurse saw Child P four times in the spring term and each time recorded that he seemed tired and hungry, but did not ask why.',
    ],
    [
      '2.2',
      'Nobody asked the family about the new adult living in the home, although two agencies knew of him by the summer.',
    ],
  ] as const) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(11).text(n, 57, y, { lineBreak: false });
    doc.text(text, 77, y, { width: 460, lineGap: 2.5 });
    doc.moveDown(0.7);
  }
  doc.font('Helvetica').fontSize(11).text('One point stands apart:', 57, doc.y, opts);
  doc.moveDown(0.7);
  doc
    .font('Helvetica-Bold')
    .text('Professional curiosity was missing at every contact with the family over the year', 77, doc.y, {
      width: 460,
      lineGap: 2.5,
      continued: true,
    })
    .font('Helvetica')
    .text(' and each practitioner accepted what the parents told them at face value.');
  doc.moveDown(0.7);
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(
      'The partnership accepts these findings. It will report to the Board in the spring on what each agency has changed, and how it knows the change has reached practitioners.',
      57,
      doc.y,
      { ...opts, indent: 24 },
    );
  doc.end();
  return done;
}

/**
 * A plain text printed to PDF as a browser or editor prints it: Courier, long lines wrapped at
 * the page width, blank lines kept as space, a page number at the foot of every page.
 */
function monospacePrint(text: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, bottom: 60, left: 40, right: 40 },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Courier').fontSize(9.75);
  // Tabs are printed as spaces to the next stop of eight columns.
  const expand = (line: string) =>
    line.split('\t').reduce((a, cell, i) => (i === 0 ? cell : a + ' '.repeat(8 - (a.length % 8)) + cell), '');
  for (const raw of text.split('\n')) {
    const line = expand(raw);
    if (line === '') doc.moveDown(1);
    else doc.text(line, 40, doc.y, { width: 515 });
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .font('Courier')
      .fontSize(9.75)
      .text(`${i + 1}/${range.count}`, 520, 810, { lineBreak: false });
  }
  doc.end();
  return done;
}

describe.each(engines)('PDF layouts with %s', (engine) => {
  it('reads a browser print with bullets drawn as shapes as a list under its lead-in', async () => {
    expect(shape(await readPdf(await browserPrint(), engine))).toEqual([
      'h1 Harbourside learning from Baby D',
      'p The review found that the family had moved between three areas in a year.',
      'p Practitioners should:',
      'li0 check records from the previous area before closing a referral',
      'li0 speak to both parents about the baby crying, and about how they cope when they are tired and the baby will not settle',
      'li0 record who lives in the household',
      'p The partnership will check progress in six months.',
    ]);
  });

  it('reads hanging numbered paragraphs, a bold-led item, a lone indented item and a first-line indent', async () => {
    expect(shape(await readPdf(await wordProcessorPage(), engine))).toEqual([
      'h1 Kestrelford review of Child P',
      'li0 The school nurse saw Child P four times in the spring term and each time recorded that he seemed tired and hungry, but did not ask why.',
      'li0 Nobody asked the family about the new adult living in the home, although two agencies knew of him by the summer.',
      'p One point stands apart:',
      'li0 Professional curiosity was missing at every contact with the family over the year and each practitioner accepted what the parents told them at face value.',
      'p The partnership accepts these findings. It will report to the Board in the spring on what each agency has changed, and how it knows the change has reached practitioners.',
    ]);
  });

  it('reads a monospace print of a plain text as the plain text itself', async () => {
    const agencies = [
      'the health visitor',
      'the nursery',
      'the GP practice',
      'the police',
      'the housing officer',
      'the midwife',
    ];
    const acts = [
      'recorded the bruise',
      'noted the missed visit',
      'heard about the new partner',
      'saw the crowded flat',
    ];
    const long = agencies.flatMap((who) =>
      acts.map(
        (what) =>
          `In the weeks before the injury ${who} ${what}, and the overview asks who else was told about it, what they made of it and what was done next for Baby M.`,
      ),
    );
    // A tab printed as one space cannot be told from a word space: these cells stay two apart.
    const table = [
      'Action\tLead\tDue',
      'Audit the records\tHealth\tJune 2025',
      'Refresh the protocol\tPolicy\tMay 2025',
    ];
    const text = [
      asPlainText(statement),
      '## Findings',
      '',
      ...long.flatMap((p) => [p, '']),
      asPlainText({ ...briefing, blocks: briefing.blocks.filter((b) => b.kind !== 'table') }),
      ...table,
    ].join('\n');
    expect(shape(readPlainText(text)).slice(-3)).toEqual([
      'tr Action | Lead | Due',
      'tr Audit the records | Health | June 2025',
      'tr Refresh the protocol | Policy | May 2025',
    ]);
    const read = await readPdf(await monospacePrint(text), engine);
    expect(read.pages).toBeGreaterThan(1);
    expect(shape(read)).toEqual(shape(readPlainText(text)));
  });
});
