/**
 * A report as a Word document (the `docx` library): real headings (so Word's navigation pane and
 * screen readers see the structure), lists, tables with a header row, charts as SVG with a PNG
 * fallback (rendered by resvg) and alt text, citations as [n] and a list of sources with links.
 */
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { chartSize, renderChart } from './charts.ts';
import { describeCitation, type Block, type ReportDocument } from './model.ts';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];

function runs(text: string, cites: number[] | undefined): ParagraphChild[] {
  const out: ParagraphChild[] = [new TextRun(text)];
  if (cites?.length)
    out.push(new TextRun({ text: ` ${cites.map((n) => `[${n}]`).join('')}`, superScript: true }));
  return out;
}

function png(svg: string): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
}

function block(b: Block, depth: number): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ text: b.text, heading: HEADINGS[Math.min(3, b.level - 1 + depth)] })];
    case 'paragraph':
      return [new Paragraph({ children: runs(b.text, b.cites), spacing: { after: 120 } })];
    case 'list':
      return b.items.map(
        (it, i) =>
          new Paragraph({
            children: b.ordered
              ? [new TextRun(`${i + 1}. `), ...runs(it.text, it.cites)]
              : runs(it.text, it.cites),
            ...(b.ordered ? { indent: { left: 360 } } : { bullet: { level: 0 } }),
          }),
      );
    case 'table': {
      const border = { style: BorderStyle.SINGLE, size: 4, color: '9A9A9A' };
      const borders = { top: border, bottom: border, left: border, right: border };
      const cell = (text: string, header: boolean) =>
        new TableCell({
          borders,
          children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
        });
      return [
        new Paragraph({ children: [new TextRun({ text: b.caption, bold: true })], spacing: { before: 120 } }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.header.map((h) => cell(h, true)) }),
            ...b.rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
          ],
        }),
        ...(b.note
          ? [new Paragraph({ children: [new TextRun({ text: b.note, italics: true, size: 18 })] })]
          : []),
      ];
    }
    case 'chart': {
      const svg = renderChart(b.chart);
      const { width, height } = chartSize(svg);
      const scale = Math.min(1, 600 / width);
      return [
        new Paragraph({
          alignment: AlignmentType.LEFT,
          children: [
            new ImageRun({
              type: 'svg',
              data: Buffer.from(svg),
              fallback: { type: 'png', data: png(svg) },
              transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
              altText: { name: b.chart.title, title: b.chart.title, description: b.chart.description },
            }),
          ],
        }),
      ];
    }
    case 'panel':
      return [
        new Paragraph({ text: b.title, heading: HEADINGS[1] }),
        ...b.blocks.flatMap((x) => block(x, depth + 1)),
      ];
  }
}

export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
    ...(doc.subtitle ? [new Paragraph({ children: [new TextRun({ text: doc.subtitle, bold: true })] })] : []),
    new Paragraph({ children: [new TextRun({ text: doc.about, italics: true })], spacing: { after: 200 } }),
    ...doc.blocks.flatMap((b) => block(b, 0)),
  ];
  if (doc.citations.length) {
    children.push(new Paragraph({ text: 'Sources', heading: HeadingLevel.HEADING_1 }));
    for (const c of doc.citations)
      children.push(
        new Paragraph({
          children: [
            new TextRun(`[${c.n}] ${describeCitation(c)}: `),
            new ExternalHyperlink({
              link: c.link,
              children: [new TextRun({ text: 'view the source text', style: 'Hyperlink' })],
            }),
          ],
        }),
      );
  }
  const document = new Document({
    creator: 'Lantern',
    title: doc.title,
    description: doc.about,
    styles: { default: { document: { run: { font: 'Arial', size: doc.layout === 'one-page' ? 18 : 22 } } } },
    sections: [
      {
        properties: {
          page: { margin: doc.layout === 'one-page' ? { top: 600, bottom: 600, left: 700, right: 700 } : {} },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
