/**
 * The cross-review analyses, as pure functions of review rows: theme prevalence, co-occurrence and
 * named combinations, trends by year, case characteristics, and comparison with a baseline. With
 * `suppress`, small numbers are hidden as publication rules require (suppression.ts).
 */
import { REFERENCE_CODES } from '../classify/reference-codes.ts';
import { AGE_BAND_LABELS, AGE_BANDS, ageBand, themeIndex, type ReviewRow } from './dataset.ts';
import { showBreakdown, showShare, showTotal, SMALL, type Shown } from './suppression.ts';

/**
 * Per theme, which rows have it (1) or not (0): computed once per row set, so that counting
 * ten thousand reviews' themes is array arithmetic rather than BigInt work per question.
 */
const columnCache = new WeakMap<ReviewRow[], Uint8Array[]>();
function columns(rows: ReviewRow[]): Uint8Array[] {
  const cached = columnCache.get(rows);
  if (cached) return cached;
  const cols = REFERENCE_CODES.map(() => new Uint8Array(rows.length));
  rows.forEach((r, k) => {
    const lo = Number(r.themes & 0xffffffffn);
    const hi = Number(r.themes >> 32n);
    for (let t = 0; t < cols.length; t++)
      (cols[t] as Uint8Array)[k] = t < 32 ? (lo >>> t) & 1 : (hi >>> (t - 32)) & 1;
  });
  columnCache.set(rows, cols);
  return cols;
}

function count(col: Uint8Array | undefined, where?: (k: number) => boolean): number {
  if (!col) return 0;
  let n = 0;
  for (let k = 0; k < col.length; k++) if (col[k] && (!where || where(k))) n++;
  return n;
}

export interface Options {
  suppress: boolean;
  /** Labels for theme codes (from the codebook); the code itself when missing. */
  labels?: Record<string, string>;
}

const label = (o: Options, theme: string) => o.labels?.[theme] ?? theme;

export interface PrevalenceRow {
  theme: string;
  label: string;
  n: Shown;
}

export interface Prevalence {
  total: Shown;
  rows: PrevalenceRow[];
}

/** How many of the reviews have each theme, most frequent first (ties by code). */
export function prevalence(rows: ReviewRow[], o: Options): Prevalence {
  const cols = columns(rows);
  const counts = REFERENCE_CODES.map((theme, i) => ({ theme, n: count(cols[i]) }));
  counts.sort((a, b) => b.n - a.n || a.theme.localeCompare(b.theme));
  return {
    total: showTotal(rows.length, o.suppress),
    rows: counts
      .filter((c) => c.n > 0)
      .map((c) => ({ theme: c.theme, label: label(o, c.theme), n: showShare(c.n, rows.length, o.suppress) })),
  };
}

export interface Cooccurrence {
  themes: { theme: string; label: string }[];
  /** cells[i][j]: reviews with both themes i and j; the diagonal is each theme's own count. */
  cells: Shown[][];
}

/** Reviews with each pair of themes, over the given themes (by default the ten most frequent). */
export function cooccurrence(rows: ReviewRow[], o: Options, themes?: string[]): Cooccurrence {
  const chosen =
    themes ??
    prevalence(rows, { suppress: false })
      .rows.slice(0, 10)
      .map((r) => r.theme);
  const cols = columns(rows);
  const idx = chosen.map(themeIndex);
  const raw = idx.map((a) => idx.map((b) => count(cols[a], (k) => (cols[b]?.[k] ?? 0) === 1)));
  const cells = raw.map((line, i) =>
    line.map((n, j) => {
      if (i === j) return showShare(n, rows.length, o.suppress);
      // Both diagonals are shown: n_i - n_ij and n_j - n_ij must not be small either.
      const a = showShare(n, raw[i]?.[i] ?? 0, o.suppress);
      const b = showShare(n, raw[j]?.[j] ?? 0, o.suppress);
      const overall = showShare(n, rows.length, o.suppress);
      return a.suppressed
        ? a
        : b.suppressed
          ? b
          : overall.suppressed
            ? overall
            : showShare(n, rows.length, false);
    }),
  );
  return { themes: chosen.map((t) => ({ theme: t, label: label(o, t) })), cells };
}

