/**
 * Progress for batch commands: a redrawn bar on a terminal, plain lines otherwise (logs, CI,
 * pipes), so that every file's outcome is always on record.
 */
export interface Progress {
  start(total: number): void;
  tick(done: number, label: string): void;
  /** Prints a line above the bar (an outcome) on `target` (default: the bar's stream). */
  line(text: string, target?: NodeJS.WritableStream): void;
  stop(): void;
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let total = 0;
  let drawn = false;
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  let lastDone = 0;
  let lastLabel = '';
  const draw = () => {
    if (!tty || total === 0) return;
    const width = 24;
    const filled = Math.round((lastDone / total) * width);
    const room = Math.max(10, (stream.columns || 80) - width - 20);
    const label = lastLabel.length > room ? '…' + lastLabel.slice(-room + 1) : lastLabel;
    stream.write(
      `\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${lastDone}/${total} ${label}`,
    );
    drawn = true;
  };
  return {
    start(n) {
      total = n;
      draw();
    },
    tick(done, label) {
      lastDone = done;
      lastLabel = label;
      draw();
    },
    line(text, target = stream) {
      clear();
      target.write(text.endsWith('\n') ? text : text + '\n');
      draw();
    },
    stop() {
      clear();
    },
  };
}
