/**
 * Every kind of bad input named in the extraction issue, in one folder with one good document:
 * each bad file gets one clear line naming it and the reason, the good one is still read, and the
 * exit code says something failed.
 */
import { closeSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDocx, writePdf } from '../../scripts/document-writers.ts';
import { guardZip } from '../../src/ingest/readers/zip-guard.ts';
import { freshDataDir, makeTemplate, runLantern, tempDir } from '../helpers/cli.ts';

const EXPECTED: Record<string, RegExp> = {
  'empty.txt': /empty file/,
  'junk.pdf': /not a PDF/,
  'locked.pdf': /encrypted PDF \(password protected\)/,
  'scanned.pdf': /no text layer \(scanned\): needs OCR/,
  'truncated.docx': /not a readable DOCX \(damaged or truncated/,
  'bomb.docx': /would unpack to more than 200 MB or compresses like a zip bomb/,
  'huge.txt': /file is 200 MB, over the 100 MB limit \(set LANTERN_MAX_FILE_MB/,
  'figures.xlsx': /unsupported file type ".xlsx"/,
};

describe('bad input', () => {
  let dir: string;
  let template: string;
  beforeAll(async () => {
    dir = tempDir('lantern-bad-');
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'junk.pdf'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x99]));
    writeFileSync(
      join(dir, 'locked.pdf'),
      await writePdf({
        title: 'x',
        password: 'secret',
        blocks: [{ kind: 'paragraph', text: 'Confidential draft.' }],
      }),
    );
    writeFileSync(join(dir, 'scanned.pdf'), await writePdf({ title: 'x', blocks: [{ kind: 'page-break' }] }));
    const docx = await writeDocx({ title: 'x', blocks: [{ kind: 'paragraph', text: 'A board response.' }] });
    writeFileSync(join(dir, 'truncated.docx'), docx.subarray(0, Math.floor(docx.length * 0.6)));
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types/>');
    bomb.file('word/document.xml', Buffer.alloc(300 * 1024 * 1024));
    writeFileSync(
      join(dir, 'bomb.docx'),
      await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    // A sparse 200 MB file: its size is refused before a byte is read.
    const fd = openSync(join(dir, 'huge.txt'), 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    writeFileSync(join(dir, 'figures.xlsx'), 'PK\u0003\u0004');
    writeFileSync(
      join(dir, 'good.md'),
      '# Review of Child W\n\n## Recommendations\n\n- Partners should share chronologies.\n',
    );
    template = await makeTemplate();
  }, 120_000);

  it('extract: one line per bad file naming it and the reason, the good file still reported, exit 1', async () => {
    const r = await runLantern(['extract', dir, '--json']);
    expect(r.code).toBe(1);
    const reports = r.stdout.trim().split('\n');
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0] ?? '{}')).toMatchObject({
      source: { file: 'good.md' },
      reviews: [{ subject: 'Child W' }],
    });
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(EXPECTED).length);
    for (const [file, reason] of Object.entries(EXPECTED)) {
      const line = lines.find((l) => l.includes(`${file}:`));
      expect(line, file).toMatch(reason);
    }
  }, 60_000);

  it('import: the same reasons, the good file imported, nothing half-stored', async () => {
    const data = freshDataDir(template);
    const r = await runLantern(['--data-dir', data, 'import', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/imported +good\.md/);
    for (const [file, reason] of Object.entries(EXPECTED))
      expect(r.stderr).toMatch(new RegExp(`failed +${file.replace('.', '\\.')}: .*${reason.source}`));
    expect(r.stdout).toMatch(/9 files: 1 imported, 0 unchanged, 8 failed/);
    const docs = await runLantern(['--data-dir', data, 'list', 'documents', '--json']);
    expect((JSON.parse(docs.stdout) as unknown[]).length).toBe(1);
  }, 60_000);

  it('the size limit follows LANTERN_MAX_FILE_MB', async () => {
    const r = await runLantern(['extract', join(dir, 'good.md')], { LANTERN_MAX_FILE_MB: '0.00001' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/good\.md: file is 0 MB, over the 0 MB limit/);
  });
});

describe('guardZip', () => {
  it('accepts an ordinary DOCX and refuses a damaged zip', async () => {
    const docx = await writeDocx({ title: 'x', blocks: [{ kind: 'paragraph', text: 'fine' }] });
    expect(() => guardZip(docx)).not.toThrow();
    expect(() => guardZip(docx.subarray(0, 100))).toThrow(/damaged or truncated/);
  });

  it('refuses by total declared size against the cap given', async () => {
    const zip = new JSZip();
    zip.file('a.xml', 'x'.repeat(5000));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    expect(() => guardZip(bytes, 4000)).toThrow(/more than 0 MB/);
    expect(() => guardZip(bytes, 10_000)).not.toThrow();
  });
});
