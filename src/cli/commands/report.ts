import { writeFile } from 'node:fs/promises';
import {
  buildReport,
  loadReportData,
  renderReport,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportType,
} from '../../modules/reports/report.service.ts';
import { resolveReview } from '../../modules/reviews/review.service.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';
import { principalFrom, selectionFrom, type SelectionOptions } from '../selection.ts';

export interface ReportCliOptions extends SelectionOptions {
  format?: string;
  out?: string;
  suppress?: boolean;
  baseline?: string;
  linkBase?: string;
  sevenMinute?: boolean;
}

function formatOf(o: ReportCliOptions): ReportFormat {
  const format = o.format ?? (o.out ? (o.out.split('.').pop() ?? 'md') : 'md');
  const f = format === 'markdown' ? 'md' : format === 'htm' ? 'html' : format;
  if (!(REPORT_FORMATS as readonly string[]).includes(f))
    throw new LanternError('USAGE', `--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  if ((f === 'docx' || f === 'pdf') && !o.out)
    throw new LanternError('USAGE', `${f.toUpperCase()} is a binary format: give --out FILE`);
  return f as ReportFormat;
}

async function produce(
  type: ReportType,
  reviewRefs: string[],
  o: ReportCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const format = formatOf(o);
  return withStore(globals, async (store) => {
    const principal = await principalFrom(store.db, o, cliActor());
    const ids = reviewRefs.length
      ? await Promise.all(reviewRefs.map((r) => resolveReview(store.db, r, principal)))
      : undefined;
    const selection = selectionFrom(o, ids);
    const data = await loadReportData(store.db, selection, {
      principal,
      suppress: o.suppress ?? false,
      ...(o.baseline ? { baseline: o.baseline } : {}),
      ...(o.linkBase ? { linkBase: o.linkBase } : {}),
    });
    const doc = buildReport(type, data, o.baseline ?? null);
    const bytes = await renderReport(doc, format);
    await recordAudit(store.db, {
      actor: cliActor(),
      action: 'report.generate',
      entityType: 'report',
      detail: {
        type,
        format,
        reviews: data.reviews.map((r) => r.id),
        out: o.out ?? null,
        ...(o.as ? { as: principal.name } : {}),
      },
    });
    if (o.out) {
      await writeFile(o.out, bytes);
      io.err.write(
        `wrote ${doc.title} (${format}, ${data.reviews.length} review(s), ${doc.citations.length} source(s) cited) to ${o.out}\n`,
      );
    } else io.out.write(bytes);
    return 0;
  });
}

/** `lantern brief REVIEW... [--seven-minute]`: a practice learning briefing, or a seven-minute briefing. */
export function runBrief(
  reviews: string[],
  o: ReportCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  return produce(o.sevenMinute ? 'seven-minute' : 'practice-briefing', reviews, o, globals, io);
}

/** `lantern report board|actions [REVIEW...] [filters]`. */
export function runReport(
  kind: string,
  reviews: string[],
  o: ReportCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const type: ReportType | null =
    kind === 'board' ? 'board-report' : kind === 'actions' ? 'action-report' : null;
  if (!type) throw new LanternError('USAGE', `unknown report "${kind}": board or actions`);
  return produce(type, reviews, o, globals, io);
}
