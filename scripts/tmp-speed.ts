import { readFileSync, readdirSync } from 'node:fs';
import { defaultRuleCoder } from '../src/classify/index.ts';
import { readDocument } from '../src/ingest/read.ts';
import { extractDocument } from '../src/ingest/extract/index.ts';
const coder = defaultRuleCoder();
const rows = (readFileSync('test/fixtures/coding/items.jsonl','utf8')+readFileSync('test/fixtures/coding/paraphrases.jsonl','utf8')).split('\n').filter(Boolean).map(l=>JSON.parse(l).text as string);
for (let r=0;r<3;r++){ const t0=performance.now(); let n=0; for (let k=0;k<10;k++) for (const t of rows){ coder.codeText(t); n++; } const s=(performance.now()-t0)/1000; console.log('items/s standalone', (n/s).toFixed(0)); }
const dir='../shared/corpus/seeds'; const reads=[]; for (const f of readdirSync(dir)) reads.push(await readDocument(f, readFileSync(dir+'/'+f)));
for (let r=0;r<3;r++){ let items=0; let ms=0; for (const rd of reads){ const {report}=extractDocument(rd,{file:'x',sha256:'0'.repeat(64)},null); const t0=performance.now(); extractDocument(rd,{file:'x',sha256:'0'.repeat(64)},coder); const t1=performance.now(); const t2=performance.now(); extractDocument(rd,{file:'x',sha256:'0'.repeat(64)},null); const t3=performance.now(); ms += (t1-t0)-(t3-t2); items+=report.items.length; } console.log('doc coding: items', items, 'ms', ms.toFixed(0), 'items/s', (items/(ms/1000)).toFixed(0)); }
