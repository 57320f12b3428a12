/**
 * The shared scorer's item metric (../shared/eval/score.mjs), for tests: items are matched one to
 * one by word-overlap F1 >= 0.6, best pairs first, within each kind family.
 */
const STOP = new Set(
  'the of and to a an in for is be on that with as by was were are this it or at from their there should will has have had not been which who its into'.split(
    ' ',
  ),
);
const tokens = (s: string) => (s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !STOP.has(t));

export function tokenF1(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.length || !tb.length) return 0;
  const counts = new Map<string, number>();
  for (const t of tb) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const c = counts.get(t);
    if (c) {
      common++;
      counts.set(t, c - 1);
    }
  }
  if (!common) return 0;
  const p = common / ta.length;
  const r = common / tb.length;
  return (2 * p * r) / (p + r);
}

/** F1 of predicted against expected texts (1 when both are empty). */
export function itemF1(pred: string[], gold: string[]): number {
  if (pred.length === 0 && gold.length === 0) return 1;
  const pairs: [number, number, number][] = [];
  pred.forEach((p, i) =>
    gold.forEach((g, j) => {
      const s = tokenF1(p, g);
      if (s >= 0.6) pairs.push([s, i, j]);
    }),
  );
  pairs.sort((x, y) => y[0] - x[0]);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  let tp = 0;
  for (const [, i, j] of pairs) {
    if (usedP.has(i) || usedG.has(j)) continue;
    usedP.add(i);
    usedG.add(j);
    tp++;
  }
  const precision = pred.length ? tp / pred.length : 0;
  const recall = gold.length ? tp / gold.length : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

export const FAMILY: Record<string, string> = {
  finding: 'learning',
  lesson: 'learning',
  learning: 'learning',
  recommendation: 'recommendation',
  action: 'action',
  measure: 'measure',
  theme: 'theme',
};
