/**
 * How a search finds its candidates, decided from an upper bound on how many items it can match.
 *
 * PostgreSQL's planner estimates a text query's matches as if its words were independent, so a
 * phrase whose words come together ("county lines exploitation": each word in 5% of items, nearly
 * always together) is estimated at a few hundred matches when it has tens of thousands. A GIN
 * bitmap of tens of thousands of matches costs ~10 ms on PGlite; finding the first matches by
 * reading the table in order costs ~2 ms. The bound here makes no independence assumption: AND
 * and phrases match at most their rarest part, OR at most the sum of its parts, NOT anything.
 * Word frequencies are the ones ANALYZE keeps for the planner (most common elements).
 */

export type TsQueryNode =
  | { op: 'lexeme'; lexeme: string; prefix: boolean }
  | { op: 'not'; arg: TsQueryNode }
  | { op: 'and' | 'or' | 'phrase'; left: TsQueryNode; right: TsQueryNode };

/**
 * Parses the text form PostgreSQL prints for a tsquery (`'counti' & 'line'`, `'voic' <2> 'child'`,
 * `'father' & !'school'`, `( 'a' | 'b' ) & 'c'`). Precedence as PostgreSQL's: ! then <N> then & then |.
 * Null for an empty query (every word a stop word).
 */
export function parseTsQuery(text: string): TsQueryNode | null {
  let at = 0;
  const skip = () => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const fail = (what: string): never => {
    throw new Error(`tsquery ${JSON.stringify(text)}: ${what} at ${at}`);
  };
  const lexeme = (): TsQueryNode => {
    at++; // opening quote
    let value = '';
    for (;;) {
      const c = text[at++];
      if (c === undefined) fail('unterminated lexeme');
      if (c === "'") {
        if (text[at] === "'") {
          value += "'";
          at++;
          continue;
        }
        break;
      }
      if (c === '\\' && at < text.length) {
        value += text[at++];
        continue;
      }
      value += c;
    }
    let prefix = false;
    if (text[at] === ':') {
      at++;
      while (at < text.length && /[*a-dA-D]/.test(text[at] as string)) if (text[at++] === '*') prefix = true;
    }
    return { op: 'lexeme', lexeme: value, prefix };
  };
  const unary = (): TsQueryNode => {
    skip();
    const c = text[at];
    if (c === '!') {
      at++;
      return { op: 'not', arg: unary() };
    }
    if (c === '(') {
      at++;
      const inner = or();
      skip();
      if (text[at] !== ')') fail('missing )');
      at++;
      return inner;
    }
    if (c === "'") return lexeme();
    return fail('expected a lexeme');
  };
  const phrase = (): TsQueryNode => {
    let left = unary();
    for (;;) {
      skip();
      const m = /^<(-|\d+)>/.exec(text.slice(at));
      if (!m) return left;
      at += m[0].length;
      left = { op: 'phrase', left, right: unary() };
    }
  };
  const binary = (op: 'and' | 'or', symbol: string, operand: () => TsQueryNode) => (): TsQueryNode => {
    let left = operand();
    for (;;) {
      skip();
      if (text[at] !== symbol) return left;
      at++;
      left = { op, left, right: operand() };
    }
  };
  const and = binary('and', '&', phrase);
  const or = binary('or', '|', and);

  skip();
  if (at === text.length) return null;
  const tree = or();
  skip();
  if (at !== text.length) fail('unexpected text');
  return tree;
}

/** The words a query asks for (not under a NOT), as tsquery text matching any of them; null if none. */
export function anyOf(tree: TsQueryNode | null): string | null {
  const words = new Set<string>();
  const walk = (n: TsQueryNode) => {
    if (n.op === 'lexeme') words.add(n.lexeme);
    else if (n.op !== 'not') {
      walk(n.left);
      walk(n.right);
    }
  };
  if (tree) walk(tree);
  return words.size
    ? [...words].map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ')
    : null;
}

/** What ANALYZE knows of a tsvector column: its rows, and the share of rows each common lexeme is in. */
export interface LexemeStats {
  rows: number;
  frequencies: ReadonlyMap<string, number>;
  /**
   * The share taken for a lexeme ANALYZE did not list: half the least listed share, as the
   * planner takes it (ANALYZE lists every lexeme above a cut-off, up to 10 x the statistics target).
   */
  unlisted: number;
}

/** The most a query can match, as a share of rows (0-1): exact bounds over the lexemes' shares. */
export function matchBound(node: TsQueryNode, stats: LexemeStats): number {
  switch (node.op) {
    case 'lexeme':
      // A prefix matches any number of listed lexemes: no useful bound.
      return node.prefix ? 1 : (stats.frequencies.get(node.lexeme) ?? stats.unlisted);
    case 'not':
      return 1;
    case 'and':
    case 'phrase':
      return Math.min(matchBound(node.left, stats), matchBound(node.right, stats));
    case 'or':
      return Math.min(1, matchBound(node.left, stats) + matchBound(node.right, stats));
  }
}

/** Reading in table order finds enough matches only if at least this share of rows can match... */
const COMMON_SHARE = 0.01;
/** ...and a GIN bitmap costs little below this many matches. */
const COMMON_ROWS = 2_000;

/**
 * Whether a query may be common enough that its first matches are cheaper to find by reading the
 * table in order than through the index. False when nothing is known (no ANALYZE yet), which
 * leaves the choice to the index, as PostgreSQL's planner would.
 */
export function mayBeCommon(tree: TsQueryNode | null, stats: LexemeStats | null): boolean {
  if (!tree || !stats || stats.rows <= 0) return false;
  const bound = matchBound(tree, stats);
  return bound >= COMMON_SHARE && bound * stats.rows >= COMMON_ROWS;
}
