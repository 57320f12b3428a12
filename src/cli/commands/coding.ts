import { sql } from 'kysely';
import type { AgreementReport } from '../../classify/agreement.ts';
import { MODEL_PARAMETERS } from '../../classify/model.ts';
import {
  addHumanCoding,
  coderAgreement,
  decideMachineCoding,
  prepareStoreCoder,
  recodeDocuments,
  trainStoreModel,
} from '../../modules/codings/coding.service.ts';
import { getReviewView } from '../../modules/reviews/review.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';
import { createProgress } from '../progress.ts';

export interface CodingOptions {
  coder?: string;
  note?: string;
  code?: string;
  item?: string;
  document?: string;
  span?: string;
}

function needCoder(options: CodingOptions): string {
  const coder = options.coder?.trim();
  if (!coder) throw new LanternError('USAGE', 'say who is coding: --coder NAME');
  if (coder === 'machine')
    throw new LanternError('USAGE', '"machine" is reserved for the coder itself; use your own name');
  return coder;
}

function parseSpan(span: string | undefined): [number, number] | null {
  if (span === undefined) return null;
  const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(span.trim());
  if (!m)
    throw new LanternError(
      'USAGE',
      `--span must be START-END character offsets, like 120-180, not "${span}"`,
    );
  return [Number(m[1]), Number(m[2])];
}

/** `lantern coding confirm|reject ID` and `lantern coding add REVIEW --code KEY`. */
export async function runCoding(
  action: string,
  ref: string,
  options: CodingOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const coder = needCoder(options);
  const span = parseSpan(options.span);
  return withStore(globals, async (store) => {
    const db = store.db;
    if (action === 'confirm' || action === 'reject') {
      const id = await decideMachineCoding(db, {
        coding: ref,
        decision: action === 'confirm' ? 'confirmed' : 'rejected',
        coder,
        note: options.note ?? null,
      });
      io.out.write(
        `${action === 'confirm' ? 'confirmed' : 'rejected'} by ${coder} (decision ${id.slice(0, 8)})\n`,
      );
      return 0;
    }
    if (action !== 'add')
      throw new LanternError('USAGE', `unknown action "${action}": confirm, reject or add`);
    if (!options.code) throw new LanternError('USAGE', 'say which code to add: --code KEY');
    const view = await getReviewView(db, ref);
    let documentId: string | undefined;
    let itemId: string | null = null;
    if (options.item) {
      // An item id (or its start), a ref ("BE1"), or a kind and a ref ("recommendation BE1").
      const want = options.item.trim().toLowerCase();
      const matches = view.items.filter(
        (i) =>
          i.id.startsWith(want) ||
          i.ref?.toLowerCase() === want ||
          `${i.kind} ${i.ref ?? ''}`.toLowerCase() === want,
      );
      if (matches.length === 0)
        throw new LanternError('NOT_FOUND', `no item "${options.item}" in ${view.review.subject}`);
      if (matches.length > 1)
        throw new LanternError(
          'AMBIGUOUS',
          `"${options.item}" matches ${matches.length} items; give its kind too ("${matches[0]?.kind ?? ''} ${options.item}") or its id:\n` +
            matches
              .map((i) => `  ${i.id.slice(0, 8)}  ${i.kind} ${i.ref ?? ''}: ${i.text.slice(0, 60)}`)
              .join('\n'),
        );
      itemId = (matches[0] as { id: string }).id;
      documentId = (matches[0] as { documentId: string }).documentId;
    } else {
      const docs = view.review.documentsList.filter(
        (d) => !options.document || d.id.startsWith(options.document.toLowerCase()),
      );
      if (docs.length !== 1)
        throw new LanternError(
          docs.length ? 'AMBIGUOUS' : 'NOT_FOUND',
          `${docs.length ? 'the review has several documents' : 'no such document in the review'}; choose one with --document ID:\n${view.review.documentsList.map((d) => `  ${d.id.slice(0, 8)}  ${d.fileName}`).join('\n')}`,
        );
      documentId = (docs[0] as { id: string }).id;
    }
    const id = await addHumanCoding(db, {
      documentId,
      itemId,
      code: options.code,
      coder,
      span,
      note: options.note ?? null,
    });
    io.out.write(`added ${options.code} by ${coder} (decision ${id.slice(0, 8)})\n`);
    return 0;
  });
}

function fmt(x: number | null): string {
  return x === null ? '-' : x.toFixed(3);
}

