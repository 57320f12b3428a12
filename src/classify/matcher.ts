/**
 * The codebook's vocabulary compiled into a matcher over analysed text. Phrases match on lemmas
 * (or the surface form, or a plain singular), so "assessments were not shared" meets "share";
 * hyphens and quotes inside a phrase are ignored ("multi-agency" = "multi agency"); `near`
 * patterns find two words within a window of one sentence; abbreviations match case-sensitively
 * on the raw text ("DA", "CSE", "A&E"). In a phrase, "#" stands for any number ("working together
 * #" meets "Working Together 2018" and "Working Together (2015)").
 */
import type { Codebook } from './codebook/codebook.ts';
import { analyse, singular, type Analysis, type Token } from './nlp.ts';

/** How a mention matched; `abbreviation` also covers `patterns` (both run on the raw text). */
export type MentionKind = 'term' | 'weak' | 'near' | 'abbreviation';

export interface Mention {
  /** Index of the code in the codebook. */
  code: number;
  kind: MentionKind;
  /** The vocabulary entry that matched, as written in the codebook. */
  pattern: string;
  start: number;
  end: number;
  firstToken: number;
  lastToken: number;
  sentence: number;
}

interface Phrase {
  code: number;
  kind: 'term' | 'weak' | 'not';
  pattern: string;
  /** Per token, the keys any of which a text token must have. */
  keys: string[][];
}

interface Near {
  code: number;
  pattern: string;
  left: Set<string>;
  right: Set<string>;
}

/** A `near` match has fewer than this many words between its two words. */
export const NEAR_WINDOW = 6;

/** Tokens skipped inside phrases: hyphens, dashes, quotes, slashes, brackets. */
function skippable(t: Token): boolean {
  return !t.word && /^['"‘’“”\-–—/()[\]]+$/.test(t.lower);
}

/** The phrase key that stands for any number. */
const NUMBER = '#';

function keysOf(t: Token): string[] {
  const s = singular(t.lower);
  const keys = [t.lemma];
  if (t.lower !== t.lemma) keys.push(t.lower);
  if (s !== t.lower && s !== t.lemma) keys.push(s);
  return keys;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CompiledMatcher {
  match(analysis: Analysis, text: string): Mention[];
}

export function compileMatcher(book: Codebook): CompiledMatcher {
  const byFirst = new Map<string, Phrase[]>();
  const nears: Near[] = [];
  const nearWords = new Set<string>();
  const abbreviations: { code: number; re: RegExp }[] = [];

  const addPhrase = (code: number, kind: Phrase['kind'], pattern: string) => {
    const tokens = analyse(pattern).tokens.filter((t) => !skippable(t));
    if (tokens.length === 0) return;
    const keys = tokens.map(keysOf);
    const phrase: Phrase = { code, kind, pattern, keys };
    for (const k of keys[0] as string[]) {
      const list = byFirst.get(k) ?? [];
      if (!list.includes(phrase)) list.push(phrase);
      byFirst.set(k, list);
    }
  };
  const words = (side: string): Set<string> => {
    const out = new Set<string>();
    for (const alt of side.split('|')) {
      const w = alt.trim().toLowerCase();
      if (!w) continue;
      for (const t of analyse(w).tokens) for (const k of keysOf(t)) out.add(k);
      out.add(w);
    }
    return out;
  };

  book.codes.forEach((c, code) => {
    const v = c.vocabulary;
    for (const p of v.terms) addPhrase(code, 'term', p);
    for (const p of v.weak) addPhrase(code, 'weak', p);
    for (const p of v.not) addPhrase(code, 'not', p);
    for (const p of v.near) {
      const [l = '', r = ''] = p.split('~');
      const near: Near = { code, pattern: p, left: words(l), right: words(r) };
      nears.push(near);
      for (const w of [...near.left, ...near.right]) nearWords.add(w);
    }
    for (const p of v.patterns) abbreviations.push({ code, re: new RegExp(p, 'giu') });
    if (v.abbreviations.length > 0) {
      const alts = v.abbreviations.map(escapeRegExp).join('|');
      abbreviations.push({
        code,
        re: new RegExp(`(?<![\\p{L}\\p{N}&])(?:${alts})s?(?![\\p{L}\\p{N}&])`, 'gu'),
      });
    }
  });

  /** The tokens after `i` that a phrase may continue with, skipping hyphens and quotes. */
  const phraseEnd = (tokens: Token[], i: number, p: Phrase): number => {
    let j = i;
    for (let k = 1; k < p.keys.length; k++) {
      j++;
      while (j < tokens.length && skippable(tokens[j] as Token)) j++;
      const t = tokens[j];
      if (!t || t.sentence !== (tokens[i] as Token).sentence) return -1;
      const want = p.keys[k] as string[];
      if (want.includes(NUMBER) && /^\d+$/.test(t.lower)) continue;
      if (!keysOf(t).some((key) => want.includes(key))) return -1;
    }
    return j;
  };

  return {
    match(analysis: Analysis, text: string): Mention[] {
      const { tokens } = analysis;
      const found: Mention[] = [];
      const blocked: Blocked[] = [];
      const nearHits: { index: number; keys: string[] }[] = [];

      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        if (!t.word) continue;
        const keys = keysOf(t);
        if (keys.some((k) => nearWords.has(k))) nearHits.push({ index: i, keys });
        const seen = new Set<Phrase>();
        for (const k of keys) {
          for (const p of byFirst.get(k) ?? []) {
            if (seen.has(p)) continue;
            seen.add(p);
            const j = phraseEnd(tokens, i, p);
            if (j < 0) continue;
            const last = tokens[j] as Token;
            if (p.kind === 'not') {
              blocked.push({ code: p.code, start: t.start, end: last.end, firstToken: i, lastToken: j });
              continue;
            }
            found.push({
              code: p.code,
              kind: p.kind,
              pattern: p.pattern,
              start: t.start,
              end: last.end,
              firstToken: i,
              lastToken: j,
              sentence: t.sentence,
            });
          }
        }
      }

      // Near patterns: a left word and a right word within the window, in one sentence.
      for (const near of nears) {
        for (let a = 0; a < nearHits.length; a++) {
          const ha = nearHits[a] as { index: number; keys: string[] };
          if (!ha.keys.some((k) => near.left.has(k))) continue;
          const ta = tokens[ha.index] as Token;
          for (
            let b = Math.max(0, a - NEAR_WINDOW * 2);
            b < nearHits.length && b <= a + NEAR_WINDOW * 2;
            b++
          ) {
            if (b === a) continue;
            const hb = nearHits[b] as { index: number; keys: string[] };
            const tb = tokens[hb.index] as Token;
            if (tb.sentence !== ta.sentence || !hb.keys.some((k) => near.right.has(k))) continue;
            const lo = Math.min(ha.index, hb.index);
            const hi = Math.max(ha.index, hb.index);
            // Two words in different entries of a list ("...; health and education") are not a pair.
            let gap = 0;
            let split = false;
            for (let k = lo + 1; k < hi; k++) {
              const between = tokens[k] as Token;
              if (between.word) gap++;
              else if (between.lower === ';') split = true;
            }
            if (gap >= NEAR_WINDOW || split) continue;
            const first = tokens[lo] as Token;
            const last = tokens[hi] as Token;
            found.push({
              code: near.code,
              kind: 'near',
              pattern: near.pattern,
              start: first.start,
              end: last.end,
              firstToken: lo,
              lastToken: hi,
              sentence: first.sentence,
            });
          }
        }
      }

      // Abbreviations on the raw text, mapped back to tokens.
      for (const { code, re } of abbreviations) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const first = tokenAt(tokens, m.index);
          const last = tokenAt(tokens, m.index + m[0].length - 1);
          if (first < 0 || last < 0) continue;
          found.push({
            code,
            kind: 'abbreviation',
            pattern: m[0],
            start: m.index,
            end: m.index + m[0].length,
            firstToken: first,
            lastToken: last,
            sentence: (tokens[first] as Token).sentence,
          });
        }
      }

      // A "not" phrase covering a mention of its code cancels it. Indexed by token: a phrase spans
      // a few tokens, so the test is linear in the text, not mentions x phrases.
      const blockers = new TokenIndex<Blocked>();
      for (const b of blocked) blockers.add(b);
      // A `near` match is two words: a "not" phrase over either of them cancels it ("partner
      // agencies assessed" is not a partner assessed).
      const kept = found.filter((m) =>
        m.kind === 'near'
          ? blockers.at(m.code, m.firstToken).length === 0 && blockers.at(m.code, m.lastToken).length === 0
          : !blockers.at(m.code, m.firstToken).some((b) => b.start <= m.start && b.end >= m.end),
      );
      return dedupe(kept);
    },
  };
}

