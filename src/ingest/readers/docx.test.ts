import { describe, expect, it } from 'vitest';
import { writeDocx } from '../../../scripts/document-writers.ts';
import { describeBlocks } from '../../../test/helpers/blocks.ts';
import { readDocx } from './docx.ts';

describe('readDocx', () => {
  it('reads heading styles, bullet and numbered lists, and tables', async () => {
    const docx = await writeDocx({
      title: 'Action plan',
      blocks: [
        { kind: 'heading', level: 1, text: 'Action plan: Child Z' },
        { kind: 'paragraph', text: 'This plan responds to the review.' },
        { kind: 'numbered', text: 'Audit child in need plans.' },
        { kind: 'numbered', text: 'Refresh escalation training.' },
        { kind: 'bullet', text: 'Owner: Quality Assurance Subgroup' },
        {
          kind: 'table',
          header: true,
          rows: [
            ['Recommendation', 'Action', 'Owner', 'Deadline', 'RAG'],
            ['1', 'Audit 20 plans', 'QA Subgroup', 'March 2025', 'Amber'],
          ],
        },
      ],
    });
    const read = await readDocx(docx);
    expect(describeBlocks(read)).toEqual([
      'h1 Action plan: Child Z',
      'p This plan responds to the review.',
      'li0 1. Audit child in need plans.',
      'li0 2. Refresh escalation training.',
      'li0 - Owner: Quality Assurance Subgroup',
      'tr Recommendation | Action | Owner | Deadline | RAG',
      'tr 1 | Audit 20 plans | QA Subgroup | March 2025 | Amber',
    ]);
  });

  it('gives a core-properties title that reads as a title and is not a line of the text', async () => {
    const body = [{ kind: 'paragraph' as const, text: 'The partnership published the review today.' }];
    expect(
      (await readDocx(await writeDocx({ title: 'Ashcombe learning review: Baby M', blocks: body })))
        .metaTitle,
    ).toBe('Ashcombe learning review: Baby M');
    expect(
      (await readDocx(await writeDocx({ title: 'ashcombe_baby_m_v3', blocks: body }))).metaTitle,
    ).toBeNull();
    const heading = { kind: 'heading' as const, level: 1 as const, text: 'Key findings' };
    expect(
      (await readDocx(await writeDocx({ title: 'Key findings', blocks: [heading, ...body] }))).metaTitle,
    ).toBeNull();
  });

  it('refuses a truncated DOCX with a reason', async () => {
    const docx = await writeDocx({ title: 't', blocks: [{ kind: 'paragraph', text: 'x' }] });
    await expect(readDocx(docx.subarray(0, Math.floor(docx.length / 2)))).rejects.toThrow(
      /not a readable DOCX/,
    );
  });
});
