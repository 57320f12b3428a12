/** A report as Markdown: citations as [n] with a numbered list of sources; charts as embedded SVG images. */
import { renderChart } from './charts.ts';
import { describeCitation, type Block, type ReportDocument } from './model.ts';

const cites = (ns: number[] | undefined) => (ns?.length ? ` ${ns.map((n) => `[${n}]`).join('')}` : '');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function block(b: Block, out: string[]): void {
  switch (b.kind) {
    case 'heading':
      out.push(`${'#'.repeat(b.level + 1)} ${b.text}`, '');
      break;
    case 'paragraph':
      out.push(`${b.text}${cites(b.cites)}`, '');
      break;
    case 'list':
      b.items.forEach((it, i) => out.push(`${b.ordered ? `${i + 1}.` : '-'} ${it.text}${cites(it.cites)}`));
      out.push('');
      break;
    case 'table':
      out.push(
        `*${b.caption}*`,
        '',
        `| ${b.header.map(cell).join(' | ')} |`,
        `|${b.header.map(() => ' --- ').join('|')}|`,
      );
      for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
      out.push('');
      if (b.note) out.push(`*${b.note}*`, '');
      break;
    case 'chart': {
      const svg = Buffer.from(renderChart(b.chart)).toString('base64');
      out.push(`![${b.chart.title}: ${b.chart.description}](data:image/svg+xml;base64,${svg})`, '');
      break;
    }
    case 'panel':
      out.push(`### ${b.title}`, '');
      for (const inner of b.blocks) block(inner, out);
      break;
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${doc.title}`, ''];
  if (doc.subtitle) out.push(`**${doc.subtitle}**`, '');
  out.push(`*${doc.about}*`, '');
  for (const b of doc.blocks) block(b, out);
  if (doc.citations.length) {
    out.push('## Sources', '');
    for (const c of doc.citations) out.push(`${c.n}. ${describeCitation(c)}: <${c.link}>`);
    out.push('');
  }
  return out.join('\n');
}
