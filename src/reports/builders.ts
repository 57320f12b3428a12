/**
 * The learning outputs, built from stored reviews as format-free documents (model.ts): a practice
 * learning briefing, a seven-minute briefing, a board themes report and an action progress report.
 * Every statement drawn from a review cites the item it came from; figures come from the analyses
 * (with small numbers suppressed when asked).
 */
import type { AnalysisResult } from '../modules/analytics/analysis.service.ts';
import type { Comparison, Cooccurrence, Prevalence, Trends } from '../analytics/analyses.ts';
import { AGE_BAND_LABELS, ageBand } from '../analytics/dataset.ts';
import type { Shown } from '../analytics/suppression.ts';
import type { Bar, ChartSpec } from './charts.ts';
import { Citations, type Block, type ReportDocument, type Text } from './model.ts';
import { questionFor } from './questions.ts';

export interface ReportItem {
  id: string;
  kind: string;
  ref: string | null;
  text: string;
  documentId: string;
  fileName: string;
  span: [number, number];
  owner: string | null;
  deadline: string | null;
}

/** A tracked action (lantern actions) with its state on the report's day. */
export interface ReportAction {
  number: number;
  text: string;
  owner: string | null;
  deadline: string | null;
  status: string;
  rag: string | null;
  overdue: boolean;
  measures: string[];
  evidence: number;
  /** The extracted item it came from, for the citation; null when added by hand. */
  itemId: string | null;
}

export interface ReportReview {
  id: string;
  subject: string;
  partnership: string;
  reviewType: string | null;
  year: number | null;
  ageText: string | null;
  ageYears: number | null;
  sex: string | null;
  outcome: string | null;
  themes: string[];
  items: ReportItem[];
  actions: ReportAction[];
}

export interface ReportData {
  reviews: ReportReview[];
  labels: Record<string, string>;
  analysis: AnalysisResult;
  baseline: Comparison | null;
  /** YYYY-MM-DD */
  today: string;
  linkBase: string;
}

const LEARNING = new Set(['finding', 'lesson', 'learning']);

/** Bar chart of the most frequent themes (the web app's dashboard draws the same). */
export function prevalenceChart(p: Prevalence, top = 12): ChartSpec {
  const rows = p.rows.slice(0, top);
  const total = p.total.text;
  const bars: Bar[] = rows.map((r) => ({ label: r.label, percent: r.n.percent, text: shownText(r.n) }));
  return {
    type: 'bar',
    title: `Themes in ${total} review(s)`,
    description: `Percentage of the ${total} reviews with each theme, most frequent first. ${rows
      .map((r) => `${r.label} ${shownText(r.n)}`)
      .join('; ')}.`,
    bars,
  };
}

/** Heat map of the most frequent themes found together. */
export function cooccurrenceChart(co: Cooccurrence): ChartSpec {
  return {
    type: 'heatmap',
    title: 'Themes found together',
    description: `Reviews with both themes, for the ${co.themes.length} most frequent themes (columns numbered as rows). ${co.themes
      .map((t, i) => `${i + 1} ${t.label}`)
      .join('; ')}.`,
    labels: co.themes.map((t, i) => `${i + 1} ${t.label}`),
    cells: co.cells.map((line) => line.map((c) => c.value)),
    texts: co.cells.map((line) => line.map((c) => c.text)),
  };
}

/** Line chart of the leading themes by year. */
export function trendChart(tr: Trends, top = 4): ChartSpec {
  return {
    type: 'line',
    title: 'Themes by year',
    description: `Percentage of each year's reviews with the theme, ${tr.years[0]} to ${tr.years[tr.years.length - 1]}; suppressed years are left as gaps.`,
    xs: tr.years.map(String),
    series: tr.rows.slice(0, top).map((r) => ({ name: r.label, values: r.cells.map((c) => c.percent) })),
  };
}
const REVIEW_TYPES: Record<string, string> = {
  'serious-case-review': 'serious case review',
  'child-safeguarding-practice-review': 'child safeguarding practice review',
  'partnership-learning-review': 'partnership learning review',
  'rapid-review': 'rapid review',
  'significant-case-review': 'significant case review',
  'child-practice-review': 'child practice review',
  'safeguarding-adults-review': 'safeguarding adults review',
  'domestic-homicide-review': 'domestic homicide review',
  other: 'review',
};