/** Index of the token containing `offset`, or -1. */
export function tokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid] as Token;
    if (offset < t.start) hi = mid - 1;
    else if (offset >= t.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

const RANK: Record<MentionKind, number> = { term: 3, abbreviation: 3, near: 2, weak: 1 };

interface Blocked {
  code: number;
  start: number;
  end: number;
  firstToken: number;
  lastToken: number;
}

/** Spans of one code by the tokens they cover; every span covers a few tokens at most. */
class TokenIndex<T extends { code: number; firstToken: number; lastToken: number }> {
  private readonly byCode = new Map<number, Map<number, T[]>>();

  add(span: T): void {
    let tokens = this.byCode.get(span.code);
    if (!tokens) this.byCode.set(span.code, (tokens = new Map<number, T[]>()));
    for (let k = span.firstToken; k <= span.lastToken; k++) {
      const list = tokens.get(k);
      if (list) list.push(span);
      else tokens.set(k, [span]);
    }
  }

  /** The spans of `code` covering token `k`. */
  at(code: number, k: number): T[] {
    return this.byCode.get(code)?.get(k) ?? [];
  }

  /** The spans of `code` covering any token from `first` to `last`. */
  *within(code: number, first: number, last: number): Generator<T> {
    for (let k = first; k <= last; k++) yield* this.at(code, k);
  }
}

/**
 * Overlapping mentions of one code: the strongest, then the longest, stands for them. Two
 * mentions that share a character share a token, so only the kept mentions on a candidate's own
 * tokens are compared with it.
 */
function dedupe(mentions: Mention[]): Mention[] {
  const sorted = [...mentions].sort(
    (a, b) =>
      a.code - b.code ||
      RANK[b.kind] - RANK[a.kind] ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const out: Mention[] = [];
  const kept = new TokenIndex<Mention>();
  for (const m of sorted) {
    let clash = false;
    for (const o of kept.within(m.code, m.firstToken, m.lastToken))
      if (o.start < m.end && m.start < o.end) {
        clash = true;
        break;
      }
    if (clash) continue;
    out.push(m);
    kept.add(m);
  }
  return out.sort((a, b) => a.start - b.start || a.code - b.code);
}
