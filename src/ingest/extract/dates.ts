/** Dates as documents write them, normalised to YYYY, YYYY-MM or YYYY-MM-DD. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const pad = (n: number) => String(n).padStart(2, '0');

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/** The first "12 June 2019", "June 2019" or "2019-06-12" in `text`, or null. */
export function firstDate(text: string): string | null {
  const re = new RegExp(
    String.raw`\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?${MONTH_WORD}\s+(\d{4})\b|\b(\d{4})-(\d{2})(?:-(\d{2}))?\b`,
    'i',
  );
  const m = re.exec(text);
  if (!m) return null;
  if (m[3]) {
    const month = monthIndex(m[2] ?? '');
    return m[1] ? `${m[3]}-${pad(month)}-${pad(Number(m[1]))}` : `${m[3]}-${pad(month)}`;
  }
  return m[6] ? `${m[4]}-${m[5]}-${m[6]}` : `${m[4]}-${m[5]}`;
}
