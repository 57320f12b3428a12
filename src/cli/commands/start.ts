import { fileURLToPath } from 'node:url';
import { countStore } from '../../modules/documents/document.repository.ts';
import { importPaths } from '../../modules/documents/import.service.ts';
import { listReviews } from '../../modules/reviews/review.repository.ts';
import { cliActor, formatTable, truncate, withStore, type GlobalOptions, type Io } from '../context.ts';

/** The fictional sample reviews shipped with Lantern. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/documents', import.meta.url));

/**
 * `lantern start` (what `npm start` runs): opens the store, imports the sample reviews on first
 * run, and shows what is there and how to explore it.
 */
export async function runStart(globals: GlobalOptions, io: Io): Promise<number> {
  return withStore(globals, async (store, config) => {
    let failed = 0;
    if ((await countStore(store.db)).documents === 0) {
      io.out.write(`First run: importing the sample reviews from ${SAMPLES_DIR}\n`);
      const outcomes = await importPaths(store.db, [SAMPLES_DIR], {
        actor: cliActor(),
        maxFileBytes: config.maxFileBytes,
      });
      for (const o of outcomes) {
        if (o.status === 'failed') io.err.write(`  failed    ${o.name}: ${o.reason ?? ''}\n`);
        else
          io.out.write(
            `  ${o.status.padEnd(9)} ${o.name} (${o.reviews ?? 0} reviews, ${o.items ?? 0} items)\n`,
          );
      }
      failed = outcomes.filter((o) => o.status === 'failed').length;
    }
    const counts = await countStore(store.db);
    const reviews = await listReviews(store.db);
    const where =
      store.engine === 'pglite' ? `embedded store in ${store.location}` : `PostgreSQL at ${store.location}`;
    io.out.write(
      `\nLantern: ${where}\n` +
        `${counts.partnerships} partnerships, ${counts.documents} documents, ${counts.reviews} reviews, ${counts.items} learning items\n\n`,
    );
    if (reviews.length > 0)
      io.out.write(
        formatTable(
          ['SUBJECT', 'TYPE', 'ITEMS', 'PARTNERSHIP'],
          reviews.map((r) => [r.subject, r.reviewType ?? '-', String(r.items), truncate(r.partnership, 50)]),
        ) + '\n',
      );
    const first = reviews[0]?.subject ?? 'Child A';
    const commands: [string, string][] = [
      ['npx lantern list reviews', 'every review and its learning count'],
      ['npx lantern list documents', 'every imported document'],
      [`npx lantern show review "${first}"`, 'one review: its facts and learning chains, with source spans'],
      [`npx lantern code "${first}"`, 'its theme codes, each with the words that show it'],
      ['npx lantern codebook show', 'the themes Lantern codes against'],
      [
        'npx lantern analyse --suppress',
        'themes, combinations, trends and case characteristics across reviews',
      ],
      [
        `npx lantern brief "${first}" --out briefing.docx`,
        'a practice learning briefing citing its sources (md, html, docx, pdf)',
      ],
      ['npx lantern report board --out board.html', 'a themes report to the board'],
      ['npx lantern actions list --by owner', 'the action tracker: status, RAG and overdue by owner'],
      ['npx lantern actions digest --due-within 30d', 'a per-owner digest of what is late or due soon'],
      ['npx lantern import PATH...', 'import your own documents (txt, md, html, pdf, docx)'],
      ['npx lantern extract PATH --json', 'the extraction report of a document, without storing it'],
      ['npx lantern export --format json', 'the whole store as JSON'],
      ['npx lantern --help', 'every command'],
    ];
    const width = Math.max(...commands.map(([c]) => c.length)) + 2;
    io.out.write(
      ['Explore with the CLI:', ...commands.map(([c, what]) => `  ${c.padEnd(width)}${what}`), ''].join('\n'),
    );
    return failed > 0 ? 1 : 0;
  });
}
