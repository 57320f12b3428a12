/**
 * Extraction rules for the shapes partnerships publish, each on fictional text: unlabelled prose
 * read sentence by sentence, inline lists, repository entries, review codes and chosen names,
 * question and practice headings, web-page chrome, register rows. Every rule is checked on a near
 * miss too, so a rule that fires on everything fails here.
 */
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/ingest/extract/index.ts';
import { isGeneralStatement, proseRuns, sentenceKind } from '../../src/ingest/extract/prose.ts';
import { inlineListOf } from '../../src/ingest/extract/items.ts';
import { isChrome, isFieldLine } from '../../src/ingest/extract/chrome.ts';
import {
  namedCaseHeading,
  reviewCodesIn,
  splitJoined,
  subjectsInSentence,
} from '../../src/ingest/extract/subjects.ts';
import { readPlainText } from '../../src/ingest/readers/plain-text.ts';

const report = (text: string) =>
  extractReport(readPlainText(text), { file: 'x.txt', sha256: '0'.repeat(64) });
const itemsOf = (text: string) => report(text).items.map((i) => [i.kind, i.text]);

describe('unlabelled prose, sentence by sentence', () => {
  it('reads what a board did or will do as actions, and publication notices as nothing', () => {
    expect(
      sentenceKind('The Partnership and its agencies have continued to progress the recommendations.'),
    ).toBe('action');
    expect(
      sentenceKind('An action plan has been agreed and is being monitored by the Learning Subgroup.'),
    ).toBe('action');
    expect(sentenceKind('Since the review began, a missing children panel has been set up.')).toBe('action');
    expect(
      sentenceKind(
        'The Kestrelford Partnership remains committed to making the changes the review asks for.',
      ),
    ).toBe('action');
    expect(
      sentenceKind('Today the Kestrelford Partnership has published the review into the death of Child K.'),
    ).toBeNull();
    expect(sentenceKind('The review was carried out by an independent reviewer.')).toBeNull();
  });

  it('reads what the review found as learning, but never that a death could not be prevented', () => {
    expect(sentenceKind('The reviewer found that the health visitor did not know of the new partner.')).toBe(
      'learning',
    );
    expect(sentenceKind('Both reviews identified that fathers were not seen.')).toBe('learning');
    expect(
      sentenceKind('The review concluded that the death could not have been predicted or prevented.'),
    ).toBeNull();
    expect(sentenceKind('Key learning has been identified and is shared in the briefing.')).toBeNull();
  });

  it('reads asks of practitioners as recommendations', () => {
    expect(sentenceKind('Practitioners and managers should talk about this briefing in team meetings.')).toBe(
      'recommendation',
    );
    expect(sentenceKind('Practitioners were aware of the protocol.')).toBeNull();
  });

  it('keeps a run of one kind in a paragraph together and carries it over a connective', () => {
    const text =
      'Child K died in 2023. The Board has accepted the recommendations in full. In addition, the Board will lead a campaign on safe sleep. The report is available online.';
    const runs = proseRuns(text).map((r) => [r.kind, text.slice(r.start, r.end)]);
    expect(runs).toEqual([
      [
        'action',
        'The Board has accepted the recommendations in full. In addition, the Board will lead a campaign on safe sleep.',
      ],
    ]);
  });

  it('tells a general statement from a case story', () => {
    expect(isGeneralStatement('Babies who are not yet mobile should not have bruises.')).toBe(true);
    expect(isGeneralStatement('Baby M was taken to hospital in March 2022.')).toBe(false);
    expect(isGeneralStatement('The family moved house three times.')).toBe(false);
  });

  it('takes items from a publication statement that has no section headings', () => {
    const items = itemsOf(
      [
        'Publication of Child Safeguarding Practice Review: Harbourside Child T',
        '',
        'Today the Harbourside Safeguarding Partnership publishes the review into serious harm to a child known as Child T.',
        '',
        'The review found that information about the risk posed by a visiting adult was held by three agencies but never brought together.',
        '',
        'A number of recommendations were made, and the partnership and its agencies have been working to progress them since the review ended.',
      ].join('\n'),
    );
    expect(items).toEqual([
      [
        'learning',
        'The review found that information about the risk posed by a visiting adult was held by three agencies but never brought together.',
      ],
      [
        'action',
        'A number of recommendations were made, and the partnership and its agencies have been working to progress them since the review ended.',
      ],
    ]);
  });
});

describe('inline lists', () => {
  const parts = (text: string, role: Parameters<typeof inlineListOf>[1] = null) => {
    const list = inlineListOf(text, role);
    return list ? [list.kind, list.parts.map((p) => text.slice(p.start, p.end))] : null;
  };

  it('splits "Learning: a; b; and c." on semicolons and drops the last "and"', () => {
    expect(
      parts('Learning: fathers were not seen; the plan had no dates; and the school was not invited.'),
    ).toEqual(['learning', ['fathers were not seen', 'the plan had no dates', 'the school was not invited']]);
    expect(
      parts('Recommendations include: the partnership to audit referrals; schools to record concerns.'),
    ).toEqual(['recommendation', ['the partnership to audit referrals', 'schools to record concerns']]);
  });

  it('reads the label after "but" and lists of issues as learning', () => {
    expect(
      parts(
        'Makes no recommendations, but reflects on two main issues: staffing in lockdown; remote visits.',
      ),
    ).toEqual(['learning', ['staffing in lockdown', 'remote visits']]);
  });

  it('leaves a sentence with a colon and no list alone', () => {
    expect(parts('The chair said: we are sorry for the family’s loss.')).toBeNull();
    expect(parts('Time: 10am; place: the town hall.')).toBeNull();
  });
});

