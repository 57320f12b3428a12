/**
 * Writes simple documents as real PDF (pdfkit) and DOCX (docx) files: the sample reviews Lantern
 * ships, and fixtures for the reader tests. One small document model for both formats.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';

export type DocBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullet'; text: string; depth?: number }
  | { kind: 'numbered'; text: string }
  | { kind: 'table'; rows: string[][]; header?: boolean }
  | { kind: 'page-break' }
  /** PDF only: a footnote printed at the foot of the current page; its marker is raised after the previous block. */
  | { kind: 'footnote'; marker: string; text: string };

export interface DocSpec {
  title: string;
  /** Printed at the top of every page after the first (PDF only). */
  runningHeader?: string;
  /** Print "Page N of M" at the foot of every page (PDF only). */
  pageNumbers?: boolean;
  /** Lay body text out in two columns (PDF only); headings of level 1 span both. */
  columns?: 1 | 2;
  /** Encrypt the PDF with this user password (PDF only). */
  password?: string;
  blocks: DocBlock[];
}

const FIXED_DATE = new Date('2024-01-01T00:00:00Z');

/** Renders `spec` as a PDF with a text layer. */
export function writePdf(spec: DocSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 64, right: 64 },
    bufferPages: true,
    info: { Title: spec.title, CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
    ...(spec.password
      ? { userPassword: spec.password, ownerPassword: `${spec.password}-owner`, pdfVersion: '1.7' as const }
      : {}),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const full = doc.page.width - 128;
  const twoColumns = spec.columns === 2;
  const gap = 20;
  const colWidth = twoColumns ? (full - gap) / 2 : full;
  const sizes = { 1: 20, 2: 15, 3: 12.5 } as const;
  const notes: string[] = [];
  let column = 0;
  let number = 0;
  const bottom = () => doc.page.height - 72 - notes.length * 12;
  const left = () => 64 + column * (colWidth + gap);
  const flushNotes = () => {
    // Footnotes sit in the bottom margin: lift the margin while drawing them, or pdfkit breaks the page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y0 = doc.page.height - 72 - notes.length * 12 + 4;
    notes.forEach((n, i) =>
      doc
        .font('Helvetica')
        .fontSize(7)
        .text(n, 64, y0 + i * 12, { width: full, lineBreak: false }),
    );
    doc.page.margins.bottom = margin;
    notes.length = 0;
  };
  const newPage = () => {
    flushNotes();
    doc.addPage();
    column = 0;
  };
  /** Moves to the next column or page when `height` does not fit. */
  const room = (height: number) => {
    if (doc.y + height <= bottom()) return;
    if (twoColumns && column === 0) {
      column = 1;
      doc.y = columnTop;
    } else {
      newPage();
      columnTop = doc.y;
    }
  };
  let columnTop = doc.y;
  const write = (text: string, font: string, size: number, indent = 0, after = 0.6) => {
    doc.font(font).fontSize(size);
    const width = colWidth - indent;
    room(doc.heightOfString(text, { width, lineGap: 2 }));
    doc.text(text, left() + indent, doc.y, { width, lineGap: 2 });
    doc.moveDown(after);
  };

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        if (twoColumns && block.level === 1) {
          doc.font('Helvetica-Bold').fontSize(sizes[1]).text(block.text, 64, doc.y, { width: full });
          doc.moveDown(0.5);
          columnTop = doc.y;
        } else {
          doc.moveDown(0.4);
          write(block.text, 'Helvetica-Bold', sizes[block.level], 0, 0.3);
        }
        break;
      case 'paragraph':
        write(block.text, 'Helvetica', 10.5);
        break;
      case 'bullet':
        write(`•  ${block.text}`, 'Helvetica', 10.5, 14 + (block.depth ?? 0) * 16, 0.3);
        break;
      case 'numbered':
        number++;
        write(`${number}.  ${block.text}`, 'Helvetica', 10.5, 14, 0.3);
        break;
      case 'footnote': {
        // The marker sits raised just after the previous block's last line.
        const y = doc.y - 0.6 * 10.5 * 1.2 - 14;
        doc
          .font('Helvetica')
          .fontSize(6)
          .text(block.marker, left() + colWidth - 6, y, { lineBreak: false });
        doc.y = y + 14 + 0.6 * 10.5 * 1.2;
        notes.push(`${block.marker} ${block.text}`);
        break;
      }
      case 'table': {
        const cols = Math.max(...block.rows.map((r) => r.length));
        const cw = colWidth / cols;
        block.rows.forEach((row, r) => {
          doc.font(block.header && r === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
          const height =
            Math.max(...row.map((cell) => doc.heightOfString(cell || ' ', { width: cw - 8 }))) + 8;
          room(height);
          const y = doc.y;
          row.forEach((cell, c) => doc.text(cell, left() + c * cw + 4, y + 4, { width: cw - 8 }));
          doc.y = y + height;
        });
        doc.moveDown(0.6);
        break;
      }
      case 'page-break':
        newPage();
        columnTop = doc.y;
        break;
    }
  }
  flushNotes();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (spec.runningHeader && i > 0)
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(spec.runningHeader, 64, 32, { width: full, align: 'center', lineBreak: false });
    if (spec.pageNumbers)
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(`Page ${i + 1} of ${range.count}`, 64, doc.page.height - 40, {
          width: full,
          align: 'center',
          lineBreak: false,
        });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

/** Renders `spec` as a DOCX with real heading styles, bullet and numbered lists, and tables. */
export function writeDocx(spec: DocSpec): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        children.push(new Paragraph({ text: block.text, heading: levels[block.level] }));
        break;
      case 'paragraph':
        children.push(new Paragraph({ children: [new TextRun(block.text)] }));
        break;
      case 'bullet':
        children.push(new Paragraph({ text: block.text, bullet: { level: block.depth ?? 0 } }));
        break;
      case 'numbered':
        children.push(new Paragraph({ text: block.text, numbering: { reference: 'numbered', level: 0 } }));
        break;
      case 'table':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: block.rows.map(
              (row, r) =>
                new TableRow({
                  tableHeader: Boolean(block.header && r === 0),
                  children: row.map(
                    (cell) =>
                      new TableCell({
                        children: [
                          new Paragraph({
                            children: [new TextRun({ text: cell, bold: Boolean(block.header && r === 0) })],
                          }),
                        ],
                      }),
                  ),
                }),
            ),
          }),
        );
        break;
      case 'page-break':
        children.push(new Paragraph({ pageBreakBefore: true, children: [] }));
        break;
      case 'footnote':
        children.push(
          new Paragraph({ children: [new TextRun({ text: `${block.marker} ${block.text}`, size: 16 })] }),
        );
        break;
    }
  }
  const doc = new Document({
    creator: 'Lantern sample generator',
    title: spec.title,
    numbering: {
      config: [
        {
          reference: 'numbered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
