import { operator } from '../../modules/access/access.ts';
import { getReviewView, type ChainNode } from '../../modules/reviews/review.service.ts';
import { reviewVariables } from '../../modules/reviews/variables.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { withStore, type GlobalOptions, type Io } from '../context.ts';

function renderChain(node: ChainNode, depth: number, fileOf: (id: string) => string, lines: string[]): void {
  const i = node.item;
  const arrow = depth === 0 ? '' : '  '.repeat(depth - 1) + '-> ';
  const ref = i.ref ? ` ${i.ref}` : '';
  const extra = [i.owner ? `owner: ${i.owner}` : '', i.deadline ? `deadline: ${i.deadline}` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(`  ${arrow}[${i.kind}${ref}] ${i.text}`);
  lines.push(
    `  ${' '.repeat(arrow.length)}   source: ${fileOf(i.documentId)} chars ${i.span[0]}-${i.span[1]}${extra ? `; ${extra}` : ''}`,
  );
  for (const next of node.next) renderChain(next, depth + 1, fileOf, lines);
}

/** `lantern show review ID|SUBJECT [--json]`. */
export async function runShow(
  what: string,
  ref: string,
  options: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (what !== 'review')
    throw new LanternError('USAGE', `cannot show "${what}": try "lantern show review ID|SUBJECT"`);
  return withStore(globals, async (store) => {
    const view = await getReviewView(store.db, ref);
    if (options.json) {
      io.out.write(JSON.stringify(view, null, 2) + '\n');
      return 0;
    }
    const r = view.review;
    const files = new Map(r.documentsList.map((d) => [d.id, d.fileName]));
    const lines = [
      `${r.subject}  (${r.id})`,
      `  partnership: ${r.partnership}`,
      `  review type: ${r.reviewType ?? 'not stated'}`,
      `  child: age ${r.childAgeText ?? 'not stated'}, sex ${r.childSex ?? 'not stated'}, outcome ${r.outcome ?? 'not stated'}`,
      `  agencies: ${r.agencies.length ? r.agencies.join('; ') : 'none recorded'}`,
      `  documents: ${r.documentsList.map((d) => d.fileName).join(', ')}`,
    ];
    const stated = (await reviewVariables(store.db, operator('show'), r.id)).variables.filter(
      (v) => v.value !== 'not-stated',
    );
    if (stated.length)
      lines.push(
        `  case variables: ${stated.map((v) => `${v.name} ${v.value}`).join(', ')} (lantern reviews variables)`,
      );
    if (r.crossReferences.length)
      lines.push(`  cross-references: ${r.crossReferences.map((x) => x.target).join('; ')}`);
    if (r.chronology.length) {
      lines.push('', 'Chronology');
      for (const c of r.chronology) lines.push(`  ${c.when}: ${c.text}`);
    }
    lines.push('', `Learning (${view.items.length} items; -> follows the links the document states)`);
    for (const chain of view.chains) renderChain(chain, 0, (id) => files.get(id) ?? id.slice(0, 8), lines);
    io.out.write(lines.join('\n') + '\n');
    return 0;
  });
}
