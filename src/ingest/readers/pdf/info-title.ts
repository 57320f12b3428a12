import type { ReadResult } from '../../blocks.ts';

/**
 * The title in a PDF's document information, when it names the document. Browsers' "Print to
 * PDF" writes the page's title there, which is often the file name or address ("child-la-scr",
 * "file:///C:/…/report.html"); word processors write "Microsoft Word - draft v3.docx" or
 * "Document1". Such titles are not trusted: the document's own first heading is better.
 */

/**
 * The Title of the document information dictionary that the last trailer (or cross-reference
 * stream) names with /Info; a dictionary packed in a compressed object stream is not looked
 * into (null). Outline entries have /Title keys too, so the dictionary is found by reference.
 */
export function infoTitle(bytes: Uint8Array): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const info = lastMatch(buffer, '/Info', /^\s*(\d+)\s+(\d+)\s+R/);
  let dict: string;
  if (info) {
    const start = objectAt(buffer, info[1], info[2]);
    if (start < 0) return null;
    dict = buffer.subarray(start, start + 8192).toString('latin1');
    dict = dict.slice(0, dict.indexOf('endobj') >= 0 ? dict.indexOf('endobj') : undefined);
  } else {
    // A file without a trailer reference (or a fragment): its last /Title entry.
    const at = buffer.lastIndexOf('/Title');
    if (at < 0) return null;
    dict = buffer.subarray(at, at + 4096).toString('latin1');
  }
  const at = dict.indexOf('/Title');
  if (at < 0) return null;
  const rest = dict.slice(at + 6);
  const ref = /^\s*(\d+)\s+(\d+)\s+R/.exec(rest);
  if (ref) {
    const start = objectAt(buffer, ref[1], ref[2]);
    return start < 0
      ? null
      : stringAt(
          buffer
            .subarray(start, start + 4096)
            .toString('latin1')
            .replace(/^\d+\s+\d+\s+obj/, ''),
        );
  }
  return stringAt(rest);
}

/** Where object `n g` starts (its last definition): "1 0 obj", not the end of "11 0 obj". */
function objectAt(buffer: Buffer, n = '', g = ''): number {
  const key = `${n} ${g} obj`;
  let at = buffer.lastIndexOf(key);
  while (at > 0 && /\d/.test(String.fromCharCode(buffer[at - 1] ?? 0))) at = buffer.lastIndexOf(key, at - 1);
  return at;
}

function lastMatch(buffer: Buffer, key: string, after: RegExp): RegExpExecArray | null {
  let at = buffer.lastIndexOf(key);
  while (at >= 0) {
    const m = after.exec(buffer.subarray(at + key.length, at + key.length + 64).toString('latin1'));
    if (m) return m;
    at = at > 0 ? buffer.lastIndexOf(key, at - 1) : -1;
  }
  return null;
}

/** A PDF string (literal or hex) at the start of `rest`. */
function stringAt(rest: string): string | null {
  const literal = /^\s*\(((?:\\[\s\S]|[^\\)])*)\)/.exec(rest);
  if (literal) return decodeText(unescapeLiteral(literal[1] ?? ''));
  const hex = /^\s*<([0-9A-Fa-f\s]*)>/.exec(rest);
  if (!hex) return null;
  const digits = (hex[1] ?? '').replace(/\s+/g, '');
  let raw = '';
  for (let i = 0; i + 1 < digits.length; i += 2)
    raw += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
  return decodeText(raw);
}

function unescapeLiteral(text: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  return text.replace(/\\([0-7]{1,3}|[\s\S])/g, (_m, c: string) =>
    /^[0-7]+$/.test(c) ? String.fromCharCode(parseInt(c, 8)) : c === '\n' ? '' : (named[c] ?? c),
  );
}

/** PDF text strings: UTF-16BE after a byte order mark, otherwise (close enough) Latin-1. */
function decodeText(raw: string): string {
  if (raw.startsWith('\u00fe\u00ff')) {
    let out = '';
    for (let i = 2; i + 1 < raw.length; i += 2)
      out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return out;
  }
  return raw;
}

/** The title, when it reads as a title and not as a file name, path, address or placeholder. */
export function trustedTitle(title: string | null): string | null {
  const t = (title ?? '').replace(/\s+/g, ' ').trim();
  if (t.length < 3 || t.length > 200) return null;
  if (/^microsoft (word|powerpoint|excel) -/i.test(t)) return null;
  if (/^(https?:|file:|www\.|about:|data:)/i.test(t) || /^[a-z]:[\\/]/i.test(t) || /^[\\/~]/.test(t))
    return null;
  if (/\.(pdf|docx?|odt|rtf|html?|txt|pptx?|xlsx?|aspx?|php)$/i.test(t)) return null;
  // A slug: one "word" joined by hyphens, underscores or dots ("child-la-scr-2016", "SCR_final_v2").
  if (!/\s/.test(t) && /[-_.]/.test(t)) return null;
  if (/^(untitled|document\s*\d*|title|new document|print)$/i.test(t)) return null;
  return t;
}

/**
 * A metadata title that only repeats a line of the text (a browser's print takes the page title,
 * often its first heading: "Introduction", "1. Purpose") adds nothing the text's own title lines
 * do not say better: it is kept only when the text does not have it as a line of its own.
 */
export function independentTitle(title: string | null, read: ReadResult): string | null {
  if (!title) return null;
  const key = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const wanted = key(title);
  return read.blocks.some((b) => key(read.text.slice(b.start, b.end)) === wanted) ? null : title;
}