export interface Combination {
  name: string;
  themes: string[];
  n: Shown;
}

/** The "trigger trio": domestic abuse, parental mental health and parental substance misuse. */
export const NAMED_COMBINATIONS: { name: string; themes: string[] }[] = [
  {
    name: 'Trigger trio (all three)',
    themes: ['domestic-abuse', 'parental-mental-health', 'parental-substance-misuse'],
  },
  { name: 'Domestic abuse and parental mental health', themes: ['domestic-abuse', 'parental-mental-health'] },
  {
    name: 'Domestic abuse and parental substance misuse',
    themes: ['domestic-abuse', 'parental-substance-misuse'],
  },
  {
    name: 'Parental mental health and substance misuse',
    themes: ['parental-mental-health', 'parental-substance-misuse'],
  },
];

export function combinations(rows: ReviewRow[], o: Options, named = NAMED_COMBINATIONS): Combination[] {
  return named.map((c) => {
    const cols = columns(rows);
    const idx = c.themes.map(themeIndex);
    const n = idx.length ? count(cols[idx[0] as number], (k) => idx.every((i) => cols[i]?.[k] === 1)) : 0;
    return { name: c.name, themes: c.themes, n: showShare(n, rows.length, o.suppress) };
  });
}

export interface Trends {
  years: number[];
  /** Reviews per year. */
  totals: Shown[];
  /** Reviews with no year stated. */
  undated: Shown;
  rows: { theme: string; label: string; cells: Shown[] }[];
}

/**
 * Reviews per year, and per theme per year. Each theme's years add up to its reviews with a year,
 * and each cell is a share of its year's reviews, so the suppression rules are applied to both
 * until nothing more needs hiding.
 */
export function trends(rows: ReviewRow[], o: Options, themes?: string[]): Trends {
  const dated = rows.filter((r) => r.year !== null);
  const years = [...new Set(dated.map((r) => r.year as number))].sort((a, b) => a - b);
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const rowYear = rows.map((r) => (r.year === null ? -1 : (yearIndex.get(r.year) as number)));
  const yearCounts = years.map(() => 0);
  for (const y of rowYear) if (y >= 0) yearCounts[y] = (yearCounts[y] as number) + 1;
  const cols = columns(rows);
  const totals = showBreakdown([...yearCounts, rows.length - dated.length], rows.length, o.suppress);
  const chosen =
    themes ??
    prevalence(rows, { suppress: false })
      .rows.slice(0, 10)
      .map((r) => r.theme);
  const out = chosen.map((theme) => {
    const col = cols[themeIndex(theme)];
    const counts = years.map(() => 0);
    if (col)
      for (let k = 0; k < col.length; k++)
        if (col[k] && (rowYear[k] as number) >= 0) {
          const y = rowYear[k] as number;
          counts[y] = (counts[y] as number) + 1;
        }
    if (!o.suppress)
      return {
        theme,
        label: label(o, theme),
        cells: counts.map((n, k) => showShare(n, yearCounts[k] ?? 0, false)),
      };
    const hidden = counts.map(
      (n, k) => showShare(n, yearCounts[k] ?? 0, true).suppressed || (totals[k]?.suppressed ?? false),
    );
    // A theme's yearly cells add up to its dated total: never leave exactly one hidden.
    for (let changed = true; changed;) {
      changed = false;
      const hiddenCount = hidden.filter(Boolean).length;
      if (hiddenCount === 1) {
        let pick = -1;
        counts.forEach((n, k) => {
          if (!hidden[k] && n > 0 && (pick < 0 || n < (counts[pick] as number))) pick = k;
        });
        if (pick >= 0) {
          hidden[pick] = true;
          changed = true;
        }
      }
    }
    return {
      theme,
      label: label(o, theme),
      cells: counts.map((n, k): Shown =>
        hidden[k]
          ? n > 0 && n < SMALL
            ? { value: null, text: '<5', percent: null, suppressed: true }
            : { value: null, text: '*', percent: null, suppressed: true }
          : showShare(n, yearCounts[k] ?? 0, false),
      ),
    };
  });
  return { years, totals: totals.slice(0, years.length), undated: totals[years.length] as Shown, rows: out };
}

