import { describe, expect, it } from 'vitest';
import {
  derivedRag,
  dueOn,
  isDueSoon,
  isOverdue,
  normaliseOwner,
  ownerKind,
  parseDeadlineInput,
  parseWithin,
  reportedDone,
} from './action.rules.ts';

describe('action rules', () => {
  it('falls due on the day given, or the last day of the month or year', () => {
    expect(dueOn('2027-03-15')).toBe('2027-03-15');
    expect(dueOn('2028-02')).toBe('2028-02-29');
    expect(dueOn('2027-02')).toBe('2027-02-28');
    expect(dueOn('2027')).toBe('2027-12-31');
    expect(dueOn(null)).toBeNull();
  });

  it('is overdue only once the due day has passed, and only while open', () => {
    expect(isOverdue('planned', '2027-03-31', '2027-03-31')).toBe(false);
    expect(isOverdue('in-progress', '2027-03-31', '2027-04-01')).toBe(true);
    expect(isOverdue('completed', '2027-03-31', '2027-04-01')).toBe(false);
    expect(isOverdue('superseded', '2027-03-31', '2027-04-01')).toBe(false);
    expect(isOverdue('planned', null, '2027-04-01')).toBe(false);
    expect(isDueSoon('planned', '2027-03-31', '2027-03-01', 30)).toBe(true);
    expect(isDueSoon('planned', '2027-03-31', '2027-02-28', 30)).toBe(false);
    expect(isDueSoon('planned', '2027-03-31', '2027-04-01', 30)).toBe(false);
  });

  it('derives a RAG rating from status and deadline', () => {
    expect(derivedRag('planned', '2027-03-31', '2027-04-01')).toBe('red');
    expect(derivedRag('planned', '2027-03-31', '2027-03-15')).toBe('amber');
    expect(derivedRag('planned', '2027-12-31', '2027-03-15')).toBe('green');
    expect(derivedRag('in-progress', null, '2027-03-15')).toBe('amber');
    expect(derivedRag('completed', '2020-01-01', '2027-03-15')).toBe('green');
    expect(derivedRag('superseded', '2020-01-01', '2027-03-15')).toBeNull();
  });

  it('tells a subgroup from the board and from an agency', () => {
    expect(ownerKind('Learning & Improvement Subgroup')).toBe('subgroup');
    expect(ownerKind('Practitioner Forums')).toBe('subgroup');
    expect(ownerKind('LSCB')).toBe('board');
    expect(ownerKind('Kestrelford Police')).toBe('agency');
    expect(ownerKind(null)).toBe('not stated');
    expect(normaliseOwner('  The  LSCB ')).toBe('LSCB');
    expect(normaliseOwner(' ')).toBeNull();
  });

  it('reads what a document reports as done apart from what it promises', () => {
    expect(reportedDone('Improvements have also been made to arrangements for safeguarding training.')).toBe(
      true,
    );
    expect(reportedDone('Parental alcohol misuse learning now available via e-learning.')).toBe(true);
    expect(
      reportedDone("Children's Social Care has introduced a transfer summary that must be completed."),
    ).toBe(true);
    expect(reportedDone('The partnership has extended notifications to health visiting teams.')).toBe(true);
    expect(reportedDone('The LSCB has agreed to embed the risk assessment tool.')).toBe(false);
    expect(reportedDone('The board has asked agencies to review their policies.')).toBe(false);
    expect(reportedDone('Training materials will be reviewed to ensure the lessons are included.')).toBe(
      false,
    );
    expect(reportedDone('LSCB to conduct a multi-agency audit.')).toBe(false);
  });

  it('reads deadlines and windows as people type them', () => {
    expect(parseDeadlineInput('31/03/2027')).toBe('2027-03-31');
    expect(parseDeadlineInput('March 2027')).toBe('2027-03');
    expect(parseDeadlineInput('none')).toBeNull();
    expect(() => parseDeadlineInput('when possible')).toThrow(/not a deadline Lantern can read/);
    expect(parseWithin('30d')).toBe(30);
    expect(parseWithin('4w')).toBe(28);
    expect(parseWithin('45')).toBe(45);
    expect(() => parseWithin('a month')).toThrow(/number of days/);
  });
});
