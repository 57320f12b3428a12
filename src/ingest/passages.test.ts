import { describe, expect, it } from 'vitest';
import type { Block } from './blocks.ts';
import { PASSAGE_MAX, PASSAGE_TARGET, passagesOf } from './passages.ts';

/** Blocks for a text laid out as lines: "# " marks a heading, anything else a paragraph. */
function layout(lines: string[]): { text: string; blocks: Block[] } {
  let text = '';
  const blocks: Block[] = [];
  for (const line of lines) {
    const heading = line.startsWith('# ');
    const body = heading ? line.slice(2) : line;
    const start = text.length;
    text += body + '\n\n';
    blocks.push(
      heading
        ? { kind: 'heading', level: 2, start, end: start + body.length }
        : { kind: 'paragraph', start, end: start + body.length },
    );
  }
  return { text, blocks };
}

const sentence = (n: number) =>
  `Practitioners in agency ${n} did not share what they knew about the family. `;

describe('passagesOf', () => {
  it('covers every block once, in order, without overlaps', () => {
    const { text, blocks } = layout([
      '# Summary',
      'The review found gaps in information sharing.',
      ...Array.from({ length: 30 }, (_, i) => sentence(i).repeat(1 + (i % 4))),
      '# Findings',
      'Finding 1: supervision did not challenge drift.',
    ]);
    const passages = passagesOf(text, blocks);
    for (let i = 1; i < passages.length; i++)
      expect(passages[i]!.start).toBeGreaterThanOrEqual(passages[i - 1]!.end);
    for (const b of blocks) {
      const holders = passages.filter((p) => p.start <= b.start && b.end <= p.end);
      expect(holders).toHaveLength(1);
    }
    for (const p of passages) expect(p.end - p.start).toBeLessThanOrEqual(PASSAGE_MAX);
  });

  it('starts a passage at each heading, keeping headings in a row with the text under them', () => {
    const { text, blocks } = layout([
      'Intro text.',
      '# Part 2',
      '# 2.1 Findings',
      'Finding text.',
      '# Part 3',
      'More.',
    ]);
    const texts = passagesOf(text, blocks).map((p) => text.slice(p.start, p.end));
    expect(texts).toEqual(['Intro text.', 'Part 2\n\n2.1 Findings\n\nFinding text.', 'Part 3\n\nMore.']);
  });

  it('joins short paragraphs until a passage is long enough', () => {
    const { text, blocks } = layout(Array.from({ length: 40 }, (_, i) => sentence(i)));
    const passages = passagesOf(text, blocks);
    expect(passages.length).toBeGreaterThan(1);
    expect(passages.length).toBeLessThan(40);
    // Every passage but the last reached the target before it was closed.
    for (const p of passages.slice(0, -1)) expect(p.end - p.start).toBeGreaterThanOrEqual(PASSAGE_TARGET);
  });

  it('cuts a long paragraph at sentence ends', () => {
    const long = Array.from({ length: 60 }, (_, i) => sentence(i))
      .join('')
      .trim();
    const { text, blocks } = layout([long]);
    const passages = passagesOf(text, blocks);
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages.slice(0, -1)) {
      expect(p.end - p.start).toBeLessThanOrEqual(PASSAGE_MAX);
      expect(text.slice(p.start, p.end)).toMatch(/family\. $/);
    }
    expect(passages.at(-1)!.end).toBe(long.length);
  });

  it('cuts text with no sentence ends at spaces, and text with no spaces where it must', () => {
    const words = 'neglect '.repeat(500).trim();
    const p1 = passagesOf(words, []);
    for (const p of p1) expect(words.slice(p.start, p.end)).not.toMatch(/^eglect|negl$/);
    const solid = 'x'.repeat(PASSAGE_MAX * 2 + 10);
    expect(passagesOf(solid, []).map((p) => p.end - p.start)).toEqual([PASSAGE_MAX, PASSAGE_MAX, 10]);
  });

  it('takes a text without blocks as one block, and finds no passage in whitespace', () => {
    expect(passagesOf('A short briefing.', [])).toEqual([{ start: 0, end: 17 }]);
    expect(passagesOf('  \n\n ', [])).toEqual([]);
    expect(passagesOf('', [])).toEqual([]);
  });
});
