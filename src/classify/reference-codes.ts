/**
 * The reference theme codes (../shared/reference/themes.json): stable identifiers that every
 * code Lantern emits for evaluation maps onto. Only the identifiers and groups live here; the
 * labels, definitions and vocabulary are Lantern's own (codebook/lantern-themes.yaml).
 */
export const REFERENCE_GROUPS = ['practice', 'risk', 'population', 'context'] as const;
export type ReferenceGroup = (typeof REFERENCE_GROUPS)[number];

export const REFERENCE_CODES = [
  'information-sharing',
  'multi-agency-working',
  'meetings-and-planning',
  'assessment',
  'risk-assessment',
  'family-history',
  'voice-of-the-child',
  'professional-curiosity',
  'over-optimism',
  'disguised-compliance',
  'engagement-and-non-attendance',
  'escalation-and-challenge',
  'supervision-and-oversight',
  'thresholds-and-decision-making',
  'fathers-and-male-carers',
  'culture-and-identity',
  'workforce-and-capacity',
  'transitions-and-transfers',
  'record-keeping',
  'legal-processes',
  'health-practice',
  'early-help',
  'domestic-abuse',
  'parental-mental-health',
  'parental-substance-misuse',
  'neglect',
  'physical-abuse',
  'sexual-abuse',
  'exploitation',
  'suicide-and-self-harm',
  'parental-adverse-history',
  'parental-learning-disability',
  'criminality',
  'sudden-infant-death-and-safe-sleep',
  'online-harm',
  'housing-and-poverty',
  'infants-and-pre-birth',
  'adolescents',
  'disabled-children',
  'education',
  'covid-19',
] as const;

const REFERENCE = new Set<string>(REFERENCE_CODES);

export function isReferenceCode(code: string): boolean {
  return REFERENCE.has(code);
}
