import { describe, expect, it } from 'vitest';
import { describeBlocks } from '../../../test/helpers/blocks.ts';
import { readMarkdown } from './markdown.ts';

describe('readMarkdown', () => {
  it('reads headings, paragraphs, nested and numbered lists, and tables without markup', () => {
    const read = readMarkdown(
      [
        '# Seven-minute briefing: *Baby P*',
        '',
        'Why it **matters**: see [the review](https://example.org/review.pdf).',
        '',
        '1. First recommendation',
        '2. Second recommendation',
        '   - with a sub-point',
        '',
        '| Action | Owner |',
        '| --- | --- |',
        '| Audit plans | QA subgroup |',
      ].join('\n'),
    );
    expect(describeBlocks(read)).toEqual([
      'h1 Seven-minute briefing: Baby P',
      'p Why it matters: see the review.',
      'li0 1. First recommendation',
      'li0 2. Second recommendation',
      'li1 - with a sub-point',
      'tr Action | Owner',
      'tr Audit plans | QA subgroup',
    ]);
    expect(read.blocks[5]).toMatchObject({ kind: 'table-row', header: true });
  });
});
