/**
 * How deeply a document nests, measured on its source before any parser sees it. Parsers and
 * tree walkers slow down with the square of the depth or overflow the stack (an HTML file of a
 * million nested <div>s took minutes, then failed with "Maximum call stack size exceeded"); no
 * real review is nested more than a few dozen levels, so past MAX_NESTING a file is refused
 * with a reason. Each scan is one linear pass.
 */
import { LanternError } from '../../shared/errors.ts';

export const MAX_NESTING = 200;

/** Elements whose end tag is optional or absent: they do not nest by themselves. */
const NOT_NESTING = new Set(
  (
    'area base br col embed hr img input link meta param source track wbr ' +
    'p li dt dd tr td th option optgroup thead tbody tfoot colgroup rt rp'
  ).split(' '),
);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 58 ||
    code === 45 ||
    code === 95 ||
    code === 46
  );
}

/**
 * The deepest element nesting in HTML or XML `source`, counting start and end tags (comments,
 * CDATA and raw text such as scripts skipped). `nests` says which element names count.
 */
export function markupDepth(source: string, nests: (name: string) => boolean = () => true): number {
  const lower = source.toLowerCase();
  let depth = 0;
  let max = 0;
  let i = 0;
  while ((i = lower.indexOf('<', i)) >= 0) {
    if (lower.startsWith('<!--', i)) {
      const end = lower.indexOf('-->', i + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (lower.startsWith('<![cdata[', i)) {
      const end = lower.indexOf(']]>', i + 9);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    const closing = lower.charCodeAt(i + 1) === 47;
    let j = i + (closing ? 2 : 1);
    while (j < lower.length && isNameChar(lower.charCodeAt(j))) j++;
    const name = lower.slice(i + (closing ? 2 : 1), j);
    if (!name) {
      i++;
      continue;
    }
    const gt = lower.indexOf('>', j);
    if (gt < 0) break;
    const selfClosing = lower.charCodeAt(gt - 1) === 47;
    i = gt + 1;
    if (!closing && RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (selfClosing || !nests(name)) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

/** HTML's nesting: elements that close themselves (<p>, <li>, <br>) do not count. */
export function htmlDepth(source: string): number {
  return markupDepth(source, (name) => !NOT_NESTING.has(name));
}

/** The deepest quote or list nesting of Markdown: ">" marks and indentation, line by line. */
export function markdownDepth(source: string): number {
  let max = 0;
  for (const line of source.split('\n')) {
    let quotes = 0;
    let indent = 0;
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (c === '>') quotes++;
      else if (c === ' ') indent++;
      else if (c === '\t') indent += 4;
      else break;
    }
    // A list level is two to four spaces of indentation before a bullet or number: count the
    // deeper reading. Indentation before anything else is a code block, which does not nest.
    const rest = line.slice(quotes + indent);
    const depth = quotes + (/^([-*+]|\d{1,9}[.)])(\s|$)/.test(rest) ? Math.floor(indent / 2) : 0);
    if (depth > max) max = depth;
  }
  return max;
}

/** Throws a user-facing refusal when `depth` exceeds MAX_NESTING. */
export function refuseDeepNesting(depth: number, what: string): void {
  if (depth <= MAX_NESTING) return;
  throw new LanternError(
    'UNREADABLE_DOCUMENT',
    `refused: ${what} is nested ${depth > 100_000 ? 'over 100,000' : depth} levels deep (more than ${MAX_NESTING}); ` +
      'no real document needs that, so Lantern does not read it. Save the document again from its editor (or as plain text) and import that',
  );
}
