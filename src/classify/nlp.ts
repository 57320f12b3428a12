/**
 * Language analysis for the coder: tokens with character offsets, lemmas and sentences, from
 * wink-nlp and its English model (shipped in npm; nothing is downloaded at run time).
 *
 * Every token keeps [start, end) into the analysed text, so a match on lemmas always maps back
 * to the exact source span.
 */
import winkNLP, { type ItsFunction, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface Token {
  start: number;
  end: number;
  /** Lower-case surface form, with British spellings kept ("organisation"). */
  lower: string;
  /** wink's lemma ("shared" -> "share", "assessments" -> "assessment"). */
  lemma: string;
  /** Words and numbers; false for punctuation and symbols. */
  word: boolean;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

export interface Analysis {
  tokens: Token[];
  /** [first token, last token] of each sentence. */
  sentences: [number, number][];
}

let nlp: WinkMethods | null = null;

function instance(): WinkMethods {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/** A light fallback for words the model leaves inflected ("carers", "fathers"). */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The longest run of non-space characters analysed as words. wink's model tests every token with
 * a regular expression whose cost grows with the square of the token's length, so a run of
 * thousands of characters without a space (base64, a rule of dashes, junk) took minutes; no word
 * of the codebook is that long. Longer runs are blanked (same length, so offsets stay true).
 */
export const MAX_TOKEN_CHARS = 64;
const OVERLONG = new RegExp(String.raw`\S{${MAX_TOKEN_CHARS + 1},}`, 'g');

/** `text` with every run of non-space characters longer than MAX_TOKEN_CHARS blanked out. */
export function blankOverlongRuns(text: string): string {
  return text.replace(OVERLONG, (run) => ' '.repeat(run.length));
}

/** Analyses a text into tokens (with offsets, lemmas) and sentences. */
export function analyse(source: string): Analysis {
  const text = blankOverlongRuns(source);
  const w = instance();
  // wink's `its` members are plain functions that read their arguments, never `this`.
  /* eslint-disable @typescript-eslint/unbound-method */
  const its = w.its;
  const doc = w.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value);
  // The typings give these two an unusual signature; both are token `its` at run time.
  const spaces = tokens.out(its.precedingSpaces as unknown as ItsFunction<string>);
  const lemmas = tokens.out(its.lemma as unknown as ItsFunction<string>);
  const types = tokens.out(its.type);
  // wink's sentences, also broken at line breaks: blocks are separated by newlines, and a list
  // item or a table cell is never one sentence with the next.
  const winkSentence = new Int32Array(values.length);
  (doc.sentences().out(its.span) as unknown as [number, number][]).forEach(([a, b], s) =>
    winkSentence.fill(s, a, b + 1),
  );
  /* eslint-enable @typescript-eslint/unbound-method */
  const sentenceOf = new Int32Array(values.length);
  const sentenceSpans: [number, number][] = [];
  for (let i = 0; i < values.length; i++) {
    const fresh =
      i === 0 ||
      winkSentence[i] !== winkSentence[i - 1] ||
      (spaces[i] as string).includes('\n') ||
      (values[i - 1] as string).includes('\n');
    if (fresh) sentenceSpans.push([i, i]);
    const current = sentenceSpans[sentenceSpans.length - 1] as [number, number];
    current[1] = i;
    sentenceOf[i] = sentenceSpans.length - 1;
  }

  const out: Token[] = new Array<Token>(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    at += (spaces[i] as string).length;
    // wink keeps the text losslessly; resynchronise defensively if a token was normalised.
    if (text.startsWith(value, at) === false) {
      const found = text.indexOf(value, at);
      if (found >= 0 && found - at < 8) at = found;
    }
    const type = types[i] as string;
    const lower = value.toLowerCase().replace(/[’‘]/g, "'");
    out[i] = {
      start: at,
      end: at + value.length,
      lower,
      lemma: (lemmas[i] as string).toLowerCase(),
      word: type === 'word' || type === 'number' || type === 'alphanumeric' || type === 'ordinal',
      sentence: sentenceOf[i] ?? 0,
    };
    at += value.length;
  }
  return { tokens: out, sentences: sentenceSpans };
}