describe('review subjects as documents name them', () => {
  it('finds review codes and splits two codes into two reviews', () => {
    expect(reviewCodesIn('Learning leaflet - SCR M').map((m) => m.subject)).toEqual(['SCR M']);
    expect(reviewCodesIn('Concise Child Practice Review: CPR ASH 4').map((m) => m.subject)).toEqual([
      'CPR ASH 4',
    ]);
    expect(splitJoined('SCR K & SCR L', '')).toEqual(['SCR K', 'SCR L']);
    expect(splitJoined('Child C and E', 'Child C and E were siblings.')).toEqual(['Child C and E']);
    expect(splitJoined('Child KA and KB', 'Child KA and KB. Child KA: neglect. Child KB: injury.')).toEqual([
      'Child KA',
      'Child KB',
    ]);
  });

  it('finds names a sentence gives a child', () => {
    expect(
      subjectsInSentence('the death of a baby boy, referred to as Theodore in this review').map(
        (m) => m.subject,
      ),
    ).toEqual(['Theodore']);
    expect(
      subjectsInSentence('Ms P found her 3 week old baby, Ellie, was not breathing.').map((m) => m.subject),
    ).toEqual(['Ellie']);
    expect(
      subjectsInSentence(
        'The Partnership published the Extended Child Practice Review, BRO 2 2021, today.',
      ).map((m) => m.subject),
    ).toEqual(['BRO 2 2021']);
    expect(subjectsInSentence('The baby was known to the health visitor.')).toEqual([]);
  });

  it('takes a name heading only when the text speaks of a person by that name', () => {
    expect(
      namedCaseHeading('Child Safeguarding Practice Review: Milo (KSP21)', 'a child known as Milo.')?.subject,
    ).toBe('Milo');
    expect(namedCaseHeading('Poppy and Isla', 'Isla was 9 months old when ...')?.subject).toBe(
      'Poppy and Isla',
    );
    expect(namedCaseHeading('2021 – Kestrelford – Reece', '')?.subject).toBe('Reece');
    expect(namedCaseHeading('Neglect', 'Neglect was a theme. Chronic neglect is hard to see.')).toBeNull();
    expect(namedCaseHeading('Download', 'Download (PDF)')).toBeNull();
  });

  it('finds the reviews of a repository page, a leaflet index and a register', () => {
    const subjects = (text: string) => report(text).reviews.map((r) => r.subject);
    expect(
      subjects(
        [
          '2022 – Kestrelford – Child Q',
          'Death of a 4-month-old girl who was found unresponsive after sleeping on a sofa.',
          'Learning includes: safe sleep advice should be repeated; fathers should be given the advice too.',
          'Keywords: sudden infant death, co-sleeping.',
          '',
          '2021 – Ashcombe Vale – Riley',
          'Riley, a 16-year-old boy, died after being stabbed.',
          'Learning: schools did not share exclusion information.',
        ].join('\n'),
      ),
    ).toEqual(['Child Q', 'Riley']);
    expect(
      subjects(
        ['Case reviews', '', 'Case\tPublished', 'Child AA\t3 May 2021', 'Baby AB\t9 June 2022'].join('\n'),
      ),
    ).toEqual(['Child AA', 'Baby AB']);
  });
});

describe('headings, chrome and fields', () => {
  it('gives question and practice headings their roles', () => {
    const items = itemsOf(
      [
        'What did we do?',
        '',
        '- We read the records of four agencies.',
        '',
        'What did we find?',
        '',
        '- Fathers were not seen by any agency.',
        '',
        'How to enhance your practice',
        '',
        'Read the partnership guidance on working with fathers.',
        '',
        'Questions for reflection',
        '',
        '1. When did you last see a father on his own?',
        '2. How would you record what he told you?',
      ].join('\n'),
    );
    expect(items).toEqual([
      ['learning', 'Fathers were not seen by any agency.'],
      ['recommendation', 'Read the partnership guidance on working with fathers.'],
      ['recommendation', 'When did you last see a father on his own?'],
      ['recommendation', 'How would you record what he told you?'],
    ]);
  });

  it('drops web-page chrome and page fields', () => {
    expect(isChrome('Skip to content')).toBe(true);
    expect(isChrome('Home > Learning > Case reviews')).toBe(true);
    expect(isChrome('Read the learning leaflet for SCR M (PDF)')).toBe(true);
    expect(isChrome('Published 4 March 2024')).toBe(true);
    expect(isChrome('Published reviews show that neglect is under-recognised.')).toBe(false);
    expect(isFieldLine('Keywords: neglect, fathers')).toBe(true);
    expect(isFieldLine('Keywords matter in search.')).toBe(false);
  });
});
