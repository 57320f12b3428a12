import { listDocuments } from '../../modules/documents/document.repository.ts';
import { listPartnerships } from '../../modules/partnerships/partnership.repository.ts';
import { listReviews } from '../../modules/reviews/review.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { printPartnerships } from './partnerships.ts';
import { formatTable, truncate, withStore, type GlobalOptions, type Io } from '../context.ts';

const shortId = (id: string) => id.slice(0, 8);

/** `lantern list reviews|documents|partnerships [--json]`. */
export async function runList(
  what: string,
  options: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (what !== 'reviews' && what !== 'documents' && what !== 'partnerships')
    throw new LanternError('USAGE', `cannot list "${what}": choose reviews, documents or partnerships`);
  return withStore(globals, async (store) => {
    if (what === 'partnerships') {
      printPartnerships(io, await listPartnerships(store.db), options.json ?? false);
    } else if (what === 'reviews') {
      const reviews = await listReviews(store.db);
      if (options.json) io.out.write(JSON.stringify(reviews, null, 2) + '\n');
      else if (reviews.length === 0)
        io.out.write('No reviews yet. Import documents with: lantern import PATH...\n');
      else
        io.out.write(
          formatTable(
            ['ID', 'SUBJECT', 'TYPE', 'AGE', 'SEX', 'OUTCOME', 'DOCS', 'ITEMS', 'PARTNERSHIP'],
            reviews.map((r) => [
              shortId(r.id),
              r.subject,
              r.reviewType ?? '-',
              r.childAgeText ?? '-',
              r.childSex ?? '-',
              r.outcome ?? '-',
              String(r.documents),
              String(r.items),
              truncate(r.partnership, 40),
            ]),
          ),
        );
    } else {
      const docs = await listDocuments(store.db);
      if (options.json) io.out.write(JSON.stringify(docs, null, 2) + '\n');
      else if (docs.length === 0)
        io.out.write('No documents yet. Import some with: lantern import PATH...\n');
      else
        io.out.write(
          formatTable(
            ['ID', 'FILE', 'FORMAT', 'KIND', 'DATE', 'ITEMS', 'TITLE'],
            docs.map((d) => [
              shortId(d.id),
              truncate(d.fileName, 44),
              d.format,
              d.kind,
              d.published ?? '-',
              String(d.items),
              truncate(d.title ?? '-', 50) + (d.confidential ? ' [confidential]' : ''),
            ]),
          ),
        );
    }
    return 0;
  });
}
