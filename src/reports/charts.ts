/**
 * Charts as SVG, written by hand: a horizontal bar chart (prevalence), a heat map (co-occurrence)
 * and a line chart (trends). Each has a title and a description for screen readers, and the same
 * figures are always given in a table beside it. Suppressed figures are drawn as a hatched stub
 * labelled with their text ("<5"), never as a bar of their true size.
 */
export interface Bar {
  label: string;
  /** Percentage (0-100), or null when suppressed. */
  percent: number | null;
  /** What to print at the end of the bar ("8 (66.7%)", "<5"). */
  text: string;
}

export type ChartSpec =
  | { type: 'bar'; title: string; description: string; bars: Bar[] }
  | {
      type: 'heatmap';
      title: string;
      description: string;
      labels: string[];
      cells: (number | null)[][];
      texts: string[][];
    }
  | {
      type: 'line';
      title: string;
      description: string;
      xs: string[];
      series: { name: string; values: (number | null)[] }[];
    };

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"';
const INK = '#1b1b1b';
const BAR = '#1d5f8a';
const PALETTE = ['#1d5f8a', '#b8541a', '#2e7d4f', '#7a3e9d', '#8a6d1d', '#a33a3a'];

function frame(
  width: number,
  height: number,
  id: string,
  title: string,
  description: string,
  body: string,
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(description)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`
  );
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return `chart${counter}`;
}

function barChart(spec: Extract<ChartSpec, { type: 'bar' }>): string {
  const labelWidth = 260;
  const barArea = 300;
  const row = 22;
  const top = 34;
  const height = top + spec.bars.length * row + 12;
  const width = labelWidth + barArea + 110;
  const id = nextId();
  let body = `<text x="10" y="20" ${FONT} font-size="14" font-weight="bold" fill="${INK}">${esc(spec.title)}</text>`;
  spec.bars.forEach((b, i) => {
    const y = top + i * row;
    const w = b.percent === null ? 6 : Math.max(1, (b.percent / 100) * barArea);
    body += `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end" ${FONT} font-size="12" fill="${INK}">${esc(b.label)}</text>`;
    body +=
      b.percent === null
        ? `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="14" fill="none" stroke="${BAR}" stroke-dasharray="2 2"/>`
        : `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="14" fill="${BAR}"/>`;
    body += `<text x="${labelWidth + w + 6}" y="${y + 14}" ${FONT} font-size="12" fill="${INK}">${esc(b.text)}</text>`;
  });
  return frame(width, height, id, spec.title, spec.description, body);
}

function heatmap(spec: Extract<ChartSpec, { type: 'heatmap' }>): string {
  const n = spec.labels.length;
  const cell = 34;
  const left = 230;
  const top = 40;
  const width = left + n * cell + 20;
  const height = top + n * cell + 20;
  const max = Math.max(1, ...spec.cells.flat().map((v) => v ?? 0));
  const id = nextId();
  let body = `<text x="10" y="20" ${FONT} font-size="14" font-weight="bold" fill="${INK}">${esc(spec.title)}</text>`;
  spec.labels.forEach((l, i) => {
    body += `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" ${FONT} font-size="11" fill="${INK}">${esc(l)}</text>`;
    body += `<text x="${left + i * cell + cell / 2}" y="${top - 6}" text-anchor="middle" ${FONT} font-size="11" fill="${INK}">${i + 1}</text>`;
  });
  spec.cells.forEach((line, i) =>
    line.forEach((v, j) => {
      const shade = v === null ? 0 : v / max;
      const fill =
        v === null
          ? '#f2f2f2'
          : `rgb(${Math.round(255 - shade * 226)},${Math.round(255 - shade * 160)},${Math.round(255 - shade * 117)})`;
      const text = spec.texts[i]?.[j] ?? '';
      const dark = shade > 0.55;
      body += `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"/>`;
      body += `<text x="${left + j * cell + cell / 2 - 1}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" ${FONT} font-size="11" fill="${dark ? '#ffffff' : INK}">${esc(text)}</text>`;
    }),
  );
  return frame(width, height, id, spec.title, spec.description, body);
}

function lineChart(spec: Extract<ChartSpec, { type: 'line' }>): string {
  const left = 50;
  const top = 40;
  const plotW = Math.max(240, spec.xs.length * 70);
  const plotH = 180;
  const legend = 22 * spec.series.length;
  const width = left + plotW + 40;
  const height = top + plotH + 40 + legend;
  const id = nextId();
  const x = (i: number) => left + (spec.xs.length <= 1 ? plotW / 2 : (i / (spec.xs.length - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / 100) * plotH;
  let body = `<text x="10" y="20" ${FONT} font-size="14" font-weight="bold" fill="${INK}">${esc(spec.title)}</text>`;
  for (const p of [0, 25, 50, 75, 100]) {
    body += `<line x1="${left}" x2="${left + plotW}" y1="${y(p)}" y2="${y(p)}" stroke="#dddddd"/>`;
    body += `<text x="${left - 6}" y="${y(p) + 4}" text-anchor="end" ${FONT} font-size="10" fill="${INK}">${p}%</text>`;
  }
  spec.xs.forEach((label, i) => {
    body += `<text x="${x(i)}" y="${top + plotH + 16}" text-anchor="middle" ${FONT} font-size="11" fill="${INK}">${esc(label)}</text>`;
  });
  spec.series.forEach((s, k) => {
    const colour = PALETTE[k % PALETTE.length] as string;
    const points = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
    let path = '';
    for (const p of points)
      path += p === null ? ' ' : `${path.endsWith(' ') || path === '' ? 'M' : 'L'}${p} `;
    body += `<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`;
    for (const p of points)
      if (p) body += `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${colour}"/>`;
    const ly = top + plotH + 34 + k * 20;
    body += `<rect x="${left}" y="${ly - 10}" width="14" height="4" fill="${colour}"/><text x="${left + 20}" y="${ly - 5}" ${FONT} font-size="11" fill="${INK}">${esc(s.name)}</text>`;
  });
  return frame(width, height, id, spec.title, spec.description, body);
}

export function renderChart(spec: ChartSpec): string {
  if (spec.type === 'bar') return barChart(spec);
  if (spec.type === 'heatmap') return heatmap(spec);
  return lineChart(spec);
}

/** Pixel size of a chart's SVG (for embedding as an image). */
export function chartSize(svg: string): { width: number; height: number } {
  const m = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  return { width: Number(m?.[1] ?? 600), height: Number(m?.[2] ?? 300) };
}
