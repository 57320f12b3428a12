import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Shown } from '../../analytics/suppression.ts';
import { isReferenceCode } from '../../classify/reference-codes.ts';
import {
  listBaselines,
  saveBaseline,
  type NewBaselineFigure,
} from '../../modules/analytics/analysis.repository.ts';
import {
  analyse,
  ANALYSES,
  type AnalysisName,
  type AnalysisResult,
} from '../../modules/analytics/analysis.service.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, withStore, type GlobalOptions, type Io } from '../context.ts';
import { principalFrom, selectionFrom, type SelectionOptions } from '../selection.ts';
import { selectionFor } from '../../modules/library/library.service.ts';

const pct = (s: Shown) => (s.percent === null ? '-' : `${s.percent}%`);

export function renderAnalysis(r: AnalysisResult): string {
  const out: string[] = [
    `${r.reviews} review(s) selected${r.suppressed ? '; numbers below 5 suppressed (<5), and numbers that would reveal them (*)' : ''}`,
  ];
  if (r.prevalence) {
    out.push('', `Theme prevalence (n of ${r.prevalence.total.text})`);
    out.push(
      formatTable(
        ['theme', 'n', '%'],
        r.prevalence.rows.map((x) => [x.label, x.n.text, pct(x.n)]),
      ).trimEnd(),
    );
  }
  if (r.combinations) {
    out.push('', 'Combinations');
    out.push(
      formatTable(
        ['combination', 'n', '%'],
        r.combinations.map((c) => [c.name, c.n.text, pct(c.n)]),
      ).trimEnd(),
    );
  }
  if (r.cooccurrence && r.cooccurrence.themes.length) {
    out.push('', 'Co-occurrence (reviews with both; columns numbered as rows)');
    out.push(
      formatTable(
        ['', ...r.cooccurrence.themes.map((_, i) => String(i + 1))],
        r.cooccurrence.themes.map((t, i) => [
          `${i + 1} ${t.label}`,
          ...(r.cooccurrence?.cells[i] ?? []).map((c) => c.text),
        ]),
      ).trimEnd(),
    );
  }
  if (r.trends && r.trends.years.length) {
    out.push('', "Trends by year (n, and % of that year's reviews)");
    out.push(
      formatTable(
        ['', ...r.trends.years.map(String)],
        [
          ['reviews', ...r.trends.totals.map((t) => t.text)],
          ...r.trends.rows.map((row) => [
            row.label,
            ...row.cells.map((c) => (c.suppressed ? c.text : `${c.text} (${pct(c)})`)),
          ]),
        ],
      ).trimEnd(),
    );
    if (r.trends.undated.value !== 0) out.push(`reviews with no year: ${r.trends.undated.text}`);
  }
  if (r.characteristics) {
    out.push('', 'Case characteristics');
    for (const b of r.characteristics.breakdowns)
      out.push(
        formatTable(
          [b.name, 'n', '%'],
          b.cells.map((c) => [c.label, c.n.text, pct(c.n)]),
        ).trimEnd(),
        '',
      );
  }
  if (r.recurrence) {
    out.push('Recurring themes (in two or more reviews)');
    for (const t of r.recurrence.themes.slice(0, 15))
      out.push(`  ${t.label}: ${t.reviews.length} reviews (${t.reviews.map((x) => x.subject).join(', ')})`);
    out.push('', 'Recurring recommendations (near-duplicates across reviews)');
    if (!r.recurrence.recommendations.length) out.push('  none found');
    for (const g of r.recurrence.recommendations.slice(0, 10)) {
      out.push(`  shared words: ${g.shared.join(', ')}`);
      for (const m of g.members)
        out.push(`    ${m.subject}${m.ref ? ` ${m.ref}` : ''}: ${m.text.slice(0, 110)}`);
    }
  }
  if (r.baseline) {
    out.push('', `Compared with ${r.baseline.baseline}`);
    out.push(
      formatTable(
        ['measure', 'local', 'local %', 'baseline %', 'difference'],
        r.baseline.rows.map((x) => [
          x.label,
          `${x.local.text} of ${x.localTotal}`,
          pct(x.local),
          `${x.baselinePercent}%`,
          x.difference === null ? '-' : String(x.difference),
        ]),
      ).trimEnd(),
    );
  }
  return out.join('\n') + '\n';
}

