/**
 * DOCX through mammoth (to semantic HTML), then the HTML walker: headings, numbered lists, tables.
 * The blocks are then read as the plain text of the same document would be (rendition.ts), so a
 * short standalone paragraph, a bold paragraph or a numbered point means the same in both.
 */
import mammoth from 'mammoth';
import { blockText, type ReadResult } from '../blocks.ts';
import { LanternError } from '../../shared/errors.ts';
import { resaveAdvice } from '../reasons.ts';
import { readHtml } from './html.ts';
import { readRendition, type RenditionBlock } from './rendition.ts';
import { independentTitle, trustedTitle } from './pdf/info-title.ts';
import { markupDepth, refuseDeepNesting } from './nesting.ts';
import { guardZip, zipEntryText } from './zip-guard.ts';

// Partnerships' templates name their heading styles in many ways; map the common ones.
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='Heading 1'] => h1:fresh",
  "p[style-name='Heading 2'] => h2:fresh",
  "p[style-name='Heading 3'] => h3:fresh",
  "p[style-name='Heading 4'] => h4:fresh",
  "p[style-name='Heading 5'] => h5:fresh",
  "p[style-name='Heading 6'] => h6:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
];

/** Reads a DOCX file into blocks. */
export async function readDocx(bytes: Uint8Array): Promise<ReadResult> {
  guardZip(bytes);
  const xml = zipEntryText(bytes, 'word/document.xml');
  if (xml === null)
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `not a Word document: the zip has no word/document.xml (is it another kind of zip renamed .docx?); ${resaveAdvice('docx')}`,
    );
  // Word never writes a DOCTYPE: one in a DOCX declares entities (XXE, "billion laughs").
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096)))
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      'refused: the document declares XML entities (a DOCTYPE), which Word never writes and which can hide attacks; save it again from Word and import that copy',
    );
  refuseDeepNesting(markupDepth(xml), 'the document');
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP });
    html = result.value;
  } catch (error) {
    // mammoth's own words ("[xmldom error] ...", "Could not find file in options") mean nothing
    // to a user: they stay in the cause, shown with LANTERN_DEBUG.
    throw new LanternError(
      'UNREADABLE_DOCUMENT',
      `not a readable DOCX: the file is damaged, truncated or not a Word document; ${resaveAdvice('docx')}`,
      { cause: error },
    );
  }
  const read = readHtml(
    `<!doctype html><html><head></head><body>${markBoldParagraphs(html)}</body></html>`,
    'docx',
  );
  const result = readRendition(renditionOf(read), 'docx', { warnings: read.warnings });
  return { ...result, metaTitle: independentTitle(trustedTitle(coreTitle(bytes)), result) };
}

/** The title in the document's core properties (File > Properties), as Word stores it. */
function coreTitle(bytes: Uint8Array): string | null {
  const core = zipEntryText(bytes, 'docProps/core.xml');
  const raw = core ? /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] : undefined;
  if (!raw) return null;
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return raw.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (entities[e] ?? m),
  );
}

/** A paragraph that is bold all through is written **like this**, as a plain-text export marks it. */
export function markBoldParagraphs(html: string): string {
  return html.replace(
    /<p>\s*<strong>([^<]*)<\/strong>\s*<\/p>/g,
    (_m, inner: string) => `<p>**${inner.trim()}**</p>`,
  );
}

/** The HTML walker's blocks as a rendition for the plain-text reader. */
function renditionOf(read: ReadResult): RenditionBlock[] {
  return read.blocks.map((b): RenditionBlock => {
    const text = blockText(read.text, b);
    if (b.kind === 'heading') return { kind: 'heading', level: b.level, text };
    if (b.kind === 'list-item') return { kind: 'item', text, marker: b.marker, depth: b.depth };
    if (b.kind === 'table-row')
      return {
        kind: 'row',
        cells: b.cells.map((c) => blockText(read.text, c)),
        ...(b.header ? { header: true } : {}),
      };
    return { kind: 'paragraph', text };
  });
}
