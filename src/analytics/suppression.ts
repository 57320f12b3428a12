/**
 * Small-number suppression for publication. A count from 1 to 4 is shown as "<5" (primary
 * suppression); zero is shown. A suppressed count must not be recoverable from what is shown:
 *
 * - in a breakdown whose cells add up to a shown total (sex: male, female, not stated), a single
 *   suppressed cell could be worked out by subtraction, so the smallest other non-zero cell is
 *   suppressed too (secondary suppression, shown as "*");
 * - "n of N" gives away N - n (the reviews without the theme), so n is also hidden when N - n is
 *   from 1 to 4;
 * - a total N below 5 is itself small: then the total and every cell are suppressed.
 */
export const SMALL = 5;

export type Shown =
  | { value: number; text: string; percent: number | null; suppressed: false }
  | {
      value: null;
      text: '<5' | '*';
      percent: null;
      suppressed: true;
    };

const isSmall = (n: number) => n > 0 && n < SMALL;

function shown(n: number, total: number): Shown {
  return {
    value: n,
    text: String(n),
    percent: total > 0 ? Math.round((n / total) * 1000) / 10 : null,
    suppressed: false,
  };
}

const PRIMARY: Shown = { value: null, text: '<5', percent: null, suppressed: true };
const SECONDARY: Shown = { value: null, text: '*', percent: null, suppressed: true };

/** The total of a table, suppressed when it is itself small. */
export function showTotal(total: number, suppress: boolean): Shown {
  return suppress && isSmall(total) ? PRIMARY : shown(total, total);
}

/** One "n of N" figure (a theme's prevalence), with its complement protected. */
export function showShare(n: number, total: number, suppress: boolean): Shown {
  if (!suppress) return shown(n, total);
  if (isSmall(total)) return isSmall(n) ? PRIMARY : SECONDARY;
  if (isSmall(n)) return PRIMARY;
  if (isSmall(total - n)) return SECONDARY;
  return shown(n, total);
}

/**
 * A breakdown whose cells add up to `total` (every review falls in exactly one cell). Returns one
 * Shown per cell, in the same order.
 */
export function showBreakdown(cells: number[], total: number, suppress: boolean): Shown[] {
  if (!suppress) return cells.map((n) => shown(n, total));
  if (isSmall(total)) return cells.map((n) => (n === 0 ? shown(0, total) : isSmall(n) ? PRIMARY : SECONDARY));
  const out: Shown[] = cells.map((n) => (isSmall(n) ? PRIMARY : shown(n, total)));
  const hidden = out.filter((s) => s.suppressed).length;
  if (hidden === 1) {
    // Hide the smallest other non-zero cell so that no single cell follows from the total.
    let pick = -1;
    cells.forEach((n, i) => {
      if (out[i]?.suppressed || n === 0) return;
      if (pick < 0 || n < (cells[pick] as number)) pick = i;
    });
    if (pick >= 0) out[pick] = SECONDARY;
  }
  return out;
}