function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const shownText = (s: Shown) =>
  s.suppressed ? s.text : `${s.text}${s.percent !== null ? ` (${s.percent}%)` : ''}`;

class Builder {
  readonly cites: Citations;
  constructor(private readonly data: ReportData) {
    this.cites = new Citations(data.linkBase);
  }

  label(theme: string): string {
    return this.data.labels[theme] ?? theme;
  }

  cite(review: ReportReview, item: ReportItem): number {
    return this.cites.cite({
      review: review.subject,
      itemKind: item.kind,
      itemRef: item.ref,
      documentId: item.documentId,
      fileName: item.fileName,
      start: item.span[0],
      end: item.span[1],
    });
  }

  /**
   * Items of some kinds as cited list entries: at most `max` per review and `total` in all. Only
   * the items used are cited.
   */
  items(kinds: Set<string> | string, max: number, total = Infinity, reviews = this.data.reviews): Text[] {
    const wanted = typeof kinds === 'string' ? new Set([kinds]) : kinds;
    return reviews
      .flatMap((r) =>
        r.items
          .filter((i) => wanted.has(i.kind))
          .slice(0, max)
          .map((i) => ({ r, i })),
      )
      .slice(0, total)
      .map(({ r, i }) => ({
        text: reviews.length > 1 ? `${r.subject}: ${i.text}` : i.text,
        cites: [this.cite(r, i)],
      }));
  }

  /** One sentence about a case, from what the review records. */
  caseSummary(r: ReportReview): Text {
    const facts: string[] = [];
    const type = r.reviewType ? (REVIEW_TYPES[r.reviewType] ?? 'review') : 'review';
    facts.push(
      `${r.subject} is the subject of a ${type}${r.year ? ` (${r.year})` : ''} by ${r.partnership}.`,
    );
    const child = [
      r.ageText ? `aged ${r.ageText}` : null,
      r.sex ? `${r.sex === 'male' ? 'a boy' : 'a girl'}` : null,
    ].filter(Boolean);
    const outcome =
      r.outcome === 'death' ? 'died' : r.outcome === 'serious-harm' ? 'was seriously harmed' : null;
    if (outcome || child.length)
      facts.push(
        `The child${child.length ? `, ${child.join(', ')},` : ''} ${outcome ?? 'is the focus of the review'}.`,
      );
    if (r.themes.length)
      facts.push(`Themes: ${listOf(r.themes.slice(0, 8).map((t) => this.label(t).toLowerCase()))}.`);
    const first = r.items.find((i) => LEARNING.has(i.kind)) ?? r.items[0];
    return { text: facts.join(' '), ...(first ? { cites: [this.cite(r, first)] } : {}) };
  }

  prevalenceBlocks(heading: string, top = 12): Block[] {
    const p = this.data.analysis.prevalence;
    if (!p || p.rows.length === 0) return [];
    const rows = p.rows.slice(0, top);
    const total = p.total.text;
    return [
      { kind: 'heading', level: 1, text: heading },
      {
        kind: 'paragraph',
        text: rows
          .slice(0, 3)
          .map(
            (r) =>
              `${r.label}: ${r.n.suppressed ? r.n.text : r.n.text} of ${total} reviews${r.n.percent !== null ? ` (${r.n.percent}%)` : ''}.`,
          )
          .join(' '),
      },
      {
        kind: 'chart',
        chart: prevalenceChart(p, top),
      },
      {
        kind: 'table',
        caption: `Themes across the reviews (n of ${total})`,
        header: ['Theme', 'Reviews', '%'],
        rows: rows.map((r) => [r.label, r.n.text, r.n.percent === null ? '-' : `${r.n.percent}%`]),
        ...(this.data.analysis.suppressed
          ? {
              note: '<5: fewer than five, not shown. *: hidden so that a small number cannot be worked out from the others.',
            }
          : {}),
      },
    ];
  }

  questions(max: number): Text[] {
    const p = this.data.analysis.prevalence?.rows ?? [];
    return p.slice(0, max).map((r) => ({ text: questionFor(r.theme, r.label) }));
  }

