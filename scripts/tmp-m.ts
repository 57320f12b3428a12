import { readFileSync } from 'node:fs';
import { trainModel, ModelPredictor, MODEL_PARAMETERS } from '../src/classify/model.ts';
const rows = (readFileSync('test/fixtures/coding/items.jsonl','utf8')+readFileSync('test/fixtures/coding/paraphrases.jsonl','utf8')).split('\n').filter(Boolean).map(l=>JSON.parse(l) as {text:string;codes:string[]});
const all=[...new Set(rows.flatMap(r=>r.codes))];
const m = trainModel(rows.map(r=>({text:r.text, positive:r.codes, negative: all.filter(c=>!r.codes.includes(c))})), {...MODEL_PARAMETERS, minPositives:3});
const p = new ModelPredictor(m);
let tp=0,fp=0,fn=0;
for (const r of rows){ const got=new Set(p.propose(r.text).map(x=>x.key)); for(const c of got) r.codes.includes(c)?tp++:fp++; for (const c of r.codes) if(!got.has(c) && p.codes.includes(c)) fn++; }
console.log({tp,fp,fn, codes:m.codes.length, feats:m.features.length});
const dv = m.codes.find(c=>c.key==='domestic-abuse')!; console.log(dv.bias, dv.positives, dv.negatives, dv.weights.sort((a,b)=>b[1]-a[1]).slice(0,10).map(([f,w])=>m.features[f]+':'+w));
console.log(p.predict('Her partner would not let her see friends and took her bank card.').filter(x=>x.probability>0.3));
