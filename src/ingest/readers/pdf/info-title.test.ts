import { describe, expect, it } from 'vitest';
import { writePdf } from '../../../../scripts/document-writers.ts';
import { infoTitle, trustedTitle } from './info-title.ts';
import { readPdf } from './index.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('the PDF information title', () => {
  it('reads literal, escaped and UTF-16 hex titles, the last one written winning', () => {
    expect(infoTitle(bytes('<< /Title (Child K \\(Kestrelford\\) review) /Producer (x) >>'))).toBe(
      'Child K (Kestrelford) review',
    );
    expect(infoTitle(bytes('<< /Title <FEFF004200610062007900200044> >>'))).toBe('Baby D');
    expect(infoTitle(bytes('<< /Title (Draft) >> ... << /Title (Final title) >>'))).toBe('Final title');
    expect(infoTitle(bytes('%PDF-1.4 no information'))).toBeNull();
  });

  it('trusts a title that reads as one, not a file name, path, address or placeholder', () => {
    expect(trustedTitle('Learning briefing: Baby M')).toBe('Learning briefing: Baby M');
    expect(trustedTitle('Actions and/or responses')).toBe('Actions and/or responses');
    for (const bad of [
      'ashcombe-cspr-baby-m-2024',
      'SCR_Child_K_final_v2',
      'report.html',
      'Harbourside overview final.docx',
      'Microsoft Word - Child K overview.docx',
      'https://www.example.org/reviews/child-k',
      'file:///C:/Users/Reviewer/child-k.html',
      'C:\\Reviews\\Child K',
      'Untitled',
      'Document1',
    ])
      expect(trustedTitle(bad), bad).toBeNull();
  });

  it('gives the read result a trusted metadata title and drops a file-name one', async () => {
    const body = [{ kind: 'paragraph' as const, text: 'The partnership published the review today.' }];
    expect(
      (
        await readPdf(
          await writePdf({ title: 'Harbourside learning review: Child Y', blocks: body }),
          'pdfjs',
        )
      ).metaTitle,
    ).toBe('Harbourside learning review: Child Y');
    expect(
      (await readPdf(await writePdf({ title: 'harbourside-child-y-review', blocks: body }), 'pdfjs'))
        .metaTitle,
    ).toBeNull();
    // A browser's print titled after a section heading of the text: the text decides, not the copy.
    const sections = {
      title: 'Introduction',
      blocks: [{ kind: 'heading' as const, level: 2 as const, text: 'Introduction' }, ...body],
    };
    expect((await readPdf(await writePdf(sections), 'pdfjs')).metaTitle).toBeNull();
  });
});
