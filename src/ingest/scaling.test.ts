/**
 * Every stage of ingest grows linearly with the file: for inputs a tester found pathological,
 * four times the input may cost about four times the CPU time, never the sixteen times of a
 * quadratic stage. Measured in this process's CPU time (not wall time, which a shared machine
 * distorts), the better of two runs, with a floor so that tiny timings do not make ratios.
 */
import { describe, expect, it } from 'vitest';
import { defaultRuleCoder } from '../classify/index.ts';
import { extractDocument } from './extract/index.ts';
import { readDocument } from './read.ts';

const coder = defaultRuleCoder();

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function bestOf2(run: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    const t = cpuMs();
    await run();
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

function body(unit: string, bytes: number): string {
  return (
    'Findings about neglect and the voice of the child\n\n' + unit.repeat(Math.ceil(bytes / unit.length))
  );
}

/** CPU time at `n` and `4n` bytes; the ratio must stay well below a quadratic's 16. */
async function growth(
  stage: 'read' | 'extract' | 'code',
  name: string,
  unit: string,
  n: number,
): Promise<number> {
  const time = async (bytes: number) => {
    const source = Buffer.from(body(unit, bytes));
    if (stage === 'read') return bestOf2(() => readDocument(name, source));
    const read = await readDocument(name, source);
    return bestOf2(() =>
      Promise.resolve(extractDocument(read, { file: name, sha256: '0' }, stage === 'code' ? coder : null)),
    );
  };
  await time(n / 4); // warm-up: the JIT and the NLP model
  const small = Math.max(await time(n), 25);
  const large = await time(4 * n);
  return large / small;
}

const KB = 1024;
const LINEAR = 8;

describe('ingest stages grow linearly with the file', () => {
  it.each([
    ['a.txt', '"1." lines', '1.\n'],
    ['a.txt', 'lower-case lines of one paragraph', 'and the words continue here and\n'],
    ['a.txt', 'link marks without an end', '[x]('],
    ['a.txt', 'numbered title lines between blank lines', '1.\n\nSome Heading\n\n'],
  ])('reads %s of %s', async (name, _what, unit) => {
    expect(await growth('read', name, unit, 64 * KB)).toBeLessThan(LINEAR);
  });

  it.each([
    ['one word of thousands of letters', 'x'],
    ['one sentence naming themes thousands of times', 'neglect and domestic abuse and mental health '],
    ['a list of the same recommendation', '- The board should address neglect and domestic abuse.\n'],
    ['link marks without an end', '[x]('],
    ['addresses in every line', 'neglect see www.x.gov.uk and '],
  ])('codes %s', async (_what, unit) => {
    expect(await growth('code', 'a.txt', unit, 32 * KB)).toBeLessThan(LINEAR);
  });

  it('refuses an HTML of a million nested elements at once, with a reason', async () => {
    const html = Buffer.from(`<html><body>${'<div>'.repeat(1_000_000)}text</body></html>`);
    const t = cpuMs();
    await expect(readDocument('deep.html', html)).rejects.toThrow(/nested over 100,000 levels deep/);
    expect(cpuMs() - t).toBeLessThan(5000);
  });
});
