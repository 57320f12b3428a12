import { readFileSync } from 'node:fs';
import { defaultRuleCoder } from '../src/classify/index.ts';
import { crossValidate, MODEL_PARAMETERS } from '../src/classify/model.ts';
const coder = defaultRuleCoder();
const rows = (readFileSync('test/fixtures/coding/items.jsonl','utf8')+readFileSync('test/fixtures/coding/paraphrases.jsonl','utf8')).split('\n').filter(Boolean).map(l=>JSON.parse(l));
const cache = new Map<string,string[]>();
const rules=(t:string)=>{ if(!cache.has(t)) cache.set(t, coder.codeText(t).map(c=>c.reference as string)); return cache.get(t)!; };
for (const epochs of [5, 15]) for (const lr of [0.1, 0.5]) for (const l2 of [0.001, 0.01]) for (const th of [0.5,0.7]) {
const r = crossValidate(rows, rules, 5, {...MODEL_PARAMETERS, epochs, learningRate: lr, l2, threshold: th, minPositives: 3});
console.log(epochs, lr, l2, th, JSON.stringify({rules:r.rules.f1.toFixed(3), model:r.model.f1.toFixed(3), mp: r.model.precision.toFixed(2), mr: r.model.recall.toFixed(2), comb:r.combined.f1.toFixed(3), cp:r.combined.precision.toFixed(2), cr:r.combined.recall.toFixed(2)}));}
