/**
 * The cross-case statements table for statistics packages: one row per statement a document about
 * several reviews makes ("in 3 of the 4 SCRs ..."), with its count, themes and the reviews it
 * applies to, so an analysis can say 3 of 4 where its source does.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { mayReadDocumentSql, type Principal } from '../access/access.ts';
import { listStatements } from '../reviews/statements.repository.ts';
import type { Tabular } from './tabular.ts';

export async function statementsTable(db: Kysely<Database>, principal: Principal): Promise<Tabular> {
  const rows = await listStatements(db, mayReadDocumentSql(principal));
  return {
    name: 'statements',
    variables: [
      { name: 'statement_id', label: 'Statement id in Lantern', values: 'text' },
      { name: 'partnership', label: 'Safeguarding partnership', values: 'text' },
      { name: 'document', label: 'Source file', values: 'text' },
      { name: 'text', label: 'The statement as written', values: 'text' },
      { name: 'numerator', label: 'How many of the cases it holds for', values: 'number; empty: not stated' },
      { name: 'denominator', label: 'Of how many cases', values: 'number; empty: not stated' },
      {
        name: 'quantifier',
        label: 'The count in words',
        values: 'all, each, most, some, none; empty: a number',
      },
      { name: 'themes', label: 'Themes it states', values: 'codes separated by ;' },
      {
        name: 'reviews',
        label: 'Reviews its themes attach to',
        values: "subjects separated by ;; empty: the document's own statement",
      },
      { name: 'span_start', label: 'Start of the source span (characters)', values: 'number' },
      { name: 'span_end', label: 'End of the source span (characters)', values: 'number' },
      { name: 'source', label: 'Who recorded it', values: 'machine, person' },
    ],
    rows: rows.map((s) => [
      s.id,
      s.partnership,
      s.fileName,
      s.text,
      s.numerator,
      s.denominator,
      s.quantifier,
      s.themes.join(';'),
      s.reviews.join(';'),
      s.span[0],
      s.span[1],
      s.source,
    ]),
  };
}
