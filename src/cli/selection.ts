/** The review filters shared by analyse, report and export: parsed from options, checked, named when wrong. */
import type { Command } from 'commander';
import type { AgeBand, Selection } from '../analytics/dataset.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { operator, principalForEmail, type Principal } from '../modules/access/access.ts';
import { LanternError } from '../shared/errors.ts';

export interface SelectionOptions {
  partnership?: string[];
  from?: string;
  to?: string;
  type?: string[];
  ageBand?: string[];
  sex?: string[];
  outcome?: string[];
  theme?: string[];
  /** Act as this web user (their partnerships and roles) instead of the operator. */
  as?: string;
}

const repeat = (v: string, prev: string[] = []) => [...prev, v];

/** Adds the filter options to a command. */
export function withSelectionOptions(cmd: Command): Command {
  return cmd
    .option('--partnership <name>', 'a partnership, by name or slug (repeat for several)', repeat)
    .option('--from <year>', 'reviews published in or after this year')
    .option('--to <year>', 'reviews published in or before this year')
    .option('--type <type>', 'review type, e.g. child-safeguarding-practice-review (repeat)', repeat)
    .option('--age-band <band>', 'under-1, 1-5, 6-10, 11-15, 16-17, 18-plus (repeat)', repeat)
    .option('--sex <sex>', 'male or female (repeat)', repeat)
    .option('--outcome <outcome>', 'death or serious-harm (repeat)', repeat)
    .option('--theme <code>', 'reviews with this theme (repeat: with all of them)', repeat)
    .option(
      '--as <email>',
      "act as this web user: only their partnerships' reviews, and confidential documents only where they are an editor or admin",
    );
}

/** Whose rights a command uses: the operator (everything), or the user named by --as. */
export async function principalFrom(
  db: Kysely<Database>,
  o: SelectionOptions,
  operatorName: string,
): Promise<Principal> {
  return o.as ? principalForEmail(db, o.as) : operator(operatorName);
}

function year(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value))
    throw new LanternError('USAGE', `${name} must be a year like 2019, not "${value}"`);
  return Number(value);
}

function oneOf<T extends string>(
  values: string[] | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  for (const v of values ?? [])
    if (!(allowed as readonly string[]).includes(v))
      throw new LanternError('USAGE', `${name} must be one of ${allowed.join(', ')}, not "${v}"`);
  return values as T[] | undefined;
}

export function selectionFrom(o: SelectionOptions, ids?: string[]): Selection {
  const s: Selection = {};
  if (ids) s.ids = ids;
  if (o.partnership?.length) s.partnerships = o.partnership;
  const from = year(o.from, '--from');
  const to = year(o.to, '--to');
  if (from !== undefined) s.from = from;
  if (to !== undefined) s.to = to;
  if (o.type?.length) s.reviewTypes = o.type;
  const bands = oneOf<AgeBand>(
    o.ageBand,
    ['under-1', '1-5', '6-10', '11-15', '16-17', '18-plus'],
    '--age-band',
  );
  if (bands) s.ageBands = bands;
  const sexes = oneOf(o.sex, ['male', 'female'] as const, '--sex');
  if (sexes) s.sexes = sexes;
  const outcomes = oneOf(o.outcome, ['death', 'serious-harm'] as const, '--outcome');
  if (outcomes) s.outcomes = outcomes;
  if (o.theme?.length) s.themes = o.theme;
  return s;
}
