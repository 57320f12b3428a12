import { describe, expect, it } from 'vitest';
import { describeBlocks } from '../../../test/helpers/blocks.ts';
import { readPlainText } from './plain-text.ts';

describe('readPlainText', () => {
  it('recognises marked headings, bold headings, bullets, numbers and standalone title lines', () => {
    const read = readPlainText(
      [
        '## **Review of Child W**',
        '',
        'Key learning',
        '',
        '- Information was not shared.',
        '  - Nested point under it.',
        '• A second bullet with a **bold** word.',
        '',
        '**Finding W2**',
        '',
        '3.1 In two of the three reviews there was domestic abuse.',
        '3.2 Fathers were not assessed.',
      ].join('\n'),
    );
    expect(describeBlocks(read)).toEqual([
      'h2 Review of Child W',
      'h3 Key learning',
      'li0 - Information was not shared.',
      'li1 - Nested point under it.',
      'li0 • A second bullet with a bold word.',
      'h3 Finding W2',
      'li0 3.1 In two of the three reviews there was domestic abuse.',
      'li0 3.2 Fathers were not assessed.',
    ]);
  });

  it('gives every block offsets into one normalised text', () => {
    const read = readPlainText('Title line\n\nA   paragraph\twith  space.\n\n- item one\n');
    for (const b of read.blocks) expect(read.text.slice(b.start, b.end)).not.toMatch(/^\s|\s$|\n/);
    expect(read.text).toBe('Title line\nA paragraph with space.\n- item one');
  });

  it('joins hard-wrapped lines into paragraphs', () => {
    const wrapped = Array.from(
      { length: 6 },
      (_, i) => `This is line ${i} of a paragraph that a mail client wrapped at`,
    ).join('\n');
    const read = readPlainText(
      `${wrapped} the end.\n\nNext paragraph starts here and is long enough to count as text.`,
    );
    expect(read.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('mends a sentence broken by a page break and a running header', () => {
    const read = readPlainText(
      [
        '- For disabled children, practitioners sometimes',
        '',
        '### ANNUAL REPORT',
        '',
        'misread signs of abuse as part of the impairment.',
        '- Next point.',
      ].join('\n'),
    );
    expect(describeBlocks(read)).toEqual([
      'li0 - For disabled children, practitioners sometimes misread signs of abuse as part of the impairment.',
      'li0 - Next point.',
    ]);
  });

  it('reads tab-separated rows as table rows with cells, keeping empty cells in place', () => {
    const read = readPlainText(
      'Action\tOwner\tDeadline\nReview training\tLearning subgroup\tJune 2025\n\tPolicy group\t\n',
    );
    expect(describeBlocks(read)).toEqual([
      'tr Action | Owner | Deadline',
      'tr Review training | Learning subgroup | June 2025',
      'tr  | Policy group',
    ]);
  });

  it('joins a section number on its own line to the heading that follows', () => {
    const read = readPlainText(' \t4.\n\tImplications for partners\n\n\tThe plans are monitored.');
    expect(describeBlocks(read)).toEqual(['h2 4. Implications for partners', 'p The plans are monitored.']);
  });
});
