// The field's phrasings for each theme, each with a near miss that must not fire. Sentences are
// fictional; each is coded as one learning paragraph of a document (threshold and anchor apply).
import { describe, expect, it } from 'vitest';
import { defaultRuleCoder } from './index.ts';

const coder = defaultRuleCoder();

function codes(sentence: string): string[] {
  return coder
    .codeDocument({
      text: sentence,
      blocks: [{ start: 0, end: sentence.length, kind: 'paragraph', role: 'learning', headings: [] }],
      items: [],
    })
    .codes.map((c) => c.key);
}

const cases: [code: string, fires: string, nearMiss: string][] = [
  [
    'escalation-and-challenge',
    'Practitioners lacked confidence in the Harbourside case resolution protocol.',
    'The resolution of the housing complaint took six months.',
  ],
  [
    'escalation-and-challenge',
    'Support is needed for staff escalating multi-agency disagreements about referrals.',
    'The parents had a disagreement about contact arrangements.',
  ],
  [
    'escalation-and-challenge',
    'Disagreements between agencies about the plan were never resolved.',
    'The family resolved their disagreement with the landlord.',
  ],
  [
    'engagement-and-non-attendance',
    'The mother was reluctant to engage with the health visitor.',
    'The nursery kept the parents informed and engaged throughout.',
  ],
  [
    'engagement-and-non-attendance',
    'Engaging parents and carers / disguised compliance.',
    'Practitioners found engaging activities for the children.',
  ],
  [
    'fathers-and-male-carers',
    'Fathers must be visible in assessments and plans.',
    'Partner agencies assessed the housing need.',
  ],
  [
    'fathers-and-male-carers',
    'Remote working sometimes removed men in families from professional view.',
    'The men who delivered the furniture were not named.',
  ],
  [
    'voice-of-the-child',
    'Direct contact is the primary source of insight into a child’s daily life.',
    'Daily life in the hostel was hard for the mother.',
  ],
  [
    'voice-of-the-child',
    'Themes for learning included keeping the focus on the child.',
    'The voice of the father was missing from the assessment.',
  ],
  [
    'voice-of-the-child',
    'The children were not seen alone by any practitioner.',
    'A child seen by several services should be discussed at the health safeguarding meeting.',
  ],
  [
    'voice-of-the-child',
    'Practitioners should listen to children and record their wishes.',
    "The mother's partner was never spoken to by children's social care.",
  ],
  [
    'engagement-and-non-attendance',
    'Children who were not brought to health appointments were not followed up.',
    'The risks outside the home were not brought together in a single plan.',
  ],
  [
    'multi-agency-working',
    'Learning themes: inter and intra agency working.',
    'Under Working Together (2018) the partners must publish the review.',
  ],
  [
    'multi-agency-working',
    'Agencies need to work together to support families where neglect is long-standing.',
    'The review looked at how organisations worked together to safeguard and promote the welfare of children.',
  ],
  [
    'early-help',
    'The themes included early and sustained intervention.',
    'Early in the intervention the social worker changed.',
  ],
  [
    'neglect',
    'The baby was malnourished and neglect of her health needs was not recognised.',
    'The report described malnutrition in the region.',
  ],
  [
    'neglect',
    'Faltering growth was not seen as a sign of neglect.',
    'The growth of the service faltered after funding was cut.',
  ],
  [
    'disabled-children',
    'Her developmental delay was seen as the reason for her bruising.',
    'There was a delay in the developmental review.',
  ],
  [
    'education',
    'Schools and settings should use the threshold guide to support their decisions.',
    'Settings were changed on the case management system.',
  ],
  [
    'assessment',
    'The father was absent from assessment processes.',
    'The Common Assessment Framework process was used to open early help.',
  ],
  [
    'meetings-and-planning',
    'Meetings should be timely and effectively chaired, with SMART planning.',
    'The board was chaired by the director of children’s services.',
  ],
  [
    'supervision-and-oversight',
    'Management oversight of the case was absent.',
    'Children continued to receive oversight through virtual visits.',
  ],
  [
    'adolescents',
    'The 15-year-old went missing from home repeatedly.',
    'Practitioners should understand what is influencing children and young people.',
  ],
];

describe("the field's phrasings and their near misses", () => {
  it.each(cases)('%s: fires on its phrasing and not on the near miss', (code, fires, nearMiss) => {
    expect(codes(fires)).toContain(code);
    expect(codes(nearMiss)).not.toContain(code);
  });
});

describe('near pairs', () => {
  it('does not pair two words from different entries of a semicolon list', () => {
    const listed =
      'Learning themes include: responses to young people who self-harm; information sharing between police, health and education.';
    expect(codes(listed)).not.toContain('health-practice');
    expect(codes('Health practitioners did not respond to the bruising.')).toContain('health-practice');
  });
});
