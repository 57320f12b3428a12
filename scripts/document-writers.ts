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
  | { kind: 'page-break' };

export interface DocSpec {
  title: string;
  /** Printed at the top of every page after the first (PDF only). */
  runningHeader?: string;
  /** Print "Page N of M" at the foot of every page (PDF only). */
  pageNumbers?: boolean;
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
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 128;
  const sizes = { 1: 20, 2: 15, 3: 12.5 } as const;
  let number = 0;

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(0.6).font('Helvetica-Bold').fontSize(sizes[block.level]).text(block.text, { width });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('Helvetica').fontSize(10.5).text(block.text, { width, lineGap: 2 });
        doc.moveDown(0.6);
        break;
      case 'bullet': {
        const indent = 14 + (block.depth ?? 0) * 16;
        doc
          .font('Helvetica')
          .fontSize(10.5)
          .text(`•  ${block.text}`, 64 + indent, undefined, { width: width - indent, lineGap: 2 });
        doc.moveDown(0.3);
        doc.x = 64;
        break;
      }
      case 'numbered':
        number++;
        doc
          .font('Helvetica')
          .fontSize(10.5)
          .text(`${number}.  ${block.text}`, 78, undefined, { width: width - 14, lineGap: 2 });
        doc.moveDown(0.3);
        doc.x = 64;
        break;
      case 'table': {
        const cols = Math.max(...block.rows.map((r) => r.length));
        const colWidth = width / cols;
        block.rows.forEach((row, r) => {
          const font = block.header && r === 0 ? 'Helvetica-Bold' : 'Helvetica';
          doc.font(font).fontSize(9);
          const heights = row.map((cell) => doc.heightOfString(cell || ' ', { width: colWidth - 8 }));
          const height = Math.max(...heights) + 8;
          if (doc.y + height > doc.page.height - 72) doc.addPage();
          const y = doc.y;
          row.forEach((cell, c) => doc.text(cell, 64 + c * colWidth + 4, y + 4, { width: colWidth - 8 }));
          doc.x = 64;
          doc.y = y + height;
        });
        doc.moveDown(0.6);
        break;
      }
      case 'page-break':
        doc.addPage();
        break;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (spec.runningHeader && i > 0)
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(spec.runningHeader, 64, 32, { width, align: 'center', lineBreak: false });
    if (spec.pageNumbers)
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(`Page ${i + 1} of ${range.count}`, 64, doc.page.height - 40, {
          width,
          align: 'center',
          lineBreak: false,
        });
    doc.page.margins.bottom = bottom;
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