export function renderAgreement(r: AgreementReport): string {
  const many = r.coders.length > 2;
  const header = [
    'code',
    'units',
    ...r.coders.map((c) => `applied by ${c}`),
    'agreement',
    many ? 'alpha' : 'kappa',
    ...(many ? [] : ['alpha']),
  ];
  const rows = r.codes.map((c) => [
    c.code,
    String(c.units),
    ...c.applied.map(String),
    c.percent === null ? '-' : `${(c.percent * 100).toFixed(1)}%`,
    fmt(many ? c.alpha : c.kappa),
    ...(many ? [] : [fmt(c.alpha)]),
  ]);
  const o = r.overall;
  return (
    `Agreement between ${r.coders.join(', ')} on ${r.units} unit(s) judged by all\n\n` +
    formatTable(header, rows) +
    `\noverall: agreement ${o.percent === null ? '-' : `${(o.percent * 100).toFixed(1)}%`}` +
    (many ? '' : `, Cohen's kappa ${fmt(o.kappa)} (pooled), mean kappa ${fmt(o.meanKappa)}`) +
    `, Krippendorff's alpha ${fmt(o.alpha)}\n`
  );
}

/** `lantern agreement --coder A --coder B [...]`. */
export async function runAgreement(
  options: { coder?: string[]; level?: string; json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const coders = options.coder ?? [];
  const level = options.level ?? 'item';
  if (level !== 'item' && level !== 'document')
    throw new LanternError('USAGE', `--level must be item or document, not "${level}"`);
  return withStore(globals, async (store) => {
    const report = await coderAgreement(store.db, coders, level);
    io.out.write(options.json ? JSON.stringify(report, null, 2) + '\n' : renderAgreement(report));
    return 0;
  });
}

/** `lantern model train|show`. */
export async function runModel(
  action: string,
  options: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  return withStore(globals, async (store) => {
    if (action === 'train') {
      const result = await trainStoreModel(store.db, cliActor());
      if (options.json) io.out.write(JSON.stringify(result, null, 2) + '\n');
      else {
        io.out.write(
          `trained model version ${result.version} from ${result.examples} reviewed item(s): ${result.codes.length} code(s) learned` +
            (result.skipped
              ? `, ${result.skipped} with too few examples (need ${MODEL_PARAMETERS.minPositives} each way)`
              : '') +
            '\n',
        );
        for (const c of result.codes)
          io.out.write(`  ${c.key}: ${c.positives} positive, ${c.negatives} negative\n`);
        io.out.write('Apply it to stored documents with: lantern recode\n');
      }
      return 0;
    }
    if (action !== 'show') throw new LanternError('USAGE', `unknown action "${action}": train or show`);
    const rows = await store.db
      .selectFrom('coder_models as m')
      .innerJoin('codebooks as b', 'b.id', 'm.codebook_id')
      .select([
        'b.slug',
        'm.version',
        'm.algorithm',
        'm.examples',
        'm.trained_by',
        'm.created_at',
        'm.parameters',
        sql<number>`jsonb_array_length(m.model->'codes')`.as('codes'),
      ])
      .orderBy('b.slug')
      .orderBy('m.version')
      .execute();
    if (options.json) io.out.write(JSON.stringify(rows, null, 2) + '\n');
    else if (rows.length === 0)
      io.out.write('no model trained yet: the rules code alone. Train one with: lantern model train\n');
    else
      io.out.write(
        formatTable(
          ['codebook', 'version', 'codes', 'examples', 'trained', 'by', 'parameters'],
          rows.map((r) => [
            r.slug,
            String(r.version),
            String(r.codes),
            String(r.examples),
            new Date(r.created_at).toISOString().slice(0, 16),
            r.trained_by,
            JSON.stringify(r.parameters),
          ]),
        ),
      );
    return 0;
  });
}

/** `lantern recode`: codes every stored document again with the primary codebook and latest model. */
export async function runRecode(globals: GlobalOptions, io: Io): Promise<number> {
  return withStore(globals, async (store) => {
    const coder = await prepareStoreCoder(store.db);
    const progress = createProgress(io.err);
    let started = false;
    const result = await recodeDocuments(store.db, coder, undefined, (done, total) => {
      if (!started) progress.start(total);
      started = true;
      progress.tick(done, `${done}/${total}`);
    });
    progress.stop();
    io.out.write(
      `re-coded ${result.documents} document(s) with ${coder.version}: ${result.codings} machine coding(s)\n`,
    );
    return 0;
  });
}
