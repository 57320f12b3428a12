/**
 * Items from tables. A header row says what each column holds ("Specific actions", "Owner",
 * "Deadline", "Expected impact and how it will be tested", "RAG"); each filled cell of a content
 * column is an item, with the owner, deadline and RAG rating of its row. Cells of one row are
 * linked: recommendation -> action -> measure.
 */
import type { ItemKind } from '../../shared/extraction-report.ts';
import type { TableRowBlock } from '../blocks.ts';
import { parseDeadline } from './dates.ts';
import type { StructuredBlock } from './structure.ts';
import { wordCount } from './text.ts';

type ColumnRole =
  'measure' | 'rag' | 'progress' | 'owner' | 'deadline' | 'recommendation' | 'action' | 'finding';

const COLUMN_RULES: [RegExp, ColumnRole][] = [
  [/how (will|would|do) we know|impact|measure|evidence|success|tested|outcome/i, 'measure'],
  // "Progress", "Update": what has been done, an action of its row (and its RAG when no column says).
  [/\b(progress|update|updates|what has been done|position)\b/i, 'progress'],
  [/\b(rag|status|rating)\b/i, 'rag'],
  [/owner|\blead\b|responsib|sub-?group|agency|\bwho\b|accountable/i, 'owner'],
  [/deadline|by when|timescale|target|date|\bdue\b|\bwhen\b|completion/i, 'deadline'],
  [/recommendation/i, 'recommendation'],
  [/action|dissemination|activit|task|what (will|we will)|steps|intervention|response/i, 'action'],
  [/finding|learning|lesson|issue|theme|concern/i, 'finding'],
];

function columnRole(header: string): ColumnRole | null {
  for (const [re, role] of COLUMN_RULES) if (re.test(header)) return role;
  return null;
}

export interface TableDraft {
  kind: ItemKind;
  ref: string | null;
  text: string;
  start: number;
  end: number;
  row: number;
  owner: string | null;
  deadline: string | null;
  rag: 'red' | 'amber' | 'green' | null;
}

const REF = /^[A-Z]{0,3}\d+(\.\d+)*[a-z]?$|^(recommendation|rec\.?)\s*[A-Z]{0,3}\d+(\.\d+)*$/i;

function cellsOf(b: StructuredBlock): string[] {
  const row = b.block as TableRowBlock;
  return row.cells.map((c) => b.text.slice(c.start - row.start, c.end - row.start).trim());
}

/** Items from one run of table rows. Tables without a recognisable header give none. */
export function tableItems(rows: StructuredBlock[]): TableDraft[] {
  const first = rows[0];
  if (!first) return [];
  const header = cellsOf(first);
  const roles = header.map(columnRole);
  const looksLikeHeader =
    (first.block as TableRowBlock).header || header.filter(Boolean).every((h) => wordCount(h) <= 10);
  const contentColumns = roles.filter(
    (r) => r === 'action' || r === 'measure' || r === 'recommendation' || r === 'finding' || r === 'progress',
  ).length;
  if (!looksLikeHeader || contentColumns === 0 || roles.filter(Boolean).length < 2) return [];

  const out: TableDraft[] = [];
  rows.slice(1).forEach((b, n) => {
    const row = b.block as TableRowBlock;
    const cells = cellsOf(b);
    const valueOf = (role: ColumnRole) => cells.find((c, i) => roles[i] === role && c) ?? null;
    const owner = valueOf('owner');
    const deadline = parseDeadline(valueOf('deadline'));
    const ragText = (
      valueOf('rag') ?? (roles.includes('rag') ? '' : (valueOf('progress') ?? ''))
    ).toLowerCase();
    const rag = /\bred\b/.test(ragText)
      ? 'red'
      : /\bamber\b/.test(ragText)
        ? 'amber'
        : /\bgreen\b|complete/.test(ragText)
          ? 'green'
          : null;
    let ref: string | null = null;
    cells.forEach((text, i) => {
      const role = roles[i];
      const span = row.cells[i];
      if (!text || !span || !role) return;
      if (role === 'recommendation' && REF.test(text)) {
        ref = text.replace(/^(recommendation|rec\.?)\s*/i, '');
        return;
      }
      if (
        role === 'progress' &&
        /^(red|amber|green|complete[d]?|done|on track|not started|ongoing)\.?$/i.test(text)
      )
        return;
      if (
        role !== 'action' &&
        role !== 'measure' &&
        role !== 'recommendation' &&
        role !== 'finding' &&
        role !== 'progress'
      )
        return;
      const isAction = role === 'action' || role === 'progress';
      out.push({
        kind: role === 'progress' ? 'action' : role,
        ref: role === 'recommendation' ? null : ref,
        text,
        start: span.start,
        end: span.end,
        row: n,
        owner: isAction ? owner : null,
        deadline: isAction ? deadline : null,
        rag: isAction ? rag : null,
      });
    });
  });
  return out;
}
