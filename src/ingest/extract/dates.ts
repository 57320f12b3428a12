/**
 * Dates as documents write them, normalised to YYYY, YYYY-MM or YYYY-MM-DD. A deadline that names
 * a period ("Autumn Term 2016", "Q3 2024/25", "2024/25") resolves to the month the period ends:
 * that is when the action is due.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const pad = (n: number) => String(n).padStart(2, '0');
const monthIndex = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;

/** Two-digit years ("March 12") are read as 20YY. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** School terms end in December, April and July; seasons in their last month. */
const PERIOD_END: Record<string, number> = {
  'autumn term': 12,
  'spring term': 4,
  'summer term': 7,
  spring: 5,
  summer: 8,
  autumn: 11,
  fall: 11,
  winter: 2,
};

/**
 * Normalises one deadline phrase: "June 2019", "by end of March 2020", "31/03/2024",
 * "Autumn Term 2016", "Q1 2025", "Q2 2024/25" (financial), "2024/25", "end of 2024", "2025".
 * Returns null for anything without a year ("ongoing", "within 6 months").
 */
export function parseDeadline(input: string | null | undefined): string | null {
  if (!input) return null;
  const text = input.replace(/\s+/g, ' ').trim();
  let m = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b/.exec(text);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), fullYear(m[3] ?? '')];
    if (validDay(y, mo, d)) return `${y}-${pad(mo)}-${pad(d)}`;
  }
  m = /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/.exec(text);
  if (m) return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
  m = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH_WORD}\s+(\d{4})\b`, 'i').exec(text);
  if (m) {
    const [d, mo, y] = [Number(m[1]), monthIndex(m[2] ?? ''), Number(m[3])];
    if (validDay(y, mo, d)) return `${y}-${pad(mo)}-${pad(d)}`;
  }
  m = new RegExp(String.raw`\b${MONTH_WORD}\s+(\d{4}|'?\d{2}\b)`, 'i').exec(text);
  if (m) return `${fullYear((m[2] ?? '').replace("'", ''))}-${pad(monthIndex(m[1] ?? ''))}`;
  m = /\b(autumn term|spring term|summer term|spring|summer|autumn|fall|winter)\s+(\d{4})\b/i.exec(text);
  if (m) {
    const period = (m[1] ?? '').toLowerCase();
    const year = Number(m[2]);
    const end = PERIOD_END[period] ?? 12;
    return period === 'winter' ? `${year + 1}-${pad(end)}` : `${year}-${pad(end)}`;
  }
  m = /\bQ([1-4])\s*(\d{4})(?:\s*[/-]\s*(\d{2,4}))?\b/i.exec(text);
  if (m) {
    const q = Number(m[1]);
    const year = Number(m[2]);
    // "Q1 2024/25" is a financial-year quarter: April to June 2024.
    if (m[3]) return q === 4 ? `${year + 1}-03` : `${year}-${pad(3 + q * 3)}`;
    return `${year}-${pad(q * 3)}`;
  }
  m = /\b(?:(?:financial|fiscal) year\s+)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\b/.exec(text);
  if (m) {
    const start = Number(m[1]);
    const end = fullYear(m[2] ?? '');
    if (end === start + 1 || end % 100 === (start + 1) % 100) return `${start + 1}-03`;
  }
  m = /\b(?:end of|by|before|during|in)?\s*(\d{4})\b/i.exec(text);
  if (m && Number(m[1]) >= 1990 && Number(m[1]) <= 2100) return m[1] ?? null;
  return null;
}

/** The first full date or month-and-year in `text` ("12 June 2019", "June 2019", "2019-06"), or null. */
export function firstDate(text: string): string | null {
  const re = new RegExp(
    String.raw`\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?${MONTH_WORD}\s+(\d{4})\b|\b(\d{4})-(\d{2})(?:-(\d{2}))?\b`,
    'i',
  );
  const m = re.exec(text);
  if (!m) return null;
  if (m[3]) {
    const month = monthIndex(m[2] ?? '');
    return m[1] && validDay(Number(m[3]), month, Number(m[1]))
      ? `${m[3]}-${pad(month)}-${pad(Number(m[1]))}`
      : `${m[3]}-${pad(month)}`;
  }
  return m[6] ? `${m[4]}-${m[5]}-${m[6]}` : `${m[4]}-${m[5]}`;
}

