import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateTempDir } from './private-temp.ts';

describe('private temporary folders', () => {
  it('are owner-only, named after the process, and sweep away those of dead processes but not of live ones', async () => {
    const base = mkdtempSync(join(tmpdir(), 'lantern-private-temp-test-'));
    // pid 2^22 + 1 is above Linux's pid limit: no process has it.
    const dead = join(base, `lantern-pdf-${2 ** 22 + 1}-abc123`);
    const live = join(base, `lantern-pdf-${process.ppid}-def456`);
    const other = join(base, `lantern-uploads-${2 ** 22 + 1}-ghi789`);
    for (const d of [dead, live, other]) mkdirSync(d);
    const made = await makePrivateTempDir('lantern-pdf-', base);
    expect(made.startsWith(join(base, `lantern-pdf-${process.pid}-`))).toBe(true);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
