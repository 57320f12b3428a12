import { readFile } from 'node:fs/promises';
import { parseCodebook } from '../../classify/codebook/codebook.ts';
import { defaultRuleCoder, ruleCoderFor } from '../../classify/index.ts';
import { collectFiles, readInputFile } from '../../modules/documents/files.ts';
import { ingestDocument } from '../../ingest/pipeline.ts';
import { describeError } from '../../shared/errors.ts';
import { configFrom, type GlobalOptions, type Io } from '../context.ts';

/**
 * `lantern extract PATH... [--json]`: the extraction report of each document, with no database.
 * With --json, standard output carries only JSON Lines (the contract); everything else goes to stderr.
 */
export async function runExtract(
  paths: string[],
  options: { json?: boolean; codebook?: string },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const config = configFrom(globals);
  // A bad codebook stops the command before any document is read: every report would be wrong.
  const coder = options.codebook
    ? ruleCoderFor(parseCodebook(await readFile(options.codebook, 'utf8'), options.codebook))
    : defaultRuleCoder();
  const { files, problems } = await collectFiles(paths);
  let failed = problems.length;
  for (const p of problems) io.err.write(`lantern extract: ${p.name}: ${p.reason}\n`);
  for (const file of files) {
    try {
      const bytes = await readInputFile(file, config.maxFileBytes);
      const { report, read } = await ingestDocument(file.name, bytes, coder);
      for (const w of [...read.warnings, ...(report.warnings ?? [])])
        io.err.write(`lantern extract: ${file.name}: warning: ${w}\n`);
      if (options.json) io.out.write(JSON.stringify(report) + '\n');
      else {
        const kinds = new Map<string, number>();
        for (const item of report.items) kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
        io.out.write(
          `${file.name}: ${report.document.kind}, "${report.document.title ?? 'untitled'}"; ` +
            `${report.reviews.length} review(s) [${report.reviews.map((r) => r.subject).join(', ')}]; ` +
            `items: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}; ` +
            `codes: ${report.codes.map((c) => c.code).join(', ') || 'none'}\n`,
        );
      }
    } catch (error) {
      failed++;
      io.err.write(`lantern extract: ${file.name}: ${describeError(error)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
