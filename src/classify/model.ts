/**
 * The statistical component: one L2-regularised logistic regression per code over lemma unigrams
 * and bigrams, trained from codings that people confirmed, rejected or added. It only adds to the
 * rules: it proposes codes the vocabulary missed and strengthens ones it shares. Every proposal
 * names the features that carried it, with their spans, so a user can see why.
 *
 * Parameters (MODEL_PARAMETERS, stored with every model):
 *   features      lemma unigrams and bigrams of content words (stop words and numbers dropped),
 *                 binary, scaled to unit length per example;
 *   minDf         a feature must occur in at least this many training examples;
 *   l2            the L2 penalty (lambda) on the weights, not on the bias;
 *   epochs        passes of stochastic gradient descent, AdaGrad step sizes from learningRate;
 *   minPositives  a code is learned only with at least this many positive and negative examples;
 *   threshold     the probability at which the model proposes a code;
 *   seed          the example order is shuffled with this seed, so training is repeatable.
 */
import { analyse, type Token } from './nlp.ts';

export const MODEL_ALGORITHM = 'logistic-regression/l2-adagrad';

export interface ModelParameters {
  minDf: number;
  l2: number;
  epochs: number;
  learningRate: number;
  minPositives: number;
  threshold: number;
  seed: number;
}

/**
 * Chosen with npm run bench:code: on the hand-labelled items (a few examples per code, worded to
 * differ) a model can only add noise, so it needs ten examples of a code each way before it learns
 * it and a probability of 0.7 before it proposes; on consistent local wording it then learns.
 */
export const MODEL_PARAMETERS: ModelParameters = {
  minDf: 2,
  l2: 0.001,
  epochs: 20,
  learningRate: 0.5,
  minPositives: 10,
  threshold: 0.7,
  seed: 7,
};

export interface TrainingExample {
  text: string;
  /** Codebook code keys that apply (confirmed or added by people). */
  positive: string[];
  /** Codes people said do not apply, or every other code when the example was reviewed whole. */
  negative?: string[];
}

export interface CodeModel {
  key: string;
  bias: number;
  /** Sparse weights: [feature index, weight]. */
  weights: [number, number][];
  positives: number;
  negatives: number;
}

export interface TrainedModel {
  algorithm: string;
  parameters: ModelParameters;
  features: string[];
  codes: CodeModel[];
  examples: number;
}

export interface ModelProposal {
  key: string;
  probability: number;
  /** The features that pushed the probability up most, with where they stand in the text. */
  evidence: { feature: string; weight: number; start: number; end: number }[];
}

const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is be was were been being are it its this that these those ' +
    'there their they them he she his her him we our us you your i not no so than then which who whom what when where how ' +
    'all any some each every more most other such into over under about after before during between through also can could ' +
    "would should may might must will shall do does did have has had having very own same s 's"
  ).split(' '),
);

interface Feature {
  name: string;
  start: number;
  end: number;
}

/** The content-word unigrams and bigrams of a text, with spans. */
export function featuresOf(text: string): Feature[] {
  const words = analyse(text).tokens.filter(
    (t: Token) => t.word && !STOP.has(t.lemma) && !/^\d+$/.test(t.lemma) && t.lemma.length > 1,
  );
  const out: Feature[] = [];
  words.forEach((t, i) => {
    out.push({ name: t.lemma, start: t.start, end: t.end });
    const next = words[i + 1];
    if (next && next.sentence === t.sentence)
      out.push({ name: `${t.lemma} ${next.lemma}`, start: t.start, end: next.end });
  });
  return out;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** A small seeded generator (mulberry32): the same numbers for a seed on every platform. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Vector = { index: Int32Array; value: number };

function vectorise(features: Feature[], index: Map<string, number>): Vector {
  const ids = [
    ...new Set(features.map((f) => index.get(f.name)).filter((i): i is number => i !== undefined)),
  ];
  return { index: Int32Array.from(ids), value: ids.length > 0 ? 1 / Math.sqrt(ids.length) : 0 };
}

/** Trains one model per code that has enough positive and negative examples. */
export function trainModel(
  examples: TrainingExample[],
  parameters: ModelParameters = MODEL_PARAMETERS,
): TrainedModel {
  const featureLists = examples.map((e) => featuresOf(e.text));
  const df = new Map<string, number>();
  for (const list of featureLists)
    for (const name of new Set(list.map((f) => f.name))) df.set(name, (df.get(name) ?? 0) + 1);
  const features = [...df]
    .filter(([, n]) => n >= parameters.minDf)
    .map(([name]) => name)
    .sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const vectors = featureLists.map((list) => vectorise(list, index));

  const keys = [...new Set(examples.flatMap((e) => [...e.positive, ...(e.negative ?? [])]))].sort();
  const codes: CodeModel[] = [];
  for (const key of keys) {
    // Labels: 1 positive, 0 negative, skipped when the example says nothing about this code.
    const labelled: { v: Vector; y: number }[] = [];
    examples.forEach((e, i) => {
      const y = e.positive.includes(key) ? 1 : e.negative === undefined || e.negative.includes(key) ? 0 : -1;
      if (y >= 0) labelled.push({ v: vectors[i] as Vector, y });
    });
    const positives = labelled.filter((l) => l.y === 1).length;
    const negatives = labelled.length - positives;
    if (positives < parameters.minPositives || negatives < parameters.minPositives) continue;
    const w = new Float64Array(features.length);
    const g2 = new Float64Array(features.length).fill(1e-8);
    let bias = Math.log(positives / negatives);
    let b2 = 1e-8;
    const rand = random(parameters.seed);
    const order = labelled.map((_, i) => i);
    for (let epoch = 0; epoch < parameters.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const at of order) {
        const { v, y } = labelled[at] as { v: Vector; y: number };
        let z = bias;
        for (const f of v.index) z += (w[f] as number) * v.value;
        const err = sigmoid(z) - y;
        for (const f of v.index) {
          const g = err * v.value + parameters.l2 * (w[f] as number);
          g2[f] = (g2[f] as number) + g * g;
          w[f] = (w[f] as number) - (parameters.learningRate * g) / Math.sqrt(g2[f]);
        }
        b2 += err * err;
        bias -= (parameters.learningRate * err) / Math.sqrt(b2);
      }
    }
    const weights: [number, number][] = [];
    w.forEach((x, f) => {
      if (Math.abs(x) > 1e-4) weights.push([f, Math.round(x * 1e5) / 1e5]);
    });
    codes.push({ key, bias: Math.round(bias * 1e5) / 1e5, weights, positives, negatives });
  }
  return { algorithm: MODEL_ALGORITHM, parameters, features, codes, examples: examples.length };
}

