import { describe, expect, it } from 'vitest';
import { crossValidate, ModelPredictor, trainModel, type TrainingExample } from './model.ts';

// A small world: notes about sleeping arrangements are "safe-sleep", notes about school are
// "education"; the words that carry each code vary, and each note has neutral padding.
const sleep = ['sofa', 'cot', 'bed', 'mattress', 'moses basket'];
const school = ['teacher', 'classroom', 'headteacher', 'lessons', 'playground'];
const padding = ['on Tuesday', 'during the visit', 'according to the log', 'in the spring', 'that week'];
function examples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let i = 0; i < 40; i++) {
    const pad = padding[i % padding.length] as string;
    if (i % 2 === 0)
      out.push({
        text: `The baby was asleep on the ${sleep[i % sleep.length]} ${pad}.`,
        positive: ['safe-sleep'],
        negative: ['education'],
      });
    else
      out.push({
        text: `The ${school[i % school.length]} raised a worry ${pad}.`,
        positive: ['education'],
        negative: ['safe-sleep'],
      });
  }
  return out;
}

describe('the statistical component', () => {
  it('learns codes from examples and names the words behind each proposal, with spans', () => {
    const predictor = new ModelPredictor(trainModel(examples()));
    expect(predictor.codes).toEqual(['education', 'safe-sleep']);
    const text = 'The twins were found asleep on a sofa with an adult.';
    const proposals = predictor.propose(text);
    expect(proposals.map((p) => p.key)).toEqual(['safe-sleep']);
    const words = proposals[0]?.evidence.map((e) => text.slice(e.start, e.end)) ?? [];
    expect(words).toContain('sofa');
  });

  it('trains the same model twice from the same examples', () => {
    expect(trainModel(examples())).toEqual(trainModel(examples()));
  });

  it('skips codes with too few examples', () => {
    const few = examples().slice(0, 12);
    expect(trainModel(few).codes).toEqual([]); // six of each: fewer than MODEL_PARAMETERS.minPositives
  });

  it('cross-validates rules, model and both', () => {
    const data = examples().map((e) => ({ text: e.text, codes: e.positive }));
    const r = crossValidate(data, () => [], 5);
    expect(r.rules.f1).toBe(0);
    expect(r.model.f1).toBeGreaterThan(0.8);
    expect(r.combined.f1).toBe(r.model.f1);
  });
});
