// What the words around a mention say about it, in the plain web texts partnerships publish
// (publication statements, news items, briefing pages) where the extractor gives no section role.
// Every document here is fictional.
import { describe, expect, it } from 'vitest';
import { defaultRuleCoder } from './index.ts';
import type { CodingBlock } from './coder.ts';

const coder = defaultRuleCoder();

/** Lines as blocks with no section role: "# " a heading, "- " a list entry, anything else a paragraph. */
function page(lines: string[], role: string | null = null) {
  let text = '';
  const blocks: CodingBlock[] = [];
  const headings: string[] = [];
  for (const raw of lines) {
    const kind: CodingBlock['kind'] = raw.startsWith('# ')
      ? 'heading'
      : raw.startsWith('- ')
        ? 'list-item'
        : 'paragraph';
    const line = kind === 'paragraph' ? raw : raw.slice(2);
    if (text) text += '\n';
    blocks.push({ start: text.length, end: text.length + line.length, kind, role, headings: [...headings] });
    text += line;
    if (kind === 'heading') headings.splice(0, headings.length, line);
  }
  return { text, blocks, items: [] };
}

const coded = (lines: string[]) => coder.codeDocument(page(lines)).codes.map((c) => c.key);
const reasonsFor = (lines: string[], key: string) =>
  [...coder.codeDocument(page(lines)).codes, ...coder.codeDocument(page(lines)).considered]
    .find((c) => c.key === key)
    ?.evidence.flatMap((e) => e.reasons);

describe('entries in a list of themes', () => {
  const themes = [
    '# Child P - Serious Case Review',
    'The final report for Child P has been published by Ashcombe Safeguarding Children Board.',
    'Key themes identified during the review include:',
    '- Thresholds for neglect;',
    '- Voice of the child;',
    '- Professional curiosity about minor injuries.',
  ];

  it('codes each theme a news item lists, even without a section role', () => {
    expect(coded(themes)).toEqual(
      expect.arrayContaining(['neglect', 'thresholds-and-decision-making', 'voice-of-the-child']),
    );
    expect(reasonsFor(themes, 'voice-of-the-child')).toContain('an entry in a list of themes or learning');
  });

  it('looks past a case label ("Child R:") to the lead-in', () => {
    const two = [
      'Learning has been identified in both reviews. The themes are:',
      'Child R:',
      '- Voice of the child',
      'Child S:',
      '- Neglect',
    ];
    expect(coded(two)).toEqual(expect.arrayContaining(['voice-of-the-child', 'neglect']));
  });

  it('reads a list laid out as one paragraph under its lead-in, as a PDF gives it', () => {
    const pdf = [
      'Key themes identified during the review include:',
      'Thresholds for neglect; Voice of the child; Responses to child sexual exploitation',
    ];
    expect(coded(pdf)).toEqual(
      expect.arrayContaining([
        'neglect',
        'thresholds-and-decision-making',
        'voice-of-the-child',
        'exploitation',
      ]),
    );
  });

  it('reads an inline list after a label in the same paragraph ("Learning: a; b; c")', () => {
    const entry = [
      '2022 - Harbourside - Child T. Learning: early help; the voice of the child; and neglect.',
    ];
    expect(coded(entry)).toEqual(expect.arrayContaining(['early-help', 'voice-of-the-child', 'neglect']));
    // After the list's sentence ends, a passing word is plain prose again.
    const after = ['Learning: the voice of the child. The panel later met early help managers.'];
    expect(coded(after)).not.toContain('early-help');
  });

  it('does not lift a list whose lead-in names no themes', () => {
    const leaflets = ['Leaflets in this series, for each partner agency:', '- Neglect', '- Early help'];
    expect(coded(leaflets)).not.toContain('neglect');
    expect(coded(leaflets)).not.toContain('early-help');
  });
});

describe('statements of learning in plain prose', () => {
  it('counts a sentence that states learning, wherever it stands', () => {
    expect(
      coded(['The review highlighted the need for early help when neglect has lasted for years.']),
    ).toEqual(expect.arrayContaining(['early-help', 'neglect']));
  });

  it('counts a statement across cases ("a feature in each", "common themes")', () => {
    expect(coded(['Domestic abuse was a feature in each of the four reviews.'])).toContain('domestic-abuse');
    expect(coded(['Parental mental health problems and substance misuse were common themes.'])).toEqual(
      expect.arrayContaining(['parental-mental-health', 'parental-substance-misuse']),
    );
  });

  it('leaves a passing word in plain prose uncoded', () => {
    expect(coded(['The panel met early help managers in March.'])).not.toContain('early-help');
  });

  it("does not count a review's verdict on whether the death could have been foreseen", () => {
    const verdict = [
      'The review concluded that the children could not have been identified as being at heightened risk, and that the death could not have been predicted.',
    ];
    expect(coded(verdict)).not.toContain('risk-assessment');
    expect(reasonsFor(verdict, 'risk-assessment') ?? []).not.toContain('in a statement of learning');
  });
});

