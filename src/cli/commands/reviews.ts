/**
 * `lantern reviews variables REF` and `lantern reviews set-variable REF NAME VALUE --reason TEXT`:
 * a review's case variables, and a person's correction of one (recorded in the audit log). The
 * operator has every right; `--as EMAIL` acts as a web user (an editor or admin of the review's
 * partnership may set a variable, a viewer may only read, another partnership's review is not found).
 */
import { operator, principalForEmail, type Principal } from '../../modules/access/access.ts';
import {
  reviewVariables,
  setReviewVariable,
  type VariableView,
} from '../../modules/reviews/variables.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, truncate, withStore, type GlobalOptions, type Io } from '../context.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface ReviewsOptions {
  json?: boolean;
  reason?: string;
  as?: string;
}

function principalOf(db: Kysely<Database>, options: ReviewsOptions): Promise<Principal> {
  return options.as ? principalForEmail(db, options.as) : Promise.resolve(operator(cliActor()));
}

function source(v: VariableView): string {
  if (v.source === 'person') return `person (${v.setBy}): ${v.reason ?? ''}`;
  if (v.source === 'machine')
    return `machine${v.fileName ? ` (${v.fileName} ${v.span?.[0]}-${v.span?.[1]})` : ''}`;
  return '-';
}

export async function runReviews(
  action: string,
  args: string[],
  options: ReviewsOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  return withStore(globals, async (store) => {
    const principal = await principalOf(store.db, options);
    if (action === 'variables') {
      const [ref] = args;
      if (!ref || args.length !== 1) throw new LanternError('USAGE', 'usage: lantern reviews variables REF');
      const { reviewId, variables } = await reviewVariables(store.db, principal, ref);
      if (options.json) {
        io.out.write(JSON.stringify({ reviewId, variables }, null, 2) + '\n');
        return 0;
      }
      io.out.write(
        formatTable(
          ['VARIABLE', 'VALUE', 'SOURCE', 'QUOTE'],
          variables.map((v) => [
            v.name,
            v.value,
            truncate(source(v), 60),
            v.quote ? `"${truncate(v.quote.replace(/\s+/g, ' '), 90)}"` : '',
          ]),
        ),
      );
      return 0;
    }
    if (action === 'set-variable') {
      const [ref, name, value] = args;
      if (!ref || !name || !value || args.length !== 3)
        throw new LanternError('USAGE', 'usage: lantern reviews set-variable REF NAME VALUE --reason TEXT');
      if (!options.reason) throw new LanternError('USAGE', 'a reason is required: --reason TEXT');
      const v = await setReviewVariable(store.db, principal, { ref, name, value, reason: options.reason });
      if (options.json) io.out.write(JSON.stringify(v, null, 2) + '\n');
      else io.out.write(`${v.name} = ${v.value} (set by ${v.setBy}; recorded in the audit log)\n`);
      return 0;
    }
    throw new LanternError('USAGE', `unknown action "${action}": try variables or set-variable`);
  });
}
