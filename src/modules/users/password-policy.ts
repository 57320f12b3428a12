/**
 * What a password must not be: shorter than 12 characters; one of the common passwords of
 * common-passwords.txt, however decorated ("Password123!", "P@ssw0rd2024"); a run along the
 * keyboard, the alphabet or the digits ("qwertyuiop12", "123456789012"); a short piece repeated
 * ("abcabcabcabc"); or the account's own e-mail address or its local part ("jane.smith2024").
 * Pure: the list is read once, from the file shipped beside this one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | null = null;

/** The shipped list of common passwords (comments and blank lines left out). */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  '1q2w3e4r5t6y7u8i9o0p',
  'azertyuiop',
];

/** True when `s` runs along one of the sequences (either way), however often it goes round. */
function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  return SEQUENCES.some((seq) => {
    const round = seq.repeat(Math.ceil(s.length / seq.length) + 1);
    const back = [...round].reverse().join('');
    return round.includes(s) || back.includes(s);
  });
}

const LEET: Record<string, string[]> = {
  '0': ['o'],
  '1': ['i', 'l'],
  '3': ['e'],
  '4': ['a'],
  '5': ['s'],
  '7': ['t'],
  '8': ['b'],
  '@': ['a'],
  $: ['s'],
  '!': ['i'],
  '|': ['i', 'l'],
};

/** The readings of `s` with its symbol-for-letter swaps undone (at most a few dozen). */
function readings(s: string): string[] {
  let out = [''];
  for (const c of s) {
    const options = LEET[c] ?? [c];
    out = out.flatMap((prefix) => options.map((o) => prefix + o));
    if (out.length > 64) out = out.slice(0, 64);
  }
  return out;
}

/** The password stripped of digits, spaces and symbols at both ends: the word people decorate. */
const core = (s: string) => s.replace(/^[^a-z]+|[^a-z]+$/g, '');

/** Why the password may not be used, or null when it may. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  const list = commonPasswords();
  // The password as written, without what decorates its end, and without what decorates either
  // end; each read with symbol-for-letter swaps undone, and stripped again.
  const tail = compact.replace(/[^a-z]+$/, '');
  const stems = [compact, tail, tail.replace(/^[^a-z]+/, '')];
  const candidates = new Set(stems.flatMap((x) => [x, core(x), ...readings(x).flatMap((r) => [r, core(r)])]));
  candidates.delete('');
  if ([...candidates].some((c) => list.has(c)))
    return 'that is one of the most common passwords: choose a longer phrase of unrelated words';
  const digitsAndSymbols = /^[^a-z]*$/.test(compact) && !isSequence(compact);
  if (isSequence(compact) || isSequence(core(compact)) || (digitsAndSymbols && /^(.)\1+$/.test(compact)))
    return 'a run of keys, letters or digits is easy to guess: choose a phrase of unrelated words';
  if (/^(.{1,6})\1+$/.test(compact) || new Set(compact).size <= 3)
    return 'a password that repeats a few characters is easy to guess: choose a phrase of unrelated words';
  if (email) {
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0] ?? '';
    const names = [local, local.replace(/[^a-z0-9]/g, '')].filter((n) => n.length >= 3);
    if (
      compact.includes(address) ||
      [...candidates].some((c) => names.includes(c) || names.includes(c.replace(/[^a-z0-9]/g, '')))
    )
      return 'a password must not be your e-mail address or its name part';
  }
  return null;
}
