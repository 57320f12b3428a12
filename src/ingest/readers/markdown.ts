/** Markdown through marked's lexer: headings, paragraphs, nested lists and tables become blocks. */
import { Lexer, type Token, type Tokens } from 'marked';
import { TextBuilder, type ReadResult } from '../blocks.ts';
import { cleanText } from '../decode.ts';
import { markdownDepth, refuseDeepNesting } from './nesting.ts';

/** The plain words of inline tokens: emphasis, links and code keep their text; HTML tags go. */
function inlineText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  return tokens
    .map((t): string => {
      switch (t.type) {
        case 'text':
          return 'tokens' in t && t.tokens
            ? inlineText(t.tokens, String(t.text))
            : decodeEntities(String(t.text));
        case 'escape':
        case 'codespan':
          return decodeEntities(String(t.text));
        case 'strong':
        case 'em':
        case 'del':
        case 'link':
          return inlineText(t.tokens, String(t.text));
        case 'image':
          return String(t.text);
        case 'br':
          return ' ';
        case 'html':
          return '';
        default:
          return 'text' in t && typeof t.text === 'string' ? t.text : '';
      }
    })
    .join('');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function walk(tokens: Token[], out: TextBuilder, depth: number): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        out.heading(inlineText((token as Tokens.Heading).tokens), (token as Tokens.Heading).depth);
        break;
      case 'paragraph':
        out.paragraph(inlineText((token as Tokens.Paragraph).tokens));
        break;
      case 'text':
        out.paragraph(inlineText((token as Tokens.Text).tokens, (token as Tokens.Text).text));
        break;
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, out, depth);
        break;
      case 'code':
        out.paragraph((token as Tokens.Code).text);
        break;
      case 'list': {
        const list = token as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, n) => {
          const marker = list.ordered ? `${start + n}.` : '-';
          const own = item.tokens.filter((t) => t.type !== 'list');
          const text = own
            .map((t) =>
              'tokens' in t && t.tokens ? inlineText(t.tokens) : 'text' in t ? String(t.text) : '',
            )
            .join(' ');
          out.listItem(text, depth, marker);
          walk(
            item.tokens.filter((t) => t.type === 'list'),
            out,
            depth + 1,
          );
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        out.tableRow(
          table.header.map((c) => inlineText(c.tokens)),
          { header: true },
        );
        for (const row of table.rows) out.tableRow(row.map((c) => inlineText(c.tokens)));
        break;
      }
      default:
        break;
    }
  }
}

/** Reads Markdown into blocks. */
export function readMarkdown(source: string): ReadResult {
  const out = new TextBuilder();
  const clean = cleanText(source);
  // marked parses quotes and lists recursively: thousands of ">" overflow its stack.
  refuseDeepNesting(markdownDepth(clean), 'the Markdown (quotes or lists)');
  walk(new Lexer({ gfm: true }).lex(clean), out, 0);
  return out.finish('md');
}
