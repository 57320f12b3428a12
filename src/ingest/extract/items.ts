/**
 * Learning items from labelled sections. A heading that names one item ("Finding BE1",
 * "Recommendation 3") gives one item holding everything under it; any other labelled section
 * ("Recommendations", "Key learning", "How will we know") gives one item per paragraph or bullet.
 */
import type { ExtractedItem, ItemKind } from '../../shared/extraction-report.ts';
import type { OutlineEntry } from './outline.ts';

const SECTION_KINDS: [RegExp, ItemKind][] = [
  [
    /\bhow (will|do) we know\b|\bexpected impact\b|\bmeasures? of (success|impact)\b|\bevidence of (impact|change)\b/i,
    'measure',
  ],
  [/\brecommendations?\b|\bwhat we are asking\b|\bboard members are asked\b/i, 'recommendation'],
  [/\bactions?\b|\bresponse\b|\bwhat (we|the board) (have|has) done\b|\bdissemination\b/i, 'action'],
  [/\bfindings?\b|\banalysis of practice\b/i, 'finding'],
  [/\blessons?\b/i, 'lesson'],
  [/\b(key )?learning\b|\bsummary\b|\bconclusions?\b/i, 'learning'],
];

/** A heading naming one item: "Finding BE1", "Recommendation 4", "Lesson BE1.1", "Learning B4". */
const SINGLE_ITEM =
  /^(finding|recommendation|lesson|learning|action)\s+([A-Z]{0,3}\d+(?:\.\d+)*[a-z]?)\b\s*[:.–-]?\s*(.*)$/i;

export function kindOfHeading(text: string): ItemKind | null {
  for (const [re, kind] of SECTION_KINDS) if (re.test(text)) return kind;
  return null;
}

interface Open {
  kind: ItemKind;
  ref: string | null;
  start: number;
  end: number;
  parts: string[];
  level: number;
}

/** Items of every labelled section, in document order. */
export function extractItems(
  outline: OutlineEntry[],
  reviewOf: (offset: number) => string | null,
): ExtractedItem[] {
  const items: ExtractedItem[] = [];
  let single: Open | null = null;
  let section: { kind: ItemKind; level: number } | null = null;

  const push = (kind: ItemKind, ref: string | null, text: string, start: number, end: number) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    items.push({
      kind,
      ref,
      review: reviewOf(start),
      text: clean,
      owner: null,
      deadline: null,
      span: [start, end],
      codes: [],
    });
  };
  const closeSingle = () => {
    if (single && single.parts.length > 0)
      push(single.kind, single.ref, single.parts.join(' '), single.start, single.end);
    single = null;
  };

  for (const entry of outline) {
    const { block, text } = entry;
    if (block.kind === 'heading') {
      if (single && block.level > single.level) continue;
      closeSingle();
      const one = SINGLE_ITEM.exec(text);
      if (one) {
        const kind = (one[1] ?? '').toLowerCase() as ItemKind;
        single = { kind, ref: one[2] ?? null, start: -1, end: -1, parts: [], level: block.level };
        if (one[3]) {
          single.parts.push(one[3]);
          single.start = block.start + text.length - one[3].length;
          single.end = block.end;
        }
        section = null;
        continue;
      }
      const kind = kindOfHeading(text);
      if (kind) section = { kind, level: block.level };
      else if (section && block.level <= section.level) section = null;
      continue;
    }
    if (single) {
      if (single.start < 0) single.start = block.start;
      single.end = block.end;
      single.parts.push(text);
      continue;
    }
    if (!section) continue;
    if (block.kind === 'table-row') {
      for (const cell of block.cells)
        if (cell.end > cell.start)
          push(
            section.kind,
            null,
            entry.text.slice(cell.start - block.start, cell.end - block.start),
            cell.start,
            cell.end,
          );
    } else {
      const ref =
        block.kind === 'list-item' && /\d/.test(block.marker) ? block.marker.replace(/[.)]$/, '') : null;
      push(section.kind, ref, text, block.start, block.end);
    }
  }
  closeSingle();
  return items;
}
