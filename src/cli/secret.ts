/** A secret (password, passphrase) from an environment variable, or typed at the terminal unseen. */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { LanternError } from '../shared/errors.ts';
import type { Io } from './context.ts';

export async function readSecret(
  io: Io,
  options: { env: string; prompt: string; what: string; confirm?: boolean },
): Promise<string> {
  const fromEnv = process.env[options.env];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw new LanternError(
      'USAGE',
      `give the ${options.what} in ${options.env}, or run this in a terminal to type it`,
    );
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) io.err.write(chunk.toString());
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (prompt: string) => {
    io.err.write(prompt);
    muted = true;
    try {
      return await rl.question('');
    } finally {
      muted = false;
      io.err.write('\n');
    }
  };
  try {
    const first = await ask(options.prompt);
    if (options.confirm && (await ask(`again, to be sure: `)) !== first)
      throw new LanternError('USAGE', `the two ${options.what}s differ: nothing was done`);
    return first;
  } finally {
    rl.close();
  }
}
