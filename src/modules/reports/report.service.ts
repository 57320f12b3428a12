/**
 * Reports from the store: loads the chosen reviews with their items, themes and the analyses over
 * them, builds the report document and renders it in the format asked for.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Selection } from '../../analytics/dataset.ts';
import {
  actionReport,
  boardReport,
  practiceBriefing,
  sevenMinuteBriefing,
  type ReportData,
  type ReportReview,
} from '../../reports/builders.ts';
import type { ReportDocument } from '../../reports/model.ts';
import { renderDocx } from '../../reports/render-docx.ts';
import { renderHtml } from '../../reports/render-html.ts';
import { renderMarkdown } from '../../reports/render-markdown.ts';
import { renderPdf } from '../../reports/render-pdf.ts';
import { LanternError } from '../../shared/errors.ts';
import { analyse, themeLabels } from '../analytics/analysis.service.ts';
import { loadReviewRows } from '../analytics/analysis.repository.ts';
import { mayReadDocumentSql, operator, type Principal } from '../access/access.ts';
import { auditConfidentialRead, selectionFor } from '../library/library.service.ts';
import { localToday } from '../actions/action.rules.ts';
import { listActions, type ActionView } from '../actions/action.service.ts';

export const REPORT_TYPES = ['practice-briefing', 'seven-minute', 'board-report', 'action-report'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  suppress?: boolean;
  baseline?: string;
  /** Base URL of Lantern's web app, for links to source spans. */
  linkBase?: string;
  /** YYYY-MM-DD; today by default. */
  today?: string;
  /** Whose rights the report is built with (the CLI operator by default). */
  principal?: Principal;
}

/** Where the web app will show a span of a document; configurable for a deployment. */
export function defaultLinkBase(env: NodeJS.ProcessEnv = process.env): string {
  return env.LANTERN_PUBLIC_URL ?? 'http://localhost:4321';
}

/** The reviews of a selection, with their items, themes and the analyses over them. */
export async function loadReportData(
  db: Kysely<Database>,
  selection: Selection,
  o: ReportOptions = {},
): Promise<ReportData> {
  const principal = o.principal ?? operator('report');
  // The library's rules, whoever asks: the reviews the principal may see, and, below, only the
  // documents they may read (a viewer's briefing never carries a confidential document's text).
  const rows = await loadReviewRows(db, await selectionFor(db, principal, selection));
  if (rows.length === 0) throw new LanternError('NOT_FOUND', 'no reviews match: nothing to report on');
  const ids = rows.map((r) => r.id);
  const analysis = await analyse(
    db,
    { ids },
    {
      suppress: o.suppress ?? false,
      ...(o.baseline ? { baseline: o.baseline } : {}),
      analyses: [
        'prevalence',
        'cooccurrence',
        'combinations',
        'characteristics',
        'trends',
        ...(new Set(rows.map((r) => r.partnership)).size === 1 ? (['recurrence'] as const) : []),
        ...(o.baseline ? (['baseline'] as const) : []),
      ],
    },
  );
  const details = await db
    .selectFrom('reviews')
    .select(['id', 'child_age_text'])
    .where('id', 'in', ids)
    .execute();
  const ageText = new Map(details.map((d) => [d.id, d.child_age_text]));
  const themes = await db
    .selectFrom('review_themes')
    .select(['review_id', 'theme'])
    .where('review_id', 'in', ids)
    .execute();
  // A review's items, and the document-wide items of documents about that review alone.
  const items = await db
    .selectFrom('items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('review_documents as rd', (j) =>
      j.onRef('rd.document_id', '=', 'i.document_id').on('i.review_id', 'is', null),
    )
    .select([
      'i.id',
      'i.review_id',
      'rd.review_id as doc_review_id',
      'i.kind',
      'i.ref',
      'i.text',
      'i.document_id',
      'd.file_name',
      'd.confidential',
      'd.partnership_id',
      'i.span_start',
      'i.span_end',
      'i.owner',
      'i.deadline',
      'i.position',
    ])
    .where(mayReadDocumentSql(principal))
    .where((eb) =>
      eb.or([
        eb('i.review_id', 'in', ids),
        eb.and([
          eb('i.review_id', 'is', null),
          eb('rd.review_id', 'in', ids),
          eb(
            eb
              .selectFrom('review_documents as x')
              .select((x) => x.fn.countAll().as('n'))
              .whereRef('x.document_id', '=', 'i.document_id'),
            '=',
            1,
          ),
        ]),
      ]),
    )
    .orderBy('i.document_id')
    .orderBy('i.position')
    .execute();
  // Reading a confidential document through a report is a read like any other: audited.
  const confidential = new Map<string, { id: string; partnershipId: string; confidential: boolean }>();
  for (const i of items)
    if (i.confidential)
      confidential.set(i.document_id, {
        id: i.document_id,
        partnershipId: i.partnership_id,
        confidential: true,
      });
  await auditConfidentialRead(db, principal, [...confidential.values()], 'report');
  const today = o.today ?? localToday();
  const actionsByReview = new Map<string, ActionView[]>();
  for (const a of await listActions(db, principal, { today }))
    if (a.reviewId && ids.includes(a.reviewId))
      actionsByReview.set(a.reviewId, [...(actionsByReview.get(a.reviewId) ?? []), a]);
  const reviews: ReportReview[] = rows
    .sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.subject.localeCompare(b.subject))
    .map((r) => ({
      id: r.id,
      subject: r.subject,
      partnership: r.partnership,
      reviewType: r.reviewType,
      year: r.year,
      ageText: ageText.get(r.id) ?? null,
      ageYears: r.ageYears,
      sex: r.sex,
      outcome: r.outcome,
      themes: themes.filter((t) => t.review_id === r.id).map((t) => t.theme),
      items: items
        .filter((i) => (i.review_id ?? i.doc_review_id) === r.id)
        .map((i) => ({
          id: i.id,
          kind: i.kind,
          ref: i.ref,
          text: i.text,
          documentId: i.document_id,
          fileName: i.file_name,
          span: [i.span_start, i.span_end] as [number, number],
          owner: i.owner,
          deadline: i.deadline,
        })),
      actions: (actionsByReview.get(r.id) ?? []).map((a) => ({
        number: a.number,
        text: a.text,
        owner: a.owner,
        deadline: a.deadline,
        status: a.status,
        rag: a.ragShown,
        overdue: a.overdue,
        measures: a.measures.map((m) => m.text),
        evidence: a.evidence.length,
        itemId: a.source?.itemId ?? null,
      })),
    }));
  return {
    reviews,
    labels: await themeLabels(db),
    analysis,
    baseline: analysis.baseline ?? null,
    today,
    linkBase: o.linkBase ?? defaultLinkBase(),
  };
}

export function buildReport(
  type: ReportType,
  data: ReportData,
  baseline: string | null = null,
): ReportDocument {
  switch (type) {
    case 'practice-briefing':
      return practiceBriefing(data);
    case 'seven-minute':
      return sevenMinuteBriefing(data);
    case 'board-report':
      return boardReport(data, baseline);
    case 'action-report':
      return actionReport(data);
  }
}

export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'md':
      return Buffer.from(renderMarkdown(doc));
    case 'html':
      return Buffer.from(renderHtml(doc));
    case 'docx':
      return renderDocx(doc);
    case 'pdf':
      return renderPdf(doc);
  }
}
