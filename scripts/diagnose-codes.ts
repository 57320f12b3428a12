// Development aid: for each document, the codes the coder gave or considered that differ from a gold file.
import { readFileSync } from 'node:fs';
import { ingestDocument } from '../src/ingest/pipeline.ts';
import { defaultRuleCoder } from '../src/classify/index.ts';

const [goldPath, ...files] = process.argv.slice(2);
const gold = new Map<string, string[]>();
for (const l of readFileSync(goldPath as string, 'utf8')
  .split('\n')
  .filter(Boolean)) {
  const g = JSON.parse(l) as { file: string; codes: string[] };
  gold.set(g.file.split('/').pop() as string, g.codes);
}
const coder = defaultRuleCoder();
for (const f of files) {
  const name = f.split('/').pop() as string;
  const { read, coding } = await ingestDocument(name, readFileSync(f), coder);
  if (!coding) continue;
  const g = new Set(gold.get(name) ?? []);
  const given = new Set(coding.reference.map((r) => r.key));
  console.log(`\n== ${name}`);
  const all = [...coding.reference];
  for (const c of [...coding.codes, ...coding.considered])
    if (c.reference === c.key && !given.has(c.key)) all.push(c);
  for (const r of all) {
    const isGold = g.has(r.key);
    const isGiven = given.has(r.key);
    if (isGold === isGiven && process.env.ALL !== '1') continue;
    console.log(`${isGiven ? (isGold ? 'TP' : 'FP') : 'FN'} ${r.key} score ${r.score}`);
    for (const e of r.evidence.slice(0, 12))
      console.log(
        `    ${e.weight} [${e.pattern}] ${e.reasons.join('; ')} :: ${read.text.slice(Math.max(0, e.start - 50), e.end + 40).replace(/\s+/g, ' ')}`,
      );
  }
  for (const k of g) if (!given.has(k) && !all.some((r) => r.key === k)) console.log(`FN ${k} (no evidence)`);
}