/** A trained model ready to predict: weights indexed by feature name. */
export class ModelPredictor {
  private readonly byCode: { key: string; bias: number; weights: Map<string, number> }[];
  private readonly known: Set<string>;

  constructor(readonly model: TrainedModel) {
    this.known = new Set(model.features);
    this.byCode = model.codes.map((c) => ({
      key: c.key,
      bias: c.bias,
      weights: new Map(c.weights.map(([f, x]) => [model.features[f] as string, x])),
    }));
  }

  get codes(): string[] {
    return this.byCode.map((c) => c.key);
  }

  /** Every learned code's probability for the text, with the features behind it. */
  predict(text: string, features: Feature[] = featuresOf(text)): ModelProposal[] {
    const names = new Map<string, Feature>();
    for (const f of features) if (!names.has(f.name)) names.set(f.name, f);
    // Scaled as in training: unit length over the features the model knows.
    const known = [...names.keys()].filter((n) => this.known.has(n));
    const scale = known.length > 0 ? 1 / Math.sqrt(known.length) : 0;
    return this.byCode.map((c) => {
      let z = c.bias;
      const contributions: { feature: string; weight: number }[] = [];
      for (const n of known) {
        const x = c.weights.get(n);
        if (x === undefined) continue;
        z += x * scale;
        contributions.push({ feature: n, weight: x * scale });
      }
      const evidence = contributions
        .filter((k) => k.weight > 0)
        .sort((a, b) => b.weight - a.weight)
        .slice(0, 5)
        .map((k) => {
          const f = names.get(k.feature) as Feature;
          return {
            feature: k.feature,
            weight: Math.round(k.weight * 1000) / 1000,
            start: f.start,
            end: f.end,
          };
        });
      return { key: c.key, probability: Math.round(sigmoid(z) * 1000) / 1000, evidence };
    });
  }

  /** The codes the model proposes for a text (probability at or above the threshold). */
  propose(text: string): ModelProposal[] {
    return this.predict(text).filter((p) => p.probability >= this.model.parameters.threshold);
  }
}

export interface LabelledText {
  text: string;
  codes: string[];
}

export interface FoldScores {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

function scores(tp: number, fp: number, fn: number): FoldScores {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/**
 * k-fold cross-validation on labelled texts: micro scores for the rules alone, the model alone,
 * and both (the model adding to the rules), each fold's model trained on the other folds.
 * `rules` gives the rule coder's codes for a text.
 */
export function crossValidate(
  data: LabelledText[],
  rules: (text: string) => string[],
  folds = 5,
  parameters: ModelParameters = MODEL_PARAMETERS,
): { rules: FoldScores; model: FoldScores; combined: FoldScores; folds: number } {
  type Count = { tp: number; fp: number; fn: number };
  const count = {
    rules: { tp: 0, fp: 0, fn: 0 },
    model: { tp: 0, fp: 0, fn: 0 },
    combined: { tp: 0, fp: 0, fn: 0 },
  };
  const tally = (into: Count, got: Set<string>, gold: Set<string>) => {
    for (const c of got)
      if (gold.has(c)) into.tp++;
      else into.fp++;
    for (const c of gold) if (!got.has(c)) into.fn++;
  };
  const order = data.map((_, i) => i);
  const rand = random(parameters.seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const all = [...new Set(data.flatMap((d) => d.codes))];
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, i) => i % folds === f).map((i) => data[i] as LabelledText);
    const train = order.filter((_, i) => i % folds !== f).map((i) => data[i] as LabelledText);
    const model = new ModelPredictor(
      trainModel(
        train.map((d) => ({
          text: d.text,
          positive: d.codes,
          negative: all.filter((c) => !d.codes.includes(c)),
        })),
        parameters,
      ),
    );
    for (const d of test) {
      const gold = new Set(d.codes);
      const byRules = new Set(rules(d.text));
      const byModel = new Set(model.propose(d.text).map((p) => p.key));
      tally(count.rules, byRules, gold);
      tally(count.model, byModel, gold);
      tally(count.combined, new Set([...byRules, ...byModel]), gold);
    }
  }
  const of = (c: Count) => scores(c.tp, c.fp, c.fn);
  return { rules: of(count.rules), model: of(count.model), combined: of(count.combined), folds };
}
