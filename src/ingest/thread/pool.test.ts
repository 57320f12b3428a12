/**
 * The ingest pool: a document read in a worker thread gives exactly what `ingestDocument` gives
 * on the main thread; a worker that runs out of memory or time fails that file with a reason and
 * the next file still goes through; the main thread's event loop stays free meanwhile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCodebook } from '../../classify/codebook/codebook.ts';
import { ruleCoderFor } from '../../classify/index.ts';
import { ingestDocument } from '../pipeline.ts';
import { IngestPool } from './pool.ts';

const SAMPLES = join(import.meta.dirname, '../../../samples/documents');
const samples = readdirSync(SAMPLES)
  .filter((name) => name !== 'README.md')
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(SAMPLES, name))) }));

/** A long, ordinary board response: real prose, about `paragraphs` x 400 characters. */
function longText(paragraphs: number): Uint8Array {
  const lines = ['Rapid Review: Child Z', '', 'Findings', ''];
  for (let n = 0; n < paragraphs; n++)
    lines.push(
      `Finding ${n + 1}. Practitioners in agency ${n % 17} did not share information about the risk of ` +
        `domestic abuse to Child Z when the family moved in month ${n % 12}, and supervision did not ` +
        'challenge the plan. Professional curiosity about the mother\u2019s partner was limited, and the ' +
        'voice of the child was not heard in the assessments that followed.',
      '',
    );
  return new TextEncoder().encode(lines.join('\n'));
}

describe('IngestPool', () => {
  const pool = new IngestPool({ size: 2 });
  afterAll(() => pool.stop());

  it('gives the same result as ingestDocument for every sample, with the default, a given or no codebook', async () => {
    const given = ruleCoderFor(defaultCodebook());
    expect(samples.map((s) => s.name.split('.').pop())).toEqual(
      expect.arrayContaining(['txt', 'md', 'html', 'pdf', 'docx']),
    );
    for (const { name, bytes } of samples) {
      const [inThread, inThreadNone, offDefault, offGiven, offNone] = await Promise.all([
        ingestDocument(name, bytes),
        ingestDocument(name, bytes, null),
        pool.ingest(name, bytes),
        pool.ingest(name, bytes, given),
        pool.ingest(name, bytes, null),
      ]);
      expect(offDefault, name).toEqual(inThread);
      expect(offGiven, name).toEqual(inThread);
      expect(offNone, name).toEqual(inThreadNone);
      expect(offNone.coding).toBeNull();
    }
  });

  it('gives a bad file the same refusal as on the main thread', async () => {
    const junk = readFileSync(join(import.meta.dirname, '../../../test/fixtures/import/junk.pdf'));
    const here = await ingestDocument('junk.pdf', junk).catch((e: Error) => e);
    const there = await pool.ingest('junk.pdf', junk).catch((e: Error) => e);
    expect(here).toBeInstanceOf(Error);
    expect(there).toMatchObject({ message: (here as Error).message, name: (here as Error).name });
  });

  it('keeps the event loop free while it reads a large document', async () => {
    const big = longText(1000); // ~400 KB
    let longest = 0;
    let last = Date.now();
    const tick = setInterval(() => {
      const now = Date.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    const started = Date.now();
    const result = await pool.ingest('long.txt', big);
    clearInterval(tick);
    expect(result.report.items.length).toBeGreaterThan(100);
    // It took a while, and the main thread ticked on throughout.
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(longest).toBeLessThan(250);
  });

  it('fails a file whose reading runs out of memory with a reason, and reads the next file', async () => {
    const small = new IngestPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      await expect(small.ingest('huge.txt', longText(40_000))).rejects.toMatchObject({
        code: 'UNREADABLE_DOCUMENT',
        message: expect.stringMatching(/more than the 64 MB of memory allowed for one file/),
      });
      const sample = samples.find((s) => s.name.endsWith('.md'));
      const next = await small.ingest(sample?.name as string, sample?.bytes as Uint8Array);
      expect(next.report.items.length).toBeGreaterThan(0);
    } finally {
      await small.stop();
    }
  });

  it('stops a file that takes longer than its time limit, and ends every file when stopped', async () => {
    const slow = new IngestPool({ size: 1, timeLimit: { baseMs: 20, perMbMs: 0 } });
    await expect(slow.ingest('long.txt', longText(3000))).rejects.toMatchObject({
      code: 'UNREADABLE_DOCUMENT',
      message: expect.stringMatching(/^reading it took longer than 0 s/),
    });
    expect(slow.workers).toBe(0);
    const stopping = new IngestPool({ size: 1 });
    const running = stopping.ingest('long.txt', longText(3000)).catch((e: Error) => e);
    const waiting = stopping.ingest('other.txt', longText(10)).catch((e: Error) => e);
    await stopping.stop('Lantern is stopping');
    expect(await running).toMatchObject({ message: 'Lantern is stopping' });
    expect(await waiting).toMatchObject({ message: 'Lantern is stopping' });
    await expect(stopping.ingest('later.txt', longText(1))).rejects.toThrow('Lantern is stopping');
    expect(stopping.workers).toBe(0);
  });
});
