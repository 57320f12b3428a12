/**
 * HTML through linkedom: the page's main content, without scripts, navigation, cookie banners
 * and other boilerplate, walked into headings, paragraphs, list items and table rows.
 * DOCX reuses this walker on mammoth's HTML.
 */
import { parseHTML } from 'linkedom';
import { TextBuilder, type ReadResult } from '../blocks.ts';
import { cleanText } from '../decode.ts';
import { htmlDepth, refuseDeepNesting } from './nesting.ts';
import type { DocumentFormat } from '../../shared/extraction-report.ts';

const DROP = [
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'form',
  'button',
  'nav',
  'aside',
  'header',
  'footer',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[aria-hidden="true"]',
  '[hidden]',
  '.cookie',
  '.cookies',
  '.cookie-banner',
  '#cookie-banner',
  '.skip-link',
  '.breadcrumb',
  '.breadcrumbs',
].join(',');

const BLOCK_TAGS = new Set(
  (
    'P DIV SECTION ARTICLE MAIN BODY UL OL LI TABLE THEAD TBODY TFOOT TR TD TH H1 H2 H3 H4 H5 H6 BLOCKQUOTE PRE ' +
    'DL DT DD FIGURE FIGCAPTION HR BR CAPTION HEADER FOOTER NAV ASIDE ADDRESS FIELDSET DETAILS SUMMARY HGROUP'
  ).split(' '),
);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  getAttribute?(name: string): string | null;
}

function children(node: DomNode): DomNode[] {
  return Array.from(node.childNodes);
}

function hasBlockChild(node: DomNode): boolean {
  return children(node).some((c) => c.nodeType === 1 && BLOCK_TAGS.has(c.nodeName) && c.nodeName !== 'BR');
}

/** Text of inline content, with <br> as a space. */
function inlineText(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  if (node.nodeName === 'BR') return ' ';
  return children(node).map(inlineText).join('');
}

class Walker {
  constructor(private readonly out: TextBuilder) {}

  /** Walks mixed content, gathering runs of inline nodes into paragraphs. */
  flow(node: DomNode, listDepth: number): void {
    let run = '';
    const flushRun = () => {
      if (run.trim()) this.out.paragraph(run);
      run = '';
    };
    for (const child of children(node)) {
      if (child.nodeType === 3) {
        run += child.textContent ?? '';
      } else if (child.nodeType === 1) {
        if (BLOCK_TAGS.has(child.nodeName) && child.nodeName !== 'BR') {
          flushRun();
          this.block(child, listDepth);
        } else {
          run += inlineText(child);
        }
      }
    }
    flushRun();
  }

  block(el: DomNode, listDepth: number): void {
    const tag = el.nodeName;
    if (/^H[1-6]$/.test(tag)) {
      this.out.heading(inlineText(el), Number(tag[1]));
    } else if (tag === 'UL' || tag === 'OL') {
      this.list(el, listDepth);
    } else if (tag === 'TABLE' || tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
      for (const child of children(el)) if (child.nodeType === 1) this.block(child, listDepth);
    } else if (tag === 'TR') {
      const cells = children(el).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
      const header = cells.length > 0 && cells.every((c) => c.nodeName === 'TH');
      this.out.tableRow(
        cells.map((c) => blockContentText(c)),
        { header },
      );
    } else if (
      tag === 'P' ||
      tag === 'DT' ||
      tag === 'DD' ||
      tag === 'FIGCAPTION' ||
      tag === 'CAPTION' ||
      tag === 'PRE'
    ) {
      if (hasBlockChild(el)) this.flow(el, listDepth);
      else this.out.paragraph(inlineText(el));
    } else if (tag === 'LI') {
      this.listItem(el, listDepth, '-');
    } else if (tag !== 'HR' && tag !== 'BR') {
      this.flow(el, listDepth);
    }
  }

  list(el: DomNode, depth: number): void {
    const ordered = el.nodeName === 'OL';
    let n = Number(el.getAttribute?.('start') ?? '1') || 1;
    for (const li of children(el)) {
      if (li.nodeName !== 'LI') {
        if (li.nodeType === 1) this.block(li, depth);
        continue;
      }
      this.listItem(li, depth, ordered ? `${n}.` : '-');
      n++;
    }
  }

  listItem(li: DomNode, depth: number, marker: string): void {
    // The item's own words, then its nested lists one level deeper.
    let own = '';
    const nested: DomNode[] = [];
    for (const c of children(li)) {
      if (c.nodeName === 'UL' || c.nodeName === 'OL') nested.push(c);
      else
        own +=
          c.nodeType === 1 && BLOCK_TAGS.has(c.nodeName) ? ' ' + blockContentText(c) + ' ' : inlineText(c);
    }
    this.out.listItem(own, depth, marker);
    for (const list of nested) this.list(list, depth + 1);
  }
}

function blockContentText(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  if (node.nodeName === 'BR') return ' ';
  const sep = BLOCK_TAGS.has(node.nodeName) ? ' ' : '';
  return sep + children(node).map(blockContentText).join('') + sep;
}

interface DomElement extends DomNode {
  closest(selector: string): DomElement | null;
  remove(): void;
}

/** The part of linkedom's document this reader uses (its published types do not resolve under NodeNext). */
interface HtmlDocument {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  body: DomElement | null;
  documentElement: DomElement;
}

/** Reads an HTML string into blocks; `format` lets DOCX reuse it. */
export function readHtml(source: string, format: DocumentFormat = 'html'): ReadResult {
  const clean = cleanText(source);
  refuseDeepNesting(htmlDepth(clean), format === 'docx' ? 'the document' : 'the HTML');
  // linkedom keeps nothing of a fragment without <html> or <body> ("<p>text</p>"): give it both.
  const page = /<(html|body)[\s>]/i.test(clean) ? clean : `<!doctype html><html><body>${clean}</body></html>`;
  const { document } = (parseHTML as unknown as (html: string) => { document: HtmlDocument })(page);
  const title = document.querySelector('title')?.textContent?.trim() || null;
  for (const el of Array.from(document.querySelectorAll(DROP))) {
    // A page's own <header> inside <main> or <article> usually holds its title: keep it.
    if (/^(HEADER|FOOTER)$/.test(el.nodeName) && el.closest('main, article')) continue;
    el.remove();
  }
  const root =
    document.querySelector('main') ??
    document.querySelector('article') ??
    document.body ??
    document.documentElement;
  const out = new TextBuilder();
  new Walker(out).flow(root, 0);
  return out.finish(format, { metaTitle: title });
}
