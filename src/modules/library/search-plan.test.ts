import { describe, expect, it } from 'vitest';
import {
  anyOf,
  matchBound,
  mayBeCommon,
  parseTsQuery,
  type LexemeStats,
  type TsQueryNode,
} from './search-plan.ts';

const lex = (lexeme: string, prefix = false): TsQueryNode => ({ op: 'lexeme', lexeme, prefix });

describe('parseTsQuery', () => {
  // Each text is what PostgreSQL prints for websearch_to_tsquery or a tsquery.
  it('reads AND, OR, NOT and phrases with PostgreSQL precedence', () => {
    expect(parseTsQuery(`'counti' & 'line' & 'exploit'`)).toEqual({
      op: 'and',
      left: { op: 'and', left: lex('counti'), right: lex('line') },
      right: lex('exploit'),
    });
    // & binds tighter than |: (coerciv & control) | separ
    expect(parseTsQuery(`'coerciv' & 'control' | 'separ'`)).toEqual({
      op: 'or',
      left: { op: 'and', left: lex('coerciv'), right: lex('control') },
      right: lex('separ'),
    });
    // <N> binds tighter than &, ! tighter than <N>
    expect(parseTsQuery(`'health' <-> 'visitor' | 'school' <-> 'nurs' & 'injuri'`)).toEqual({
      op: 'or',
      left: { op: 'phrase', left: lex('health'), right: lex('visitor') },
      right: {
        op: 'and',
        left: { op: 'phrase', left: lex('school'), right: lex('nurs') },
        right: lex('injuri'),
      },
    });
    expect(parseTsQuery(`'a' <3> !'b'`)).toEqual({
      op: 'phrase',
      left: lex('a'),
      right: { op: 'not', arg: lex('b') },
    });
  });

  it('reads groups, negated groups, prefixes, weights and quotes inside lexemes', () => {
    expect(parseTsQuery(`!( 'domest' <-> 'abus' ) & 'neglect'`)).toEqual({
      op: 'and',
      left: { op: 'not', arg: { op: 'phrase', left: lex('domest'), right: lex('abus') } },
      right: lex('neglect'),
    });
    expect(parseTsQuery(`( 'a' | 'b' ) & 'c'`)).toEqual({
      op: 'and',
      left: { op: 'or', left: lex('a'), right: lex('b') },
      right: lex('c'),
    });
    expect(parseTsQuery(`'x'':*' & 'y':*AB`)).toEqual({
      op: 'and',
      left: lex("x':*"),
      right: lex('y', true),
    });
  });

  it('gives null for an empty query and refuses text that is not a tsquery', () => {
    expect(parseTsQuery('')).toBeNull();
    expect(parseTsQuery('   ')).toBeNull();
    expect(() => parseTsQuery(`'a' &`)).toThrow(/expected a lexeme/);
    expect(() => parseTsQuery(`'a`)).toThrow(/unterminated/);
    expect(() => parseTsQuery(`( 'a' | 'b'`)).toThrow(/missing \)/);
    expect(() => parseTsQuery(`'a' 'b'`)).toThrow(/unexpected text/);
  });
});

describe('anyOf', () => {
  it('lists the words asked for, once each, leaving out excluded ones', () => {
    expect(anyOf(parseTsQuery(`'voic' <3> 'child' & !'school' & 'child'`))).toBe(`'voic' | 'child'`);
    expect(anyOf(parseTsQuery(`!( 'domest' <-> 'abus' ) & 'neglect'`))).toBe(`'neglect'`);
    expect(anyOf(parseTsQuery(`'o''brien' | 'a\\\\b'`))).toBe(`'o''brien' | 'a\\\\b'`);
    expect(anyOf(parseTsQuery(`!'school'`))).toBeNull();
    expect(anyOf(null)).toBeNull();
  });
});

describe('matchBound', () => {
  const stats: LexemeStats = {
    rows: 500_000,
    frequencies: new Map([
      ['counti', 0.05],
      ['line', 0.06],
      ['exploit', 0.09],
      ['child', 0.2],
      ['school', 0.1],
    ]),
    unlisted: 0.001,
  };
  const bound = (q: string) => matchBound(parseTsQuery(q) as TsQueryNode, stats);

  it('bounds AND and phrases by their rarest part, with no independence assumed', () => {
    // The planner would multiply: 0.05 * 0.06 * 0.09 = 0.00027
    expect(bound(`'counti' & 'line' & 'exploit'`)).toBe(0.05);
    expect(bound(`'voic' <3> 'child'`)).toBe(0.001);
  });

  it('adds the parts of an OR, up to every row', () => {
    expect(bound(`'counti' | 'line'`)).toBeCloseTo(0.11);
    expect(bound(`'child' | 'school' | 'exploit' | 'line' | 'counti' | 'child' | 'child' | 'child'`)).toBe(1);
  });

  it('gives no bound for a NOT or a prefix, and the unlisted share for a word ANALYZE did not list', () => {
    expect(bound(`!'school'`)).toBe(1);
    expect(bound(`'father' & !'school'`)).toBe(0.001);
    expect(bound(`'chil':*`)).toBe(1);
    expect(bound(`'darac'`)).toBe(0.001);
  });
});

describe('mayBeCommon', () => {
  const stats = (rows: number): LexemeStats => ({
    rows,
    frequencies: new Map([
      ['child', 0.2],
      ['rare', 0.004],
    ]),
    unlisted: 0.0005,
  });

  it('is true only when the bound is a large share of many rows', () => {
    expect(mayBeCommon(parseTsQuery(`'child'`), stats(500_000))).toBe(true);
    expect(mayBeCommon(parseTsQuery(`'child' & 'rare'`), stats(500_000))).toBe(false);
    expect(mayBeCommon(parseTsQuery(`'child' | 'rare'`), stats(500_000))).toBe(true);
    // 20% of 5,000 items: the index finds them cheaply.
    expect(mayBeCommon(parseTsQuery(`'child'`), stats(5_000))).toBe(false);
  });

  it('is false when nothing is known or nothing is asked', () => {
    expect(mayBeCommon(parseTsQuery(`'child'`), null)).toBe(false);
    expect(mayBeCommon(parseTsQuery(`'child'`), { ...stats(0) })).toBe(false);
    expect(mayBeCommon(parseTsQuery(''), stats(500_000))).toBe(false);
  });
});
