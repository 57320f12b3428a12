/** The dashboard, analyses, their charts (SVG) and briefings and reports to download. */
import { z } from 'zod';
import {
  analyse,
  ANALYSES,
  type AnalysisName,
  type AnalysisResult,
} from '../../modules/analytics/analysis.service.ts';
import { actionSummary } from '../../modules/actions/action.service.ts';
import { selectionFor } from '../../modules/library/library.service.ts';
import {
  buildReport,
  loadReportData,
  renderReport,
  REPORT_FORMATS,
  type ReportType,
} from '../../modules/reports/report.service.ts';
import { cooccurrenceChart, prevalenceChart, trendChart } from '../../reports/builders.ts';
import { renderChart, type ChartSpec } from '../../reports/charts.ts';
import { LanternError } from '../../shared/errors.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';
import { many, SelectionQuery, selectionOf } from './library.ts';

const Suppress = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const REPORT_KINDS: Record<string, { type: ReportType; name: string }> = {
  briefing: { type: 'practice-briefing', name: 'practice-learning-briefing' },
  'seven-minute': { type: 'seven-minute', name: 'seven-minute-briefing' },
  board: { type: 'board-report', name: 'board-themes-report' },
  actions: { type: 'action-report', name: 'action-progress-report' },
};

const MIME: Record<string, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** The charts an analysis can draw: each needs enough coded reviews (two years, two themes). */
function chartsOf(a: AnalysisResult): Partial<Record<'prevalence' | 'trends' | 'cooccurrence', ChartSpec>> {
  return {
    ...(a.prevalence?.rows.length ? { prevalence: prevalenceChart(a.prevalence) } : {}),
    ...(a.trends && a.trends.years.length >= 2 && a.trends.rows.length
      ? { trends: trendChart(a.trends) }
      : {}),
    ...(a.cooccurrence && a.cooccurrence.themes.length >= 2
      ? { cooccurrence: cooccurrenceChart(a.cooccurrence) }
      : {}),
  };
}

export function insightRoutes(app: TypedApp, ctx: RouteContext): void {
  const { db } = ctx;

  app.get(
    '/api/dashboard',
    {
      schema: {
        summary: 'Theme prevalence, trends, co-occurrence and overdue actions',
        querystring: SelectionQuery.extend({ suppress: Suppress }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const { suppress, ...filters } = request.query;
      const selection = await selectionFor(db, principal, selectionOf(filters));
      const analysis = await analyse(db, selection, {
        analyses: ['prevalence', 'trends', 'cooccurrence'],
        suppress,
      });
      const charts = chartsOf(analysis);
      return {
        reviews: analysis.reviews,
        prevalence: analysis.prevalence?.rows.slice(0, 12) ?? [],
        trends: analysis.trends ?? null,
        cooccurrence: analysis.cooccurrence ?? null,
        // The three charts as SVG, drawn from this one analysis (one request, not four).
        charts: {
          prevalence: charts.prevalence ? renderChart(charts.prevalence) : null,
          trends: charts.trends ? renderChart(charts.trends) : null,
          cooccurrence: charts.cooccurrence ? renderChart(charts.cooccurrence) : null,
        },
        actions: await actionSummary(db, principal),
      };
    },
  );

  app.get(
    '/api/charts/:chart',
    {
      schema: {
        summary: 'A chart as SVG: prevalence.svg, trends.svg or cooccurrence.svg, over the filtered reviews',
        params: z.object({ chart: z.enum(['prevalence.svg', 'trends.svg', 'cooccurrence.svg']) }),
        querystring: SelectionQuery.extend({ suppress: Suppress }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const { suppress, ...filters } = request.query;
      const selection = await selectionFor(db, principal, selectionOf(filters));
      const name = request.params.chart.replace('.svg', '') as 'prevalence' | 'trends' | 'cooccurrence';
      const analysis = await analyse(db, selection, { analyses: [name], suppress });
      const spec = chartsOf(analysis)[name];
      if (!spec) throw new LanternError('NOT_FOUND', `not enough coded reviews for a ${name} chart yet`);
      return reply.type('image/svg+xml').header('cache-control', 'no-store').send(renderChart(spec));
    },
  );

  app.get(
    '/api/analysis',
    {
      schema: {
        summary: 'Cross-review analyses over the filtered reviews',
        querystring: SelectionQuery.extend({
          suppress: Suppress,
          analysis: many(z.enum(ANALYSES)),
        }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const { suppress, analysis, ...filters } = request.query;
      const selection = await selectionFor(db, principal, selectionOf(filters));
      const wanted = (
        analysis ?? ['prevalence', 'cooccurrence', 'combinations', 'trends', 'characteristics']
      ).filter((a) => a !== 'baseline') as AnalysisName[];
      return analyse(db, selection, { analyses: wanted, suppress });
    },
  );

  app.get(
    '/api/reports/:kind',
    {
      schema: {
        summary: 'A briefing or report over chosen reviews (or the filtered ones), as a file',
        params: z.object({ kind: z.enum(['briefing', 'seven-minute', 'board', 'actions']) }),
        querystring: SelectionQuery.extend({
          format: z.enum(REPORT_FORMATS).default('docx'),
          review: many(z.string().max(64)),
          suppress: Suppress,
        }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const { format, review, suppress, ...filters } = request.query;
      const kind = REPORT_KINDS[request.params.kind] as { type: ReportType; name: string };
      const selection = await selectionFor(db, principal, {
        ...selectionOf(filters),
        ...(review ? { ids: review } : {}),
      });
      if (selection.ids && selection.ids.length === 0)
        throw new LanternError('NOT_FOUND', 'no reviews you can see match: nothing to report on');
      const data = await loadReportData(db, selection, {
        suppress,
        principal,
        linkBase: ctx.linkBase(),
      });
      const bytes = await renderReport(buildReport(kind.type, data), format);
      const file = `${kind.name}-${data.today}.${format}`;
      return reply
        .type(MIME[format] as string)
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
}
