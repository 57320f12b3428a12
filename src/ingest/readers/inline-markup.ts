/**
 * Inline Markdown-like marks that plain-text exports carry: emphasis, links and autolinks.
 * The words stay; the marks go.
 */
export function stripInlineMarkup(text: string): string {
  return (
    text
      // Neither bracket nor parenthesis may open again inside: each scan ends at the next one, so
      // a line of "[x](" repeated costs its length, not its square.
      .replace(/!\[([^\][]*)\]\([^()]*\)/g, '$1')
      .replace(/\[([^\][]+)\]\((?:[^)(]|\([^)(]*\))*\)/g, '$1')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[\s(])\*(?=\S)([^*]+?)(?<=\S)\*(?=$|[\s).,;:!?])/g, '$1$2')
      .replace(/(^|[\s(])_(?=\S)([^_]+?)(?<=\S)_(?=$|[\s).,;:!?])/g, '$1$2')
      .replace(/\*\*/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
