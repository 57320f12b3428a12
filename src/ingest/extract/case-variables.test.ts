import { describe, expect, it } from 'vitest';
import { extractCaseVariables, isNegated, type CaseVariableName } from './case-variables.ts';

const vars = (text: string) => {
  const found = extractCaseVariables([{ text, start: 50 }]);
  return Object.fromEntries(found.map((v) => [v.name, v.value])) as Partial<Record<CaseVariableName, string>>;
};

describe('case variables', () => {
  it('tells "no" from "not stated"', () => {
    const v = vars('Child K was not known to children’s social care before the incident.');
    expect(v.known_to_csc).toBe('no');
    expect(v.looked_after).toBeUndefined();
    expect(vars('The family was known to children’s social care from 2019.').known_to_csc).toBe('yes');
  });

  it('gives each variable the sentence that states it as its span', () => {
    const text =
      'Baby M lived with her parents in Ashcombe. There was a history of domestic abuse between them.';
    const [da] = extractCaseVariables([{ text, start: 50 }]).filter((v) => v.name === 'domestic_abuse');
    expect(da?.value).toBe('yes');
    expect(text.slice((da?.span[0] ?? 0) - 50, (da?.span[1] ?? 0) - 50)).toBe(
      'There was a history of domestic abuse between them.',
    );
  });

  it('reads a denied risk as no, but a risk practitioners missed as yes', () => {
    expect(vars('There was no history of domestic abuse in the household.').domestic_abuse).toBe('no');
    expect(
      vars('Practitioners did not recognise the domestic abuse the mother described.').domestic_abuse,
    ).toBe('yes');
    // Yes wins when the case text says both.
    expect(
      vars('Police held no record of domestic violence. The mother later told her GP about coercive control.')
        .domestic_abuse,
    ).toBe('yes');
  });

  it('tells a child protection plan at the time from one in the past', () => {
    expect(
      vars('At the time of his death Child P was subject to a child protection plan.').cp_plan_current,
    ).toBe('yes');
    const past = vars(
      'Child P had previously been subject to a child protection plan for neglect, which ended in 2021.',
    );
    expect(past.cp_plan_past).toBe('yes');
    expect(past.cp_plan_current).toBeUndefined();
    const never = vars('Child R had never been subject to a child protection plan.');
    expect(never).toMatchObject({ cp_plan_current: 'no', cp_plan_past: 'no' });
  });

  it('counts parental mental health and substance misuse only when about a parent', () => {
    const v = vars('The mother experienced post-natal depression. Her partner used cannabis daily.');
    expect(v.parental_mental_health).toBe('yes');
    expect(v.parental_substance_misuse).toBe('yes');
    expect(vars('Child K had struggled with anxiety at school.').parental_mental_health).toBeUndefined();
  });

  it("reads the child's own disability and care status, not a parent's or a sibling's", () => {
    expect(vars('Child R was autistic and attended a special school.').disability).toBe('yes');
    expect(vars('The mother had a learning disability.').disability).toBeUndefined();
    expect(vars('Child R was placed with foster carers under section 20.').looked_after).toBe('yes');
    expect(vars('Her older brother had been in foster care.').looked_after).toBeUndefined();
  });

  it('reads previous deaths or removals of other children in the family', () => {
    expect(
      vars('The mother had three children from an earlier relationship removed by another authority.')
        .previous_deaths_or_removals,
    ).toBe('yes');
    // Another child's plan is not the child's own.
    expect(
      vars('The father had children from a previous relationship who had been on child protection plans.')
        .cp_plan_past,
    ).toBeUndefined();
    expect(
      vars("The mother's two older children had been removed from her care in 2018.")
        .previous_deaths_or_removals,
    ).toBe('yes');
  });

  it('reads the incident and its type', () => {
    expect(vars('Baby M died aged ten weeks after co-sleeping with her father on a sofa.')).toMatchObject({
      incident: 'death',
      incident_type: 'sudden-unexpected-death',
    });
    expect(
      vars('Child K, aged 7 months, was taken to hospital with a fractured skull and survived.'),
    ).toMatchObject({ incident: 'serious-harm', incident_type: 'non-accidental-injury' });
    expect(vars('Child P, aged 15, took his own life in the spring.')).toMatchObject({
      incident: 'death',
      incident_type: 'suicide',
    });
  });

  it('prefers what the sentences naming the case say of the incident over general text', () => {
    const text = 'Child K suffered a fractured arm. Unsafe sleeping raises the risk of sudden infant death.';
    expect(
      extractCaseVariables([{ text, start: 0 }], 'Child K').find((v) => v.name === 'incident')?.value,
    ).toBe('serious-harm');
  });

  it('takes the incident type only from a sentence about the incident or the case', () => {
    const text =
      'Very young babies are more vulnerable to neglect. Child K was found with bruising to his face.';
    expect(
      extractCaseVariables([{ text, start: 0 }], 'Child K').find((v) => v.name === 'incident_type')?.value,
    ).toBe('non-accidental-injury');
    expect(
      extractCaseVariables([{ text: 'Learning themes: neglect; exploitation.', start: 0 }], 'Child K'),
    ).toEqual([]);
  });

  it("does not take a sibling's earlier death for the case's incident", () => {
    expect(vars('A sibling had died some years before Child K was born.').incident).toBeUndefined();
  });
});

describe('negation', () => {
  it('negates a term within its clause only', () => {
    const s = 'There were no concerns at birth, but domestic abuse was later disclosed.';
    expect(isNegated(s, s.indexOf('domestic'))).toBe(false);
    const t = 'No one asked about domestic abuse.';
    expect(isNegated(t, t.indexOf('domestic'))).toBe(false);
  });
});