  about(what: string): string {
    const n = this.data.reviews.length;
    const partnerships = [...new Set(this.data.reviews.map((r) => r.partnership))];
    return `${what} generated by Lantern on ${longDate(this.data.today)} from ${n} review${n === 1 ? '' : 's'}${
      partnerships.length === 1 ? ` by ${partnerships[0]}` : ` by ${partnerships.length} partnerships`
    }. Every statement drawn from a review cites its source.`;
  }

  subjects(): string {
    const s = this.data.reviews.map((r) => r.subject);
    return s.length <= 3 ? listOf(s) : `${s.length} reviews`;
  }
}

/** A practice learning briefing for one or many reviews. */
export function practiceBriefing(data: ReportData): ReportDocument {
  const b = new Builder(data);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: data.reviews.length > 1 ? 'The cases' : 'The case' },
    ...data.reviews.map((r): Block => ({ kind: 'paragraph', ...b.caseSummary(r) })),
    { kind: 'heading', level: 1, text: 'Key learning' },
    { kind: 'list', items: b.items(LEARNING, 6, 12) },
  ];
  const recs = b.items('recommendation', 5, 10);
  if (recs.length)
    blocks.push(
      { kind: 'heading', level: 1, text: 'What the reviews recommend' },
      { kind: 'list', items: recs },
    );
  blocks.push(...b.prevalenceBlocks(data.reviews.length > 1 ? 'Recurring themes' : 'Themes'));
  const actions = b.items('action', 5, 10);
  blocks.push(
    { kind: 'heading', level: 1, text: 'Actions taken' },
    actions.length
      ? { kind: 'list', items: actions }
      : { kind: 'paragraph', text: 'The reviews record no actions yet.' },
    { kind: 'heading', level: 1, text: 'Questions for reflection' },
    { kind: 'list', ordered: true, items: b.questions(5) },
  );
  return {
    type: 'practice-briefing',
    title: `Practice learning briefing: ${b.subjects()}`,
    subtitle: 'Learning for practitioners from child safeguarding case reviews',
    about: b.about('Briefing'),
    blocks,
    citations: b.cites.list,
    layout: 'document',
  };
}

/** A seven-minute briefing: seven headed sections on one page. */
export function sevenMinuteBriefing(data: ReportData): ReportDocument {
  const b = new Builder(data);
  const short = (items: Text[], n: number) =>
    items.slice(0, n).map((t) => ({
      ...t,
      text: t.text.length > 170 ? `${t.text.slice(0, 167).replace(/\s+\S*$/, '')}…` : t.text,
    }));
  const themes = (data.analysis.prevalence?.rows ?? []).slice(0, 5);
  const panel = (title: string, blocks: Block[]): Block => ({ kind: 'panel', title, blocks });
  const blocks: Block[] = [
    panel(
      '1. Background',
      data.reviews.slice(0, 2).map((r): Block => ({ kind: 'paragraph', ...b.caseSummary(r) })),
    ),
    panel('2. Why it matters', [
      {
        kind: 'paragraph',
        text: `These reviews looked at how agencies worked together around ${
          data.reviews.length === 1 ? 'a child who' : 'children who'
        } died or were seriously harmed. The learning is about systems and practice, not about blaming individuals.`,
      },
    ]),
    panel('3. What the review found', [{ kind: 'list', items: short(b.items(LEARNING, 2, 4), 4) }]),
    panel('4. Themes', [
      themes.length
        ? {
            kind: 'list',
            items: themes.map((t) => ({
              text: `${t.label}: ${shownText(t.n)} of ${data.analysis.prevalence?.total.text} reviews`,
            })),
          }
        : { kind: 'paragraph', text: 'No themes coded yet.' },
    ]),
    panel('5. What we are doing', [{ kind: 'list', items: short(b.items('action', 1, 3), 3) }]),
    panel('6. What you should do', [{ kind: 'list', items: short(b.items('recommendation', 1, 3), 3) }]),
    panel('7. Questions to reflect on', [{ kind: 'list', ordered: true, items: b.questions(3) }]),
  ];
  for (const p of blocks)
    if (p.kind === 'panel' && p.blocks.every((x) => x.kind === 'list' && x.items.length === 0))
      p.blocks = [{ kind: 'paragraph', text: 'Nothing recorded in the reviews.' }];
  return {
    type: 'seven-minute',
    title: `Seven-minute briefing: ${b.subjects()}`,
    subtitle: null,
    about: b.about('Briefing'),
    blocks,
    citations: b.cites.list,
    layout: 'one-page',
  };
}

