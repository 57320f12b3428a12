/**
 * Links between items where the document states them by its structure: within one theme of a
 * board response (findings -> recommendations -> actions -> the next "how will we know"), and
 * within one row of an action table. Bullet lists in briefings state no links, so none are made.
 */
import type { ItemKind } from '../../shared/extraction-report.ts';
import type { Draft } from './items.ts';

const FAMILY: Record<ItemKind, 'finding' | 'recommendation' | 'action' | 'measure' | 'theme'> = {
  finding: 'finding',
  lesson: 'finding',
  learning: 'finding',
  recommendation: 'recommendation',
  action: 'action',
  measure: 'measure',
  theme: 'theme',
};

/** For each draft, the indexes of the drafts it leads to. */
export function linkDrafts(drafts: Draft[]): number[][] {
  const links: number[][] = drafts.map(() => []);
  // A scope whose structure is explicit (a single-item heading, a table row) links all its items.
  const explicit = new Set(drafts.filter((d) => d.linkable).map((d) => d.scope));
  const scopes = new Map<string, number[]>();
  drafts.forEach((d, i) => {
    if (!explicit.has(d.scope) || d.kind === 'theme') return;
    const list = scopes.get(d.scope) ?? [];
    list.push(i);
    scopes.set(d.scope, list);
  });
  for (const members of scopes.values()) {
    const of = (family: string) => members.filter((i) => FAMILY[(drafts[i] as Draft).kind] === family);
    const findings = of('finding');
    const recommendations = of('recommendation');
    const actions = of('action');
    for (const f of findings) links[f]?.push(...recommendations);
    for (const r of recommendations)
      links[r]?.push(...actions.filter((a) => a > r || recommendations.length === 1));
    // An action leads to the first measure after it: "how will we know" closes a block of actions.
    for (const a of actions) {
      const measure = of('measure').find((m) => m > a);
      if (measure !== undefined) links[a]?.push(measure);
    }
  }
  return links;
}
