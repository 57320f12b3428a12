/** Text helpers for extraction: cleaning an item's words, sentences, word counts. */

const URL = /<\s*(?:https?:\/\/|www\.|mailto:)[^>]*>|\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w{2,}/gi;

/** An item's words as the contract wants them: no links, no trailing colon, single spaces. */
export function cleanItemText(text: string): string {
  let t = text;
  // Cheap checks first: the link pattern is costly on long text that has no link at all.
  if (/[<@]|https?:|www\./i.test(t)) t = t.replace(URL, ' ');
  if (t.includes('**')) t = t.replace(/\*\*/g, '');
  t = t
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:])/g, '$1')
    .trim();
  t = t.replace(/[:;]-?$/, '').trimEnd();
  return t.replace(/ [–—-]$/, '').trimEnd();
}

/** The number of words. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Splits prose into sentences, keeping abbreviations like "Dr." and "e.g." inside them. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])["'’”)]*\s+(?=["'‘“(]?[\p{Lu}\d])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lower-case words without punctuation, for comparing two texts. */
export function normaliseForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\u00c0-\uffff]+/g, ' ')
    .trim();
}

/** True when the whole text is a cross-reference in brackets: "(See Ashcombe Case K review)". */
export function isBracketedReference(text: string): boolean {
  return (
    /^\((see|cf\.?|also see)\b[^)]*\)\.?$/i.test(text.trim()) ||
    /^\([^)]*\b(case|child|review|scr)\b[^)]*\)$/i.test(text.trim())
  );
}
