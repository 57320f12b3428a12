/**
 * Where a text holds web addresses and e-mail addresses: words there are not learning.
 *
 * The pattern is applied to one run of non-space characters at a time, never to the whole text:
 * on a long run (base64, "a.a.a.a…", "[x]([x](…") its open-ended parts cost the square of the
 * run's length at every start position, which took minutes on a 1 MB file. A run longer than
 * MAX_LINK_RUN that looks like an address at all counts as one address, whole.
 */
const URL_OR_EMAIL =
  /\bhttps?:\/\/\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\b\S+\.(?:gov|org|co|nhs)\.uk\S*/gi;
/** Cheap test for "could hold an address": every alternative above needs one of these. */
const ADDRESS_MARK = /:\/\/|www\.|@|\.uk/i;
export const MAX_LINK_RUN = 200;

/** [start, end) of each address in `text`, in order. Linear in the text's length. */
export function linkSpans(text: string): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (const run of text.matchAll(/\S+/g)) {
    const word = run[0];
    if (!ADDRESS_MARK.test(word)) continue;
    if (word.length > MAX_LINK_RUN) {
      out.push([run.index, run.index + word.length]);
      continue;
    }
    for (const m of word.matchAll(URL_OR_EMAIL))
      out.push([run.index + m.index, run.index + m.index + m[0].length]);
  }
  return out;
}

/**
 * For each query span, the index of the first item (in `items` order) whose span contains it,
 * or -1: what `items.findIndex(...)` per query gives, without its cost of items x queries. A
 * sweep over the spans by start keeps only the items open at the current position.
 */
export function firstContaining(
  items: readonly { span: readonly [number, number] }[],
  queries: readonly { start: number; end: number }[],
): Int32Array {
  const out = new Int32Array(queries.length).fill(-1);
  const byStart = items.map((_, i) => i).sort((a, b) => items[a]!.span[0] - items[b]!.span[0]);
  const order = queries.map((_, i) => i).sort((a, b) => queries[a]!.start - queries[b]!.start);
  let open: number[] = [];
  let next = 0;
  for (const q of order) {
    const { start, end } = queries[q]!;
    while (next < byStart.length && items[byStart[next]!]!.span[0] <= start) open.push(byStart[next++]!);
    open = open.filter((i) => items[i]!.span[1] >= start);
    let best = -1;
    for (const i of open) if (items[i]!.span[1] >= end && (best < 0 || i < best)) best = i;
    out[q] = best;
  }
  return out;
}