export interface Breakdown {
  name: string;
  cells: { value: string; label: string; n: Shown }[];
}

export interface Characteristics {
  total: Shown;
  breakdowns: Breakdown[];
}

function breakdown<T extends string>(
  name: string,
  rows: ReviewRow[],
  values: readonly T[],
  labels: Record<string, string>,
  of: (r: ReviewRow) => T | null,
  o: Options,
): Breakdown {
  const counts = [
    ...values.map((v) => rows.filter((r) => of(r) === v).length),
    rows.filter((r) => of(r) === null).length,
  ];
  const shown = showBreakdown(counts, rows.length, o.suppress);
  return {
    name,
    cells: [...values, 'unknown'].map((v, i) => ({ value: v, label: labels[v] ?? v, n: shown[i] as Shown })),
  };
}

/** Case characteristics as the national analyses count them; every breakdown includes "not stated". */
export function characteristics(rows: ReviewRow[], o: Options): Characteristics {
  const notStated = { unknown: 'Not stated' };
  return {
    total: showTotal(rows.length, o.suppress),
    breakdowns: [
      breakdown('Age', rows, AGE_BANDS, AGE_BAND_LABELS, (r) => ageBand(r.ageYears), o),
      breakdown(
        'Sex',
        rows,
        ['female', 'male'] as const,
        { female: 'Female', male: 'Male', ...notStated },
        (r) => r.sex,
        o,
      ),
      breakdown(
        'Outcome',
        rows,
        ['death', 'serious-harm'] as const,
        { death: 'Death', 'serious-harm': 'Serious harm', ...notStated },
        (r) => r.outcome,
        o,
      ),
      breakdown(
        'Child protection plan',
        rows,
        ['current', 'past', 'never'] as const,
        { current: 'Current plan', past: 'Past plan only', never: 'Never on a plan', ...notStated },
        (r) => r.cpPlan,
        o,
      ),
      breakdown(
        "Known to children's social care",
        rows,
        ['yes', 'no'] as const,
        { yes: 'Known', no: 'Not known', ...notStated },
        (r) => (r.knownToCsc === null ? null : r.knownToCsc ? 'yes' : 'no'),
        o,
      ),
    ],
  };
}

export interface BaselineFigure {
  /** A theme code ("domestic-abuse") or a characteristic ("sex:female", "age:under-1", "outcome:death"). */
  measure: string;
  label: string | null;
  percent: number;
}

export interface Comparison {
  baseline: string;
  rows: {
    measure: string;
    label: string;
    local: Shown;
    localTotal: number;
    baselinePercent: number;
    difference: number | null;
  }[];
}

/** Local figures side by side with a baseline's percentages. */
export function compareWithBaseline(
  rows: ReviewRow[],
  baseline: string,
  figures: BaselineFigure[],
  o: Options,
): Comparison {
  const countOf = (measure: string): number | null => {
    const [kind, value] = measure.includes(':')
      ? (measure.split(':', 2) as [string, string])
      : ['theme', measure];
    switch (kind) {
      case 'theme': {
        const i = themeIndex(value);
        return i < 0 ? null : count(columns(rows)[i]);
      }
      case 'age':
        return rows.filter((r) => ageBand(r.ageYears) === value).length;
      case 'sex':
        return rows.filter((r) => r.sex === value).length;
      case 'outcome':
        return rows.filter((r) => r.outcome === value).length;
      case 'cp-plan':
        return rows.filter((r) => r.cpPlan === value).length;
      case 'known-to-csc':
        return rows.filter((r) => r.knownToCsc === (value === 'yes')).length;
      default:
        return null;
    }
  };
  return {
    baseline,
    rows: figures.flatMap((f) => {
      const n = countOf(f.measure);
      if (n === null) return [];
      const local = showShare(n, rows.length, o.suppress);
      return [
        {
          measure: f.measure,
          label: f.label ?? label(o, f.measure),
          local,
          localTotal: rows.length,
          baselinePercent: f.percent,
          difference: local.percent === null ? null : Math.round((local.percent - f.percent) * 10) / 10,
        },
      ];
    }),
  };
}
