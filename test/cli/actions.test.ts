/**
 * The action tracker as a user runs it: import a board response, then list, update (with a
 * reason, against a version), record evidence, show the history, write a per-owner digest and
 * export the tracker as a spreadsheet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, makeTemplate, runLantern, tempDir } from '../helpers/cli.ts';

const SEED = join(
  import.meta.dirname,
  '../../../shared/corpus/seeds/cumbria-child-be-board-response-2019.txt',
);
const SAMPLE = join(
  import.meta.dirname,
  '../../samples/documents/kestrelford-child-h-board-response-2023.txt',
);

interface Listed {
  number: number;
  partnership: string;
  text: string;
  owner: string | null;
  status: string;
  version: number;
  overdue: boolean;
}

describe('lantern actions', () => {
  let run: (...args: string[]) => ReturnType<typeof runLantern>;
  let listed: Listed[];
  beforeAll(async () => {
    const dataDir = freshDataDir(await makeTemplate());
    run = (...args: string[]) => runLantern(['--data-dir', dataDir, ...args]);
    expect((await run('import', SEED, SAMPLE)).code).toBe(0);
    const r = await run('actions', 'list', '--json', '--as-of', '2026-11-22');
    expect(r.code).toBe(0);
    listed = JSON.parse(r.stdout) as Listed[];
  });

  // Numbers count within a partnership: "Cumbria Local ...#12" names one action.
  const numberOf = (start: string) => {
    const a = listed.find((x) => x.text.startsWith(start));
    return `${a?.partnership}#${a?.number}`;
  };

  it('lists the actions the documents state, overdue ones by owner', async () => {
    expect(listed.length).toBeGreaterThan(20);
    const byOwner = await run('actions', 'list', '--overdue', '--by', 'owner', '--as-of', '2026-11-22');
    expect(byOwner.code).toBe(0);
    expect(byOwner.stdout).toMatch(/^Kestrelford Police: 1 action\(s\), 1 overdue$/m);
    expect(byOwner.stdout).toMatch(/2024-03 \(966 days late\)/);
    // Not overdue the day it falls due (31 March 2024), overdue the day after.
    const onTheDay = await run(
      'actions',
      'list',
      '--overdue',
      '--owner',
      'Kestrelford Police',
      '--as-of',
      '2024-03-31',
    );
    expect(onTheDay.stdout).toBe('No actions match.\n');
    const dayAfter = await run(
      'actions',
      'list',
      '--overdue',
      '--owner',
      'Kestrelford Police',
      '--as-of',
      '2024-04-01',
    );
    expect(dayAfter.stdout).toMatch(/2024-03 \(1 day late\)/);
  });

  it('updates with a reason against the version read; a stale version is refused and saves nothing', async () => {
    const n = numberOf('LSCB to conduct a Child in Need Multi-agency audit');
    const noReason = await run('actions', 'update', n, '--status', 'in-progress');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '--reason <text>'/);
    const ok = await run(
      'actions',
      'update',
      n,
      '--status',
      'in-progress',
      '--deadline',
      '31/03/2027',
      '--version',
      '1',
      '--reason',
      'Audit scheduled by PMQA',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      new RegExp(`^action ${n.split('#')[1]} is now in-progress, 2027-03-31 .*\\(version 2\\)$`, 'm'),
    );
    const stale = await run(
      'actions',
      'update',
      n,
      '--owner',
      'PMQA Group',
      '--version',
      '1',
      '--reason',
      'PMQA owns audits',
    );
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /changed by cli:.* after you read it \(it is at version 2; your change was made against version 1\)/,
    );
    expect(stale.stderr).toMatch(/Nothing was saved/);
    const evidence = await run(
      'actions',
      'evidence',
      n,
      '--kind',
      'audit',
      '--summary',
      'Audit of 30 CIN plans: 27 shared with all agencies (90%)',
      '--date',
      '2027-02-10',
      '--measure',
      '1',
      '--reference',
      'PMQA paper 2027/04',
      '--as-of',
      '2027-03-01',
    );
    expect(evidence.code).toBe(0);
    const evidenced = await run(
      'actions',
      'update',
      n,
      '--status',
      'evidenced',
      '--reason',
      'The audit shows plans shared',
      '--as-of',
      '2027-03-01',
    );
    expect(evidenced.code).toBe(0);
    const shown = await run('actions', 'show', n, '--as-of', '2027-03-01');
    expect(shown.stdout).toMatch(/owner {8}LSCB \(board\)/);
    expect(shown.stdout).toMatch(/answers {6}recommendation BE1: The LSCB should seek assurance/);
    expect(shown.stdout).toMatch(
      /2027-02-10 {2}audit \(measure 1\): Audit of 30 CIN plans: 27 shared with all agencies \(90%\) \[PMQA paper 2027\/04\]/,
    );
    expect(shown.stdout).toMatch(
      /update: status planned -> in-progress; deadline - -> 2027-03-31 \(reason: Audit scheduled by PMQA\)/,
    );
    expect(shown.stdout).toMatch(
      /update: status in-progress -> evidenced; completed on - -> 2027-03-01 \(reason: The audit shows plans shared\)/,
    );
    expect(shown.stdout).not.toMatch(/PMQA Group/);
  });

  it('adds an action by hand and refuses bad input with a clear message', async () => {
    const added = await run(
      'actions',
      'add',
      '--review',
      'Child BE',
      '--text',
      'Re-audit supervision records',
      '--owner',
      'The PMQA Group',
      '--deadline',
      'June 2027',
      '--measure',
      'Supervision notes record actions and follow-up',
      '--theme',
      'supervision-and-oversight',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^added action \d+: Re-audit supervision records \(owner PMQA Group, 2027-06 \(in \d+ days\)\)$/m,
    );
    const bad = await run('actions', 'add', '--review', 'Child BE', '--text', 'x', '--deadline', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"soon" is not a deadline Lantern can read/);
    const missing = await run('actions', 'show', '4242');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no action "4242"/);
    const within = await run('actions', 'digest', '--due-within', 'a month');
    expect(within.code).toBe(2);
    expect(within.stderr).toMatch(/--due-within takes a number of days like 30d/);
  });

  it('writes a per-owner digest and exports the tracker', async () => {
    const digest = await run('actions', 'digest', '--due-within', '30d', '--as-of', '2026-11-22');
    expect(digest.code).toBe(0);
    expect(digest.stdout).toMatch(/^# Action digest, 2026-11-22$/m);
    expect(digest.stdout).toMatch(/^## Kestrelford Police \(agency\)$/m);
    expect(digest.stdout).toMatch(
      /^- \*\*Action \d+\*\* \(Child H; planned; due 2024-03-31, 966 day\(s\) late\): Kestrelford Police will add/m,
    );
    const dir = tempDir();
    const files = await run(
      'actions',
      'digest',
      '--due-within',
      '30d',
      '--as-of',
      '2026-11-22',
      '--out',
      dir,
    );
    expect(files.code).toBe(0);
    const written = readdirSync(dir);
    expect(written).toContain('kestrelford-police.md');
    expect(written).toContain('learning-and-improvement-subgroup.md');
    expect(readFileSync(join(dir, 'kestrelford-police.md'), 'utf8')).toMatch(/## Kestrelford Police/);
    const out = join(dir, 'actions.csv');
    const csv = await run('export', '--format', 'csv', '--table', 'actions', '--out', out);
    expect(csv.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(
      /^number,partnership,review,recommendation,action,owner,owner_kind,deadline,due_on,status,overdue,rag/,
    );
    expect(lines.length).toBe(listed.length + 2); // the header, the listed actions and the one added by hand
  });
});
