/**
 * Rules and model together: the codings Lantern stores for a document and its items. The rules
 * always run; a trained model, when there is one, adds codes and marks the codes it shares, so
 * each stored coding says which part proposed it ("rules", "model" or "rules+model") and carries
 * the evidence of each part.
 */
import type { CodeResult, DocumentCoding, Evidence } from './coder.ts';
import type { ModelPredictor, ModelProposal } from './model.ts';

export type Component = 'rules' | 'model' | 'rules+model';

/** One piece of evidence as stored: a span, which part found it, and why. */
export interface StoredEvidence {
  start: number;
  end: number;
  source: 'rules' | 'model';
  /** Rules: the vocabulary entry; model: the feature (a lemma or two). */
  pattern: string;
  weight: number;
  reasons: string[];
}

export interface CodingDraft {
  key: string;
  /** Index of the item, or null for the document as a whole. */
  item: number | null;
  /** In a document about several reviews, the case (review subject) a case-level coding is for. */
  review?: string;
  confidence: number;
  /** The rules' score, when the rules proposed the code. */
  score: number | null;
  component: Component;
  evidence: StoredEvidence[];
}

const LEARNING_KINDS = new Set(['finding', 'lesson', 'learning', 'recommendation', 'theme']);

function fromRules(e: Evidence): StoredEvidence {
  return {
    start: e.start,
    end: e.end,
    source: 'rules',
    pattern: e.pattern,
    weight: e.weight,
    reasons: e.reasons,
  };
}

function fromModel(p: ModelProposal, offset: number): StoredEvidence[] {
  return p.evidence.map((e) => ({
    start: e.start + offset,
    end: e.end + offset,
    source: 'model',
    pattern: e.feature,
    weight: e.weight,
    reasons: [`model probability ${p.probability}`],
  }));
}

/** A code the rules gave, with the model's support for it when there is some. */
function fromBoth(
  r: CodeResult,
  item: number | null,
  model: { probability: number; evidence: StoredEvidence[] } | undefined,
): CodingDraft {
  return {
    key: r.key,
    item,
    confidence: Math.max(r.confidence, model?.probability ?? 0),
    score: r.score,
    component: model ? 'rules+model' : 'rules',
    evidence: [...r.evidence.map(fromRules), ...(model?.evidence ?? [])],
  };
}

export function combineCodings(
  text: string,
  items: { kind: string; span: [number, number] }[],
  coding: DocumentCoding,
  model: ModelPredictor | null,
): CodingDraft[] {
  const drafts: CodingDraft[] = [];
  const modelSupport = new Map<string, { probability: number; evidence: StoredEvidence[] }>();

  items.forEach((item, i) => {
    const rules = coding.items[i] ?? [];
    const proposals = model ? model.propose(text.slice(item.span[0], item.span[1])) : [];
    const byKey = new Map(proposals.map((p) => [p.key, p]));
    for (const r of rules) {
      const p = byKey.get(r.key);
      drafts.push(
        fromBoth(r, i, p ? { probability: p.probability, evidence: fromModel(p, item.span[0]) } : undefined),
      );
    }
    for (const p of proposals) {
      const evidence = fromModel(p, item.span[0]);
      if (!rules.some((r) => r.key === p.key))
        drafts.push({
          key: p.key,
          item: i,
          confidence: p.probability,
          score: null,
          component: 'model',
          evidence,
        });
      if (!LEARNING_KINDS.has(item.kind)) continue;
      const support = modelSupport.get(p.key) ?? { probability: 0, evidence: [] };
      support.probability = Math.max(support.probability, p.probability);
      support.evidence.push(...evidence);
      modelSupport.set(p.key, support);
    }
  });

  for (const r of coding.codes) drafts.push(fromBoth(r, null, modelSupport.get(r.key)));
  for (const [key, m] of modelSupport) {
    if (coding.codes.some((r) => r.key === key)) continue;
    drafts.push({
      key,
      item: null,
      confidence: m.probability,
      score: null,
      component: 'model',
      evidence: m.evidence,
    });
  }
  for (const c of coding.cases)
    for (const r of c.codes) drafts.push({ ...fromBoth(r, null, undefined), review: c.subject });
  return drafts;
}
