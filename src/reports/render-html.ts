/**
 * A report as one self-contained, accessible HTML page: landmarks, headings in order, tables with
 * captions and header scopes, charts as inline SVG with a title and description, citations as
 * links to a numbered list of sources. All text is escaped.
 */
import { renderChart } from './charts.ts';
import { describeCitation, type Block, type ReportDocument } from './model.ts';

export const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const cites = (ns: number[] | undefined) =>
  ns?.length
    ? ns.map((n) => ` <a class="cite" href="#source-${n}" aria-label="source ${n}">[${n}]</a>`).join('')
    : '';

function block(b: Block, depth: number): string {
  switch (b.kind) {
    case 'heading': {
      const level = Math.min(6, b.level + 1 + depth);
      return `<h${level}>${escapeHtml(b.text)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}${cites(b.cites)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((it) => `<li>${escapeHtml(it.text)}${cites(it.cites)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      return (
        `<table><caption>${escapeHtml(b.caption)}</caption><thead><tr>${b.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>` +
        (b.note ? `<p class="note">${escapeHtml(b.note)}</p>` : '')
      );
    case 'chart':
      return `<figure>${renderChart(b.chart)}<figcaption>${escapeHtml(b.chart.description)}</figcaption></figure>`;
    case 'panel':
      return `<section class="panel"><h2>${escapeHtml(b.title)}</h2>${b.blocks.map((x) => block(x, 1)).join('')}</section>`;
  }
}

const STYLE = `
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 52rem; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.3rem; margin-top: 1.6rem; } h3 { font-size: 1.1rem; }
.subtitle { font-size: 1.1rem; margin-top: 0; } .about { color: #4a4a4a; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.6rem 0; width: 100%; } caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #9a9a9a; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; } thead th { background: #e9eef2; }
.note { font-size: 0.85rem; color: #4a4a4a; } a { color: #0b4f7c; } .cite { font-size: 0.8em; text-decoration: none; }
figure { margin: 1rem 0; } figcaption { font-size: 0.85rem; color: #4a4a4a; } svg { max-width: 100%; height: auto; }
.one-page { max-width: none; margin: 0; font-size: 0.72rem; line-height: 1.3; } .one-page h1 { font-size: 1.3rem; } .one-page .about { font-size: 0.7rem; margin: 0.2rem 0 0.4rem; }
.one-page main { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 0.4rem; }
.one-page .panel { border: 2px solid #1d5f8a; border-radius: 6px; padding: 0.1rem 0.5rem; break-inside: avoid; }
.one-page .panel h2 { font-size: 0.9rem; margin: 0.25rem 0; color: #0b4f7c; } .one-page .panel:first-child { grid-column: 1 / -1; }
.one-page ul, .one-page ol { padding-left: 1.1rem; margin: 0.2rem 0; } .one-page p { margin: 0.2rem 0; }
.sources { font-size: 0.85rem; } .one-page .sources { font-size: 0.6rem; column-count: 2; } .one-page .sources h2 { font-size: 0.75rem; margin: 0.3rem 0 0; }
@media print { body { margin: 0; max-width: none; } a { color: #1b1b1b; } }
`;

export function renderHtml(doc: ReportDocument): string {
  const sources = doc.citations.length
    ? `<section class="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2><ol>${doc.citations
        .map(
          (c) =>
            `<li id="source-${c.n}">${escapeHtml(describeCitation(c))}: <a href="${escapeHtml(c.link)}">view the source text</a></li>`,
        )
        .join('')}</ol></section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body class="${doc.layout === 'one-page' ? 'one-page' : ''}">
<header>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : ''}
<p class="about">${escapeHtml(doc.about)}</p>
</header>
<main>
${doc.blocks.map((b) => block(b, 0)).join('\n')}
</main>
<footer>
${sources}
</footer>
</body>
</html>
`;
}