/** A themes report to the board: the cases, themes with counts, national comparison, decisions sought. */
export function boardReport(data: ReportData, baselineName: string | null = null): ReportDocument {
  const b = new Builder(data);
  const a = data.analysis;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Purpose' },
    {
      kind: 'paragraph',
      text: `To set out for the board the themes across ${data.reviews.length} review(s), how they compare${
        baselineName ? ` with ${baselineName}` : ''
      }, where the same learning recurs, and the decisions the board is asked to take.`,
    },
    { kind: 'heading', level: 1, text: 'The cases' },
    {
      kind: 'table',
      caption: 'Reviews in this report',
      header: ['Review', 'Type', 'Year', 'Age', 'Sex', 'Outcome'],
      rows: data.reviews.map((r) => [
        r.subject,
        r.reviewType ? (REVIEW_TYPES[r.reviewType] ?? r.reviewType) : 'not stated',
        r.year ? String(r.year) : 'not stated',
        AGE_BAND_LABELS[ageBand(r.ageYears) ?? 'unknown'],
        r.sex ?? 'not stated',
        r.outcome === 'serious-harm' ? 'serious harm' : (r.outcome ?? 'not stated'),
      ]),
    },
    ...data.reviews.map((r): Block => ({ kind: 'paragraph', ...b.caseSummary(r) })),
    ...b.prevalenceBlocks('Themes'),
  ];
  const co = a.cooccurrence;
  if (co && co.themes.length >= 2) {
    const texts = co.cells.map((line) => line.map((c) => c.text));
    blocks.push({
      kind: 'chart',
      chart: cooccurrenceChart(co),
    });
    blocks.push({
      kind: 'table',
      caption: 'Themes found together (reviews with both)',
      header: ['Theme', ...co.themes.map((_, i) => String(i + 1))],
      rows: co.themes.map((t, i) => [`${i + 1} ${t.label}`, ...(texts[i] ?? [])]),
    });
  }
  const tr = a.trends;
  if (tr && tr.years.length >= 2 && tr.rows.length) {
    const top = tr.rows.slice(0, 4);
    blocks.push(
      {
        kind: 'chart',
        chart: trendChart(tr, top.length),
      },
      {
        kind: 'table',
        caption: 'Themes by year (reviews with the theme)',
        header: ['Theme', ...tr.years.map(String)],
        rows: [
          ['All reviews', ...tr.totals.map((t) => t.text)],
          ...top.map((r) => [r.label, ...r.cells.map((c) => c.text)]),
        ],
      },
    );
  }
  if (a.combinations?.length)
    blocks.push({
      kind: 'table',
      caption: 'Risks found together',
      header: ['Combination', 'Reviews', '%'],
      rows: a.combinations.map((c) => [c.name, c.n.text, c.n.percent === null ? '-' : `${c.n.percent}%`]),
    });
  if (a.characteristics) {
    blocks.push({ kind: 'heading', level: 1, text: 'Case characteristics' });
    for (const br of a.characteristics.breakdowns.slice(0, 3))
      blocks.push({
        kind: 'table',
        caption: br.name,
        header: [br.name, 'Reviews', '%'],
        rows: br.cells
          .filter((c) => c.n.suppressed || (c.n.value ?? 0) > 0)
          .map((c) => [c.label, c.n.text, c.n.percent === null ? '-' : `${c.n.percent}%`]),
      });
  }
  if (data.baseline && data.baseline.rows.length) {
    blocks.push(
      { kind: 'heading', level: 1, text: `Comparison with ${data.baseline.baseline}` },
      {
        kind: 'table',
        caption: `Local reviews and ${data.baseline.baseline}`,
        header: ['Measure', 'Local', 'Local %', `${data.baseline.baseline} %`, 'Difference'],
        rows: data.baseline.rows.map((r) => [
          r.label,
          `${r.local.text} of ${r.localTotal}`,
          r.local.percent === null ? '-' : `${r.local.percent}%`,
          `${r.baselinePercent}%`,
          r.difference === null ? '-' : `${r.difference > 0 ? '+' : ''}${r.difference} points`,
        ]),
      },
    );
  }
  const recurring = a.recurrence?.recommendations ?? [];
  if (recurring.length) {
    blocks.push({ kind: 'heading', level: 1, text: 'Recommendations that recur' });
    const byId = new Map(data.reviews.flatMap((r) => r.items.map((i) => [i.id, { r, i }] as const)));
    blocks.push({
      kind: 'list',
      items: recurring.slice(0, 5).map((g) => ({
        text: `${g.members.length} similar recommendations in ${listOf([...new Set(g.members.map((m) => m.subject))])}: "${g.members[0]?.text ?? ''}"`,
        cites: g.members.flatMap((m) => {
          const found = byId.get(m.itemId);
          return found ? [b.cite(found.r, found.i)] : [];
        }),
      })),
    });
  }
  const top = (a.prevalence?.rows ?? []).slice(0, 3).map((r) => r.label.toLowerCase());
  const openActions = data.reviews.flatMap((r) =>
    r.actions.filter((a) => a.status === 'planned' || a.status === 'in-progress'),
  ).length;
  blocks.push(
    { kind: 'heading', level: 1, text: 'Decisions sought from the board' },
    {
      kind: 'list',
      ordered: true,
      items: [
        { text: `Note the themes across these reviews${top.length ? `, led by ${listOf(top)}` : ''}.` },
        ...(top.length
          ? [
              {
                text: `Agree whether ${top[0]} should be a partnership priority for the coming year, with an owner and a measure of impact.`,
              },
            ]
          : []),
        ...(recurring.length
          ? [
              {
                text: `Ask the learning subgroup why ${recurring.length} recommendation(s) recur across reviews, and what would break the pattern.`,
              },
            ]
          : []),
        { text: `Receive progress on the ${openActions} action(s) not yet completed at the next meeting.` },
      ],
    },
  );
  return {
    type: 'board-report',
    title: `Themes from case reviews: report to the board`,
    subtitle: b.subjects(),
    about: b.about('Report'),
    blocks,
    citations: b.cites.list,
    layout: 'document',
  };
}

