import { readFileSync } from 'node:fs';
import { defaultRuleCoder } from '../src/classify/index.ts';
const coder = defaultRuleCoder();
const rows = readFileSync('test/fixtures/coding/items.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l) as {text:string;codes:string[]});
let tp=0,fp=0,fn=0;
for (const r of rows){ const got=new Set(coder.codeText(r.text).map(c=>c.reference as string)); const g=new Set(r.codes);
 const F=[...got].filter(c=>!g.has(c)), N=[...g].filter(c=>!got.has(c)); tp+=[...got].filter(c=>g.has(c)).length; fp+=F.length; fn+=N.length;
 if (F.length||N.length) console.log(`FP[${F}] FN[${N}] :: ${r.text}`);}
const p=tp/(tp+fp), rc=tp/(tp+fn); console.log({tp,fp,fn,p,rc,f1:2*p*rc/(p+rc)});
