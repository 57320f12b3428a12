/**
 * The theme coder's public face: the default codebook's rule coder, built once per process.
 */
import { defaultCodebook, type Codebook } from './codebook/codebook.ts';
import { RuleCoder } from './coder.ts';

let shared: RuleCoder | null = null;

/** The rule coder for Lantern's own codebook (compiling the vocabulary takes a moment, so once). */
export function defaultRuleCoder(): RuleCoder {
  shared ??= new RuleCoder(defaultCodebook());
  return shared;
}

/** A rule coder for a given codebook. */
export function ruleCoderFor(codebook: Codebook): RuleCoder {
  return new RuleCoder(codebook);
}