/** Progress on the tracked actions of the reviews: owner, deadline, status, RAG, measures, evidence. */
export function actionReport(data: ReportData): ReportDocument {
  const b = new Builder(data);
  const rows: string[][] = [];
  const overdue: Text[] = [];
  let total = 0;
  let evidenced = 0;
  let noMeasure = 0;
  for (const r of data.reviews)
    for (const a of r.actions) {
      total += 1;
      if (a.evidence > 0) evidenced += 1;
      if (a.measures.length === 0) noMeasure += 1;
      const item = a.itemId ? r.items.find((i) => i.id === a.itemId) : undefined;
      const n = item ? b.cite(r, item) : null;
      rows.push([
        `${a.number}: ${r.subject}${n !== null ? ` [${n}]` : ''}`,
        a.text.length > 140 ? `${a.text.slice(0, 137)}…` : a.text,
        a.owner ?? 'not stated',
        a.deadline ?? 'not stated',
        a.status.replace(/-/g, ' '),
        a.rag ?? '-',
        a.overdue ? 'overdue' : '',
        a.evidence ? String(a.evidence) : a.measures.length ? '0' : 'no measure',
      ]);
      if (a.overdue)
        overdue.push({
          text: `Action ${a.number} (${r.subject}): ${a.text} (owner ${a.owner ?? 'not stated'}, due ${a.deadline ?? ''})`,
          ...(n !== null ? { cites: [n] } : {}),
        });
    }
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Summary' },
    {
      kind: 'paragraph',
      text: `${total} action(s) across ${data.reviews.length} review(s) on ${data.today}: ${overdue.length} overdue; ${evidenced} with evidence of impact; ${noMeasure} without a measure of how we will know.`,
    },
    { kind: 'heading', level: 1, text: 'Overdue' },
    overdue.length ? { kind: 'list', items: overdue } : { kind: 'paragraph', text: 'No action is overdue.' },
    { kind: 'heading', level: 1, text: 'All actions' },
    {
      kind: 'table',
      caption: 'Actions by review',
      header: ['Action and review', 'Action', 'Owner', 'Deadline', 'Status', 'RAG', 'Overdue', 'Evidence'],
      rows,
    },
  ];
  return {
    type: 'action-report',
    title: 'Action progress report',
    subtitle: b.subjects(),
    about: b.about('Report'),
    blocks,
    citations: b.cites.list,
    layout: 'document',
  };
}
