import { describe, expect, it } from 'vitest';
import { defaultRuleCoder } from './index.ts';
import { RuleCoder, type CodingBlock } from './coder.ts';
import { parseCodebook } from './codebook/codebook.ts';

const coder = defaultRuleCoder();
const codesOf = (text: string) => coder.codeText(text).map((c) => c.key);

/** A document of headed sections, each a list of paragraphs, with blocks as the extractor makes them. */
function doc(sections: [heading: string, role: string | null, paragraphs: string[]][]) {
  let text = '';
  const blocks: CodingBlock[] = [];
  const add = (s: string, kind: CodingBlock['kind'], role: string | null, headings: string[]) => {
    if (text) text += '\n';
    blocks.push({ start: text.length, end: text.length + s.length, kind, role, headings });
    text += s;
  };
  for (const [heading, role, paragraphs] of sections) {
    add(heading, 'heading', role, []);
    for (const p of paragraphs) add(p, 'paragraph', role, [heading]);
  }
  return { text, blocks, items: [] };
}

describe('the rule coder on single items', () => {
  it('matches through lemmas, so inflections and word order in a phrase still count', () => {
    expect(codesOf('Information was not shared between the school and the GP.')).toContain(
      'information-sharing',
    );
    expect(codesOf('Agencies did not share the information they held.')).toContain('information-sharing');
    expect(codesOf('Assessments of parenting capacity were not updated.')).toContain('assessment');
  });

  it('reads the abbreviations of the field, in capitals only', () => {
    expect(codesOf('The case was not referred to MARAC despite a high DASH score.')).toEqual(
      expect.arrayContaining(['domestic-abuse', 'risk-assessment']),
    );
    expect(codesOf('Concerns about CSE were not shared.')).toContain('exploitation');
    expect(codesOf('The PLO process was delayed.')).toContain('legal-processes');
    expect(codesOf('The family said da and dv at the door.')).not.toContain('domestic-abuse');
  });

  it('does not count a negated risk, but does count a practice gap about it', () => {
    expect(codesOf('There was no evidence of domestic abuse in the household.')).not.toContain(
      'domestic-abuse',
    );
    expect(codesOf('Domestic abuse was ruled out by the police.')).not.toContain('domestic-abuse');
    expect(codesOf('Domestic abuse was not explored with the mother.')).toContain('domestic-abuse');
    expect(codesOf('There was no exploration of domestic abuse by the health visitor.')).toContain(
      'domestic-abuse',
    );
    // Practice themes: a failing is the theme.
    expect(codesOf('There was no professional curiosity about the bruising.')).toContain(
      'professional-curiosity',
    );
  });

  it('gives a hedged mention less weight than a plain one', () => {
    const plain = coder
      .codeText('The children were exposed to domestic abuse.')
      .find((c) => c.key === 'domestic-abuse');
    const hedged = coder
      .codeText('The children may have been exposed to domestic abuse.')
      .find((c) => c.key === 'domestic-abuse');
    expect(plain?.score).toBe(1);
    expect(hedged?.score).toBeCloseTo(0.6);
    expect(hedged?.evidence[0]?.reasons.join()).toMatch(/hedged \("may"\)/);
  });

  it('keeps the exact span of each piece of evidence', () => {
    const text = 'Staff accepted the explanation at face value. Neglect was chronic.';
    const result = coder.codeText(text);
    const curiosity = result.find((c) => c.key === 'professional-curiosity');
    expect(curiosity?.evidence.map((e) => text.slice(e.start, e.end))).toContain('face value');
    const neglect = result.find((c) => c.key === 'neglect');
    expect(neglect?.evidence.map((e) => text.slice(e.start, e.end))).toEqual(['Neglect']);
  });

  it('codes a sub-code and its parent together', () => {
    const result = coder.codeText('Coercive control by the father was not recognised.');
    expect(result.map((c) => c.key)).toEqual(expect.arrayContaining(['coercive-control', 'domestic-abuse']));
  });

  it('codes nothing in text about the review itself', () => {
    expect(codesOf('The Board will publish this report on its website.')).toEqual([]);
    expect(codesOf('The panel met six times between May and November.')).toEqual([]);
  });
});