describe("a case's stated harm and age", () => {
  it('codes the harm and the age group a publication statement states, despite "publish"', () => {
    const statement = [
      'Today Kestrelford Safeguarding Children Partnership publishes a review into the death of a baby aged 10 weeks who was the victim of physical abuse.',
    ];
    expect(coded(statement)).toEqual(expect.arrayContaining(['infants-and-pre-birth', 'physical-abuse']));
    expect(reasonsFor(statement, 'physical-abuse')).toContain('a fact of the case');
  });

  it('reads a repository line with one semicolon as the case it describes', () => {
    const entry = ['Death of a 5-week-old boy from a head injury in 2022; his father was later convicted.'];
    expect(coded(entry)).toEqual(expect.arrayContaining(['physical-abuse', 'infants-and-pre-birth']));
  });

  it('does not code each cause in a list of causes of death', () => {
    const causes = [
      'Children died from assault; sudden unexpected death in infancy (SUDI); suicide and accidents.',
    ];
    expect(coded(causes)).not.toContain('sudden-infant-death-and-safe-sleep');
    expect(coded(causes)).not.toContain('suicide-and-self-harm');
  });

  it('does not hedge "suspected" right before the harm, as the field names such cases', () => {
    const named = ['Three infants presented with suspected non-accidental injuries in 2021.'];
    expect(coded(named)).toContain('physical-abuse');
    expect(reasonsFor(named, 'physical-abuse')?.some((r) => r.startsWith('hedged'))).toBe(false);
    const doubted = ['It may be that the injury was a non-accidental injury.'];
    expect(reasonsFor(doubted, 'physical-abuse')?.some((r) => r.startsWith('hedged'))).toBe(true);
  });
});

describe("work on the review's themes, and indexing lines", () => {
  it("counts what actions planned to address the review's themes name, as themes", () => {
    const news = [
      'Projects are planned to address the themes from the reviews published today, in order to:',
      '- Support professionals in asking about parental use of cannabis;',
      '- Raise awareness of the prevention of head injuries in babies.',
    ];
    const d = page(news);
    const items = d.blocks
      .slice(1)
      .map((b) => ({ kind: 'action', span: [b.start, b.end] as [number, number] }));
    const coding = coder.codeDocument({ ...d, items });
    expect(coding.codes.map((c) => c.key)).toEqual(
      expect.arrayContaining(['parental-substance-misuse', 'physical-abuse', 'infants-and-pre-birth']),
    );
    // Without the lead-in, an action naming a risk once stays below the threshold.
    const plain = page(['Actions:', '- Support professionals in asking about parental use of cannabis.']);
    const actions = plain.blocks
      .slice(1)
      .map((b) => ({ kind: 'action', span: [b.start, b.end] as [number, number] }));
    expect(coder.codeDocument({ ...plain, items: actions }).codes.map((c) => c.key)).not.toContain(
      'parental-substance-misuse',
    );
  });

  it('counts a "Keywords:" line at half weight: alone it codes nothing', () => {
    const entry = ['2021 - Saltcombe - Child V', 'Keywords: grooming, neglect, schools.'];
    expect(coded(entry)).toEqual([]);
    expect(reasonsFor(entry, 'neglect')).toContain('an indexing keyword');
  });

  it('reads a review\'s findings in the present tense ("the review highlights that")', () => {
    expect(
      coded(['The review highlights that concerns about the home conditions were never brought together.']),
    ).toContain('neglect');
  });
});

describe('labels, headings and pointers', () => {
  it('reads a question label in the running text as the heading of what follows', () => {
    const briefing = [
      '# Learning briefing: thematic review of injuries to infants',
      '- What did we do?',
      '- We interviewed managers about their oversight and supervision arrangements.',
      '- What else did we find?',
      '- The voice of fathers was missing in assessment processes.',
    ];
    const codes = coded(briefing);
    expect(codes).toEqual(expect.arrayContaining(['fathers-and-male-carers', 'assessment']));
    expect(codes).not.toContain('supervision-and-oversight');
    expect(codes).not.toContain('voice-of-the-child');
    expect(reasonsFor(briefing, 'fathers-and-male-carers')).toContain('under a heading of learning');
  });

  it('gives nothing to a line that only points to a resource', () => {
    expect(coded(['View the Child Practice Review Report (PDF) on the Board website.'])).toEqual([]);
  });

  it('stops a pointer at its file marker, so learning run on after it still counts', () => {
    const runOn = [
      'Read the leaflet for SCR W (PDF) SCR X Unborn babies in families with previous concerns need a pre-birth assessment.',
    ];
    const inLearning = coder.codeDocument(page(runOn, 'learning')).codes.map((c) => c.key);
    expect(inLearning).toContain('infants-and-pre-birth');
    expect(coded(['Download the neglect toolkit (PDF, 2 MB) from the partnership pages.'])).not.toContain(
      'neglect',
    );
  });

  it('does not take a metadata line ("Author: ...") for a references section', () => {
    const overview = [
      '# Author: A. Example, B. Example and C. Example',
      '- Neglect and domestic abuse were common themes across the reviews.',
    ];
    expect(coded(overview)).toEqual(expect.arrayContaining(['neglect', 'domestic-abuse']));
    expect(
      coded(['# References', '- Neglect and domestic abuse were common themes across the reviews.']),
    ).toEqual([]);
  });
});
