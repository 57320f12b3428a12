/**
 * A report as Markdown: citations as [n] with a numbered list of sources; charts as embedded SVG
 * images. Every piece of text (from documents, codebooks and people) is escaped: HTML becomes
 * entities, so `<script>` or `<b onmouseover=...>` in a document shows as text in any Markdown
 * viewer, and Markdown's own punctuation is backslash-escaped, so document text cannot make a
 * link (`[x](javascript:...)`), an image, emphasis, a heading or a list. Only Lantern's own
 * syntax, written here, is Markdown.
 */
import { renderChart } from './charts.ts';
import { describeCitation, type Block, type ReportDocument } from './model.ts';

/**
 * Text shown as written: one line; HTML's specials as entities; Markdown's inline punctuation
 * backslash-escaped; and a start that would open a block (heading, list, quote) escaped too.
 */
export function mdText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]~|]/g, (c) => `\\${c}`)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const cites = (ns: number[] | undefined) => (ns?.length ? ` ${ns.map((n) => `[${n}]`).join('')}` : '');
const cell = mdText;

function block(b: Block, out: string[]): void {
  switch (b.kind) {
    case 'heading':
      out.push(`${'#'.repeat(b.level + 1)} ${mdText(b.text)}`, '');
      break;
    case 'paragraph':
      out.push(`${mdText(b.text)}${cites(b.cites)}`, '');
      break;
    case 'list':
      b.items.forEach((it, i) =>
        out.push(`${b.ordered ? `${i + 1}.` : '-'} ${mdText(it.text)}${cites(it.cites)}`),
      );
      out.push('');
      break;
    case 'table':
      out.push(
        `*${mdText(b.caption)}*`,
        '',
        `| ${b.header.map(cell).join(' | ')} |`,
        `|${b.header.map(() => ' --- ').join('|')}|`,
      );
      for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
      out.push('');
      if (b.note) out.push(`*${mdText(b.note)}*`, '');
      break;
    case 'chart': {
      const svg = Buffer.from(renderChart(b.chart)).toString('base64');
      out.push(
        `![${mdText(`${b.chart.title}: ${b.chart.description}`)}](data:image/svg+xml;base64,${svg})`,
        '',
      );
      break;
    }
    case 'panel':
      out.push(`### ${mdText(b.title)}`, '');
      for (const inner of b.blocks) block(inner, out);
      break;
  }
}

/** A link Lantern made (http or https only), with nothing that could end the autolink. */
function safeLink(link: string): string {
  return /^https?:\/\//i.test(link) ? link.replace(/[<>\s"]/g, encodeURIComponent) : '#';
}

export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${mdText(doc.title)}`, ''];
  if (doc.subtitle) out.push(`**${mdText(doc.subtitle)}**`, '');
  out.push(`*${mdText(doc.about)}*`, '');
  for (const b of doc.blocks) block(b, out);
  if (doc.citations.length) {
    out.push('## Sources', '');
    for (const c of doc.citations) out.push(`${c.n}. ${mdText(describeCitation(c))}: <${safeLink(c.link)}>`);
    out.push('');
  }
  return out.join('\n');
}