describe('the rule coder on documents', () => {
  it('does not count words inside links, addresses, contact lines or reference lists', () => {
    const d = doc([
      ['Learning', 'learning', ['Practitioners should make sure that children are seen and heard.']],
      [
        'Further information',
        null,
        ['See www.example.org.uk/domestic-abuse-guidance for the neglect toolkit.'],
      ],
      ['Contact', null, ['Email safeguarding@example.org.uk or telephone 01632 960 123 about neglect.']],
      ['References', null, ['Smith, J. (2019) Domestic abuse and neglect: a review. London: Example Press.']],
    ]);
    const coding = coder.codeDocument(d);
    expect(coding.codes.map((c) => c.key)).toEqual(['voice-of-the-child']);
    const neglect = coding.considered.find((c) => c.key === 'neglect');
    expect(neglect).toBeUndefined();
  });

  it('weighs a theme stated as learning above one named once in an action', () => {
    const d = doc([
      ['Findings', 'finding', ['The risk to the baby was not assessed when the father returned home.']],
      ['Actions taken', 'action', ['A workshop on early help was held for health visitors.']],
    ]);
    const coding = coder.codeDocument(d);
    expect(coding.codes.map((c) => c.key)).toContain('risk-assessment');
    expect(coding.codes.map((c) => c.key)).not.toContain('early-help');
    expect(coding.considered.find((c) => c.key === 'early-help')?.evidence[0]?.reasons).toContain(
      'in a action section',
    );
  });

  it('does not code risks named only in a general list of factors', () => {
    const text = [
      'Learning 3',
      'Cumulative harm arises when several risk factors are present. These include:',
      'Parental mental health problems',
      'A history of criminality',
      'Learning 4',
      'Practitioners did not recognise the cumulative risk to the child.',
    ].join('\n');
    let at = 0;
    const blocks: CodingBlock[] = text.split('\n').map((line, i) => {
      const b: CodingBlock = {
        start: at,
        end: at + line.length,
        kind: i === 0 || i === 4 ? 'heading' : i === 2 || i === 3 ? 'list-item' : 'paragraph',
        role: 'learning',
        headings: [],
      };
      at += line.length + 1;
      return b;
    });
    const coding = coder.codeDocument({ text, blocks, items: [] });
    expect(coding.codes.map((c) => c.key)).toContain('risk-assessment');
    expect(coding.codes.map((c) => c.key)).not.toContain('criminality');
    expect(coding.considered.find((c) => c.key === 'criminality')?.evidence[0]?.reasons).toContain(
      'an entry in a general list of factors',
    );
  });

  it("codes an infant or an adolescent from the child's stated age", () => {
    const d = doc([['Case summary', 'cases', ['Baby T died aged 9 weeks after being found unresponsive.']]]);
    const at = d.text.indexOf('9 weeks');
    const coding = coder.codeDocument({ ...d, children: [{ ageYears: 0.17, ageSpan: [at, at + 7] }] });
    const infants = coding.codes.find((c) => c.key === 'infants-and-pre-birth');
    expect(
      infants?.evidence.some((e) => e.pattern === 'age' && d.text.slice(e.start, e.end) === '9 weeks'),
    ).toBe(true);
  });

  it("works with a codebook of the user's own", () => {
    const own = new RuleCoder(
      parseCodebook(`codebook: {slug: local, name: Local}
codes:
  - key: front-door
    label: The front door
    reference: thresholds-and-decision-making
    vocabulary:
      terms: [front door, MASH decision]
`),
    );
    expect(
      own.codeText('The front door did not accept the referral.').map((c) => [c.key, c.reference]),
    ).toEqual([['front-door', 'thresholds-and-decision-making']]);
  });
});