/** A deadline stated inside an item's text: "by March 2024", "deadline: June 2025", "(Spring 2024)". */
export function deadlineInText(text: string): string | null {
  const m = new RegExp(
    String.raw`\b(?:by|before|no later than|deadline:?|due:?|target date:?|timescale:?|completed? by)\s+(?:the\s+)?(?:end\s+of\s+)?((?:\d{1,2}(?:st|nd|rd|th)?\s+)?${MONTH_WORD}\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|(?:autumn|spring|summer)(?:\s+term)?\s+\d{4}|winter\s+\d{4}|Q[1-4]\s*\d{4}(?:/\d{2})?|\d{4}/\d{2}|\d{4})`,
    'i',
  ).exec(text);
  return m ? parseDeadline(m[1]) : null;
}

const WEEKDAY = String.raw`(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+`;
const ORD = String.raw`(?:st|nd|rd|th)?`;
const DATE_FORMS = new RegExp(
  [
    String.raw`(?:${WEEKDAY})?(\d{1,2})${ORD}\s+(?:of\s+)?${MONTH_WORD}\.?,?\s+(\d{4})`,
    String.raw`(?:${WEEKDAY})?${MONTH_WORD}\.?\s+(\d{1,2})${ORD},?\s+(\d{4})`,
    String.raw`${MONTH_WORD}\.?,?\s+(\d{4})`,
    String.raw`(\d{1,2})[/.](\d{1,2})[/.](\d{4})`,
    String.raw`(\d{4})-(\d{2})(?:-(\d{2}))?`,
  ]
    .map((f) => String.raw`\b${f}\b`)
    .join('|'),
  'gi',
);

/** Year, month and day (0 when not given) from the groups of DATE_FORMS. */
function dateParts(g: (string | undefined)[]): [number, number, number] {
  if (g[0]) return [Number(g[2]), monthIndex(g[1] ?? ''), Number(g[0])];
  if (g[3]) return [Number(g[5]), monthIndex(g[3]), Number(g[4])];
  if (g[6]) return [Number(g[7]), monthIndex(g[6]), 0];
  if (g[8]) return [Number(g[10]), Number(g[9]), Number(g[8])];
  return [Number(g[11]), Number(g[12]), Number(g[13] ?? 0)];
}

export interface DateMention {
  /** YYYY-MM-DD or YYYY-MM. */
  date: string;
  index: number;
  end: number;
}

/**
 * Every full date or month and year in `text`, in the forms datelines use: "14 June 2017",
 * "Wednesday, June 14, 2017", "June 2017", "14/06/2017", "2017-06-14". A weekday is part of the
 * date it precedes. Bare years and periods ("2024/25") are not dates here.
 */
export function datesIn(text: string): DateMention[] {
  // Every date form has a year: text without a digit has no date (the common case, and cheap).
  if (!/\d/.test(text)) return [];
  // The title zone asks about the same short lines several times.
  const known = recentDates.get(text);
  if (known) return known.map((d) => ({ ...d }));
  const found: DateMention[] = [];
  for (const m of text.matchAll(DATE_FORMS)) {
    const [y, mo, d] = dateParts(m.slice(1));
    if (mo < 1 || mo > 12 || y < 1900 || y > 2100) continue;
    if (d && !validDay(y, mo, d)) continue;
    const index = m.index ?? 0;
    found.push({
      date: d ? `${y}-${pad(mo)}-${pad(d)}` : `${y}-${pad(mo)}`,
      index,
      end: index + m[0].length,
    });
  }
  if (text.length <= 300) {
    if (recentDates.size >= 500) recentDates.clear();
    recentDates.set(
      text,
      found.map((d) => ({ ...d })),
    );
  }
  return found;
}

const recentDates = new Map<string, DateMention[]>();
