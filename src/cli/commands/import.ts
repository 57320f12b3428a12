import { importPaths, type ImportOutcome } from '../../modules/documents/import.service.ts';
import { cliActor, withStore, type GlobalOptions, type Io } from '../context.ts';
import { createProgress } from '../progress.ts';

export interface ImportCommandOptions {
  partnership?: string;
  confidential?: boolean;
}

function describe(o: ImportOutcome): string {
  if (o.status === 'imported') {
    const r = o.reviews ?? 0;
    const i = o.items ?? 0;
    const warn = o.warnings?.length ? `; ${o.warnings.join('; ')}` : '';
    return `imported   ${o.name} (${r} review${r === 1 ? '' : 's'}, ${i} item${i === 1 ? '' : 's'}${warn})`;
  }
  if (o.status === 'unchanged') return `unchanged  ${o.name} (already imported)`;
  return `failed     ${o.name}: ${o.reason ?? 'unknown reason'}`;
}

/** `lantern import PATH...`: exit 1 if any file failed, after doing all the others. */
export async function runImport(
  paths: string[],
  options: ImportCommandOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  return withStore(globals, async (store, config) => {
    const progress = createProgress(io.err);
    const outcomes = await importPaths(store.db, paths, {
      partnership: options.partnership,
      confidential: options.confidential,
      actor: cliActor(),
      maxFileBytes: config.maxFileBytes,
      onStart: (total) => progress.start(total),
      onOutcome: (o, done) => {
        progress.line(describe(o), o.status === 'failed' ? io.err : io.out);
        progress.tick(done, o.name);
      },
    });
    progress.stop();
    const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    const failed = count('failed');
    io.out.write(
      `\n${outcomes.length} file${outcomes.length === 1 ? '' : 's'}: ${count('imported')} imported, ${count('unchanged')} unchanged, ${failed} failed\n`,
    );
    return failed > 0 ? 1 : 0;
  });
}
