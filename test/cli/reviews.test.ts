/**
 * A review's case variables from the command line: list them with their source and quote, set one
 * with a reason (recorded in the audit log), and the refusals a user sees.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern } from '../helpers/cli.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/case-variables/ashcombe-themes-from-four-reviews.md');

describe('lantern reviews variables / set-variable', () => {
  let run: (...args: string[]) => ReturnType<typeof runLantern>;
  beforeAll(async () => {
    const dataDir = freshDataDir(await makeTemplate());
    run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
    expect((await run('import', FIXTURE)).code).toBe(0);
  }, 180_000);

  it('lists each variable with its value, source and the words that state it', async () => {
    const r = await run('reviews', 'variables', 'Baby M');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^known_to_csc\s+no\s+machine \(ashcombe-themes-from-four-reviews\.md \d+-\d+\)\s+"The family was not known/m,
    );
    expect(r.stdout).toMatch(/^disability\s+not-stated\s+-$/m);
    const shown = await run('show', 'review', 'Child P');
    expect(shown.stdout).toMatch(/^ {2}case variables: .*looked_after yes.*incident_type suicide/m);
  });

  it('sets a variable with a reason, shows it as a person’s, and records it in the audit log', async () => {
    const set = await run(
      'reviews',
      'set-variable',
      'Baby M',
      'disability',
      'yes',
      '--reason',
      'Hearing impairment noted by the health visitor',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/disability = yes/);
    const listed = await run('reviews', 'variables', 'Baby M', '--json');
    const { variables } = JSON.parse(listed.stdout) as {
      variables: { name: string; value: string; source: string; reason: string }[];
    };
    expect(variables.find((v) => v.name === 'disability')).toMatchObject({
      value: 'yes',
      source: 'person',
      reason: 'Hearing impairment noted by the health visitor',
    });
    const exported = await run('export', '--format', 'json');
    const audit = (
      JSON.parse(exported.stdout) as { tables: { audit_log: { action: string; detail: unknown }[] } }
    ).tables.audit_log;
    expect(audit.find((a) => a.action === 'review.variable.set')?.detail).toMatchObject({
      name: 'disability',
      value: 'yes',
      previous: 'not-stated',
    });
  });

  it('refuses a missing reason, an unknown variable or value, and an unknown review', async () => {
    const noReason = await run('reviews', 'set-variable', 'Baby M', 'disability', 'no');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/reason is required/);
    const badName = await run('reviews', 'set-variable', 'Baby M', 'eye-colour', 'no', '--reason', 'x');
    expect(badName.stderr).toMatch(/no case variable "eye-colour"/);
    const badValue = await run(
      'reviews',
      'set-variable',
      'Baby M',
      'incident_type',
      'accident',
      '--reason',
      'x',
    );
    expect(badValue.stderr).toMatch(/incident_type takes one of: homicide, suicide/);
    const unknown = await run('reviews', 'variables', 'Child Z');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No review matches "Child Z"/);
  });
});