/** `lantern analyse [WHAT...] [filters] [--suppress] [--baseline NAME] [--json]`. */
export async function runAnalyse(
  what: string[],
  options: SelectionOptions & { suppress?: boolean; baseline?: string; json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const analyses = what.filter((w) => w !== 'all');
  for (const w of analyses)
    if (!(ANALYSES as readonly string[]).includes(w))
      throw new LanternError('USAGE', `unknown analysis "${w}": ${ANALYSES.join(', ')} or all`);
  const selection = selectionFrom(options);
  return withStore(globals, async (store) => {
    const principal = await principalFrom(store.db, options, cliActor());
    const result = await analyse(store.db, await selectionFor(store.db, principal, selection), {
      analyses: analyses as AnalysisName[],
      suppress: options.suppress ?? false,
      ...(options.baseline ? { baseline: options.baseline } : {}),
    });
    io.out.write(options.json ? JSON.stringify(result, null, 2) + '\n' : renderAnalysis(result));
    return 0;
  });
}

const MEASURE =
  /^(age:(under-1|1-5|6-10|11-15|16-17|18-plus)|sex:(male|female)|outcome:(death|serious-harm)|cp-plan:(current|past|never)|known-to-csc:(yes|no))$/;

/** Reads baseline figures from CSV (measure,label,percent[,numerator,denominator]) or JSON, naming the line of a bad one. */
export function parseBaselineFile(text: string, file: string): NewBaselineFigure[] {
  let records: Record<string, string | number | null>[];
  if (file.endsWith('.json')) {
    try {
      records = JSON.parse(text) as Record<string, string | number | null>[];
    } catch (e) {
      throw new LanternError('INVALID_INPUT', `${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(records))
      throw new LanternError('INVALID_INPUT', `${file}: expected a list of figures`);
  } else {
    try {
      records = parse<Record<string, string>>(text, {
        columns: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
      });
    } catch (e) {
      throw new LanternError('INVALID_INPUT', `${file}: ${(e as Error).message}`);
    }
  }
  return records.map((r, i) => {
    const where = file.endsWith('.json') ? `${file} figure ${i + 1}` : `${file} line ${i + 2}`;
    const measure = String(r.measure ?? '').trim();
    if (!isReferenceCode(measure) && !MEASURE.test(measure))
      throw new LanternError(
        'INVALID_INPUT',
        `${where}: measure "${measure}" is neither a theme code nor a characteristic like age:under-1, sex:female, outcome:death`,
      );
    const num = (v: unknown, name: string): number | null => {
      if (v === undefined || v === null || v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0)
        throw new LanternError(
          'INVALID_INPUT',
          `${where}: ${name} must be a number, not ${JSON.stringify(v)}`,
        );
      return n;
    };
    const percent = num(r.percent, 'percent');
    const numerator = num(r.numerator, 'numerator');
    const denominator = num(r.denominator, 'denominator');
    if (percent !== null && percent > 100)
      throw new LanternError('INVALID_INPUT', `${where}: percent must be from 0 to 100, not ${percent}`);
    if (percent === null && (numerator === null || !denominator))
      throw new LanternError('INVALID_INPUT', `${where}: give a percent, or a numerator and a denominator`);
    return { measure, label: r.label ? String(r.label) : null, percent, numerator, denominator };
  });
}

/** `lantern baseline import FILE --name NAME` and `lantern baseline list`. */
export async function runBaseline(
  action: string,
  file: string | undefined,
  options: { name?: string; source?: string; period?: string; json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (action === 'import') {
    if (!file) throw new LanternError('USAGE', 'give the file: lantern baseline import FILE --name NAME');
    if (!options.name) throw new LanternError('USAGE', 'name the baseline: --name "National 2019-22"');
    const text = await readFile(file, 'utf8').catch((e: unknown) => {
      throw new LanternError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`);
    });
    const figures = parseBaselineFile(text, file);
    return withStore(globals, async (store) => {
      const n = await saveBaseline(
        store.db,
        { name: options.name as string, source: options.source ?? null, period: options.period ?? null },
        figures,
      );
      await recordAudit(store.db, {
        actor: cliActor(),
        action: 'baseline.import',
        entityType: 'baseline',
        detail: { name: options.name, figures: n, file },
      });
      io.out.write(`saved baseline "${options.name}" with ${n} figure(s)\n`);
      return 0;
    });
  }
  return withStore(globals, async (store) => {
    const rows = await listBaselines(store.db);
    if (options.json) io.out.write(JSON.stringify(rows, null, 2) + '\n');
    else if (rows.length === 0)
      io.out.write('no baselines yet: add one with lantern baseline import FILE --name NAME\n');
    else
      io.out.write(
        formatTable(
          ['baseline', 'measure', 'label', '%', 'source'],
          rows.map((r) => [r.name, r.measure, r.label ?? '', String(r.percent), r.source ?? '']),
        ),
      );
    return 0;
  });
}
