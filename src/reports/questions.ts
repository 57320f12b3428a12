/**
 * Reflective questions for practitioners, by reference theme: Lantern's own wording, in the
 * manner of local learning briefings. A theme without its own questions gets the general one.
 */
export const QUESTIONS: Record<string, string> = {
  'information-sharing': 'Who else needs to know what you know about this child, and have you told them?',
  'multi-agency-working':
    'Which other agencies are involved with this family, and who holds the whole picture?',
  'meetings-and-planning':
    'Does the plan say what must change for the child, by when, and how you will know?',
  assessment: 'When did you last update your assessment, and what has changed since?',
  'risk-assessment': 'How do the risks you know about add up for this child, taken together and over time?',
  'family-history': 'What does the family history tell you, and have you read it before your next visit?',
  'voice-of-the-child': "What is a day in this child's life like, and how do you know?",
  'professional-curiosity': 'What have you been told that you have not yet checked?',
  'over-optimism': 'What has actually changed for the child, and has it lasted?',
  'disguised-compliance': "Is the family's cooperation leading to change for the child?",
  'engagement-and-non-attendance':
    'When a child is not brought or a family avoids you, what does that mean for the child?',
  'escalation-and-challenge':
    'If you disagree with a decision, do you know how to escalate it, and have you?',
  'supervision-and-oversight':
    'What did your last supervision conclude about this child, and has it happened?',
  'thresholds-and-decision-making': 'If the case is closed or stepped down, what has reduced the risk?',
  'fathers-and-male-carers': "Who are the men in this child's life, and what do you know about each of them?",
  'culture-and-identity': "How do the family's culture, faith and language shape your work with them?",
  'workforce-and-capacity': 'If you are new to this family, what do you know of the work before you?',
  'transitions-and-transfers': 'When this family moves or the case transfers, what travels with it?',
  'record-keeping': 'Would a colleague reading your records understand your decisions and why?',
  'legal-processes': "Is legal advice needed, and is the plan moving at the child's pace?",
  'health-practice': 'What do health colleagues know that you do not, and have you asked?',
  'early-help': 'Is the support offered hiding how the family is really coping?',
  'domestic-abuse':
    'Have you asked about domestic abuse safely, and thought about what the child lives with?',
  'parental-mental-health': "How does a parent's mental health affect the care the child receives each day?",
  'parental-substance-misuse': 'What happens to the children when a parent is drinking or using?',
  neglect: "What would this child's home look and feel like to the child?",
  'physical-abuse': 'Is every injury to a non-mobile baby being referred, whatever the explanation?',
  'sexual-abuse': 'Would you recognise the signs, and would the child know they could tell you?',
  exploitation: 'Are you seeing a victim of exploitation, whatever the child appears to choose?',
  'suicide-and-self-harm': 'Have you asked the young person directly about self-harm and suicide?',
  'parental-adverse-history': "How might the parents' own childhoods shape their parenting now?",
  'parental-learning-disability': 'Have you adapted how you communicate with this parent?',
  criminality: 'Have you checked the histories of the adults in the household?',
  'sudden-infant-death-and-safe-sleep':
    'Has every adult who cares for the baby at night had safer sleep advice?',
  'online-harm': "What is happening in this child's life online?",
  'housing-and-poverty': 'How are poverty and housing affecting this child, and what help is there?',
  'infants-and-pre-birth': 'For an unborn or new baby, is the plan in place before the birth?',
  adolescents: 'Is this young person seen as a child at risk, and not as the problem?',
  'disabled-children': "Are signs of harm being put down to the child's disability?",
  education: 'What does school know about this child, and is it part of the plan?',
  'covid-19': 'What did changes to services mean for how often this child was seen?',
};

export function questionFor(theme: string, label: string): string {
  return QUESTIONS[theme] ?? `How does the learning about ${label.toLowerCase()} apply to your own practice?`;
}
