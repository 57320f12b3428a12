/**
 * Reading, extracting and coding a document is CPU work that can take seconds: done on the main
 * thread, it stops a server from answering anyone else (and from hearing Ctrl+C). The ingest pool
 * runs `ingestDocument` in worker threads instead, and gives the same result.
 *
 * Each worker has a memory ceiling and each file a time limit, so a pathological file fails with a
 * reason instead of taking the process down; the worker is then replaced and the next file goes
 * on. Idle workers do not keep a process alive and end after a while. The job queue of a later
 * issue builds on this pool.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RuleCoder } from '../../classify/coder.ts';
import { LanternError, type ErrorCode } from '../../shared/errors.ts';
import type { IngestedDocument } from '../pipeline.ts';
import type { CoderSpec, IngestReply, IngestRequest, SerialisedError } from './protocol.ts';

export interface IngestPoolOptions {
  /** How many files are read at once (default: one per core but one, at least 1, at most 4). */
  size?: number;
  /** Each worker's V8 limits; by default a 3 GB heap. */
  resourceLimits?: ResourceLimits;
  /** Time allowed for one file: `baseMs` plus `perMbMs` per MB of the file. */
  timeLimit?: { baseMs: number; perMbMs: number };
  /** An idle worker ends after this long (default 30 s). */
  idleMs?: number;
}

const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 3072 };
const DEFAULT_TIME = { baseMs: 30_000, perMbMs: 6_000 };
const BOOTSTRAP = new URL('./bootstrap.js', import.meta.url);

const CODES = new Set<ErrorCode>([
  'INVALID_INPUT',
  'UNSUPPORTED_FORMAT',
  'UNREADABLE_DOCUMENT',
  'FILE_TOO_LARGE',
]);

/** The error a worker reported, as the same kind of error the main thread would have thrown. */
function revive(error: SerialisedError): Error {
  if (error.code && CODES.has(error.code as ErrorCode))
    return new LanternError(error.code as ErrorCode, error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}

const keys = new WeakMap<RuleCoder, string>();
/** A codebook's key: a hash of its content, so equal codebooks compile once per worker. */
function keyOf(coder: RuleCoder): string {
  let key = keys.get(coder);
  if (!key) {
    key = createHash('sha256').update(JSON.stringify(coder.codebook)).digest('hex').slice(0, 32);
    keys.set(coder, key);
  }
  return key;
}

interface Task {
  file: string;
  bytes: Uint8Array;
  /** undefined: Lantern's own codebook; null: no coding. */
  coder: RuleCoder | null | undefined;
  resolve: (result: IngestedDocument) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Codebook keys this worker has been sent. */
  books: Set<string>;
  task: (Task & { id: number; timer: NodeJS.Timeout }) | null;
  idle: NodeJS.Timeout | null;
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

export class IngestPool {
  private readonly size: number;
  private readonly limits: ResourceLimits;
  private readonly time: { baseMs: number; perMbMs: number };
  private readonly idleMs: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private warmCount = 0;
  private stopped: string | null = null;

  constructor(options: IngestPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.limits = options.resourceLimits ?? DEFAULT_LIMITS;
    this.time = options.timeLimit ?? DEFAULT_TIME;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /**
   * Reads, extracts and codes one document in a worker: `ingestDocument` off the main thread.
   * `coder` undefined codes with Lantern's own codebook, null skips coding.
   */
  ingest(file: string, bytes: Uint8Array, coder?: RuleCoder | null): Promise<IngestedDocument> {
    if (this.stopped) return Promise.reject(new Error(this.stopped));
    return new Promise((resolve, reject) => {
      this.queue.push({ file, bytes, coder, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts `count` workers now and keeps them when idle, so that the first file does not wait
   * for a worker to load the readers and the language model (seconds). For a server.
   */
  warm(count = 1): void {
    this.warmCount = Math.min(count, this.size);
    while (!this.stopped && this.slots.size < this.warmCount) this.rest(this.spawn());
  }

  /** How many workers are running now (for tests and diagnostics). */
  get workers(): number {
    return this.slots.size;
  }

  /**
   * Ends every worker at once: the files being read and those waiting fail with `reason`, and so
   * does every later call. Nothing has been stored for them (storing happens after reading).
   */
  async stop(reason = 'Lantern is stopping: the import of this file was not finished'): Promise<void> {
    this.stopped ??= reason;
    for (const task of this.queue.splice(0)) task.reject(new Error(this.stopped));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error(this.stopped ?? reason))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.task === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      this.assign(slot, this.queue.shift() as Task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { resourceLimits: this.limits, stdout: false, stderr: false });
    const slot: Slot = { worker, books: new Set(), task: null, idle: null };
    this.slots.add(slot);
    worker.on('message', (reply: IngestReply) => this.settle(slot, reply));
    worker.on('error', (error: Error & { code?: string }) => void this.fail(slot, error));
    worker.on('exit', (code) => {
      if (this.slots.has(slot))
        void this.fail(slot, Object.assign(new Error(`exit code ${code}`), { code: 'EXIT' }));
    });
    return slot;
  }

  private assign(slot: Slot, task: Task): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.worker.ref();
    const id = this.nextId++;
    const limitMs = this.time.baseMs + (this.time.perMbMs * task.bytes.byteLength) / (1024 * 1024);
    const timer = setTimeout(
      () =>
        void this.retire(
          slot,
          new LanternError(
            'UNREADABLE_DOCUMENT',
            `reading it took longer than ${Math.round(limitMs / 1000)} s, the time allowed for a file of ` +
              `${mb(task.bytes.byteLength)}, so Lantern stopped: the file may be damaged or built unusually ` +
              '(save it again as PDF, DOCX or plain text, or split it)',
          ),
        ),
      limitMs,
    );
    slot.task = { ...task, id, timer };
    let coder: CoderSpec = null;
    if (task.coder === undefined) coder = 'default';
    else if (task.coder) {
      const key = keyOf(task.coder);
      coder = slot.books.has(key) ? { key } : { key, book: task.coder.codebook };
      slot.books.add(key);
    }
    const request: IngestRequest = { id, file: task.file, bytes: task.bytes, coder };
    slot.worker.postMessage(request);
  }

  private settle(slot: Slot, reply: IngestReply): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    clearTimeout(task.timer);
    slot.task = null;
    if (reply.ok) task.resolve(reply.result);
    else task.reject(revive(reply.error));
    this.rest(slot);
    this.dispatch();
  }

  /** An idle worker does not keep the process alive, and ends after `idleMs`. */
  private rest(slot: Slot): void {
    if (slot.task || !this.slots.has(slot)) return;
    slot.worker.unref();
    if (this.slots.size <= this.warmCount) return;
    slot.idle = setTimeout(() => void this.retire(slot, null), this.idleMs);
    slot.idle.unref();
  }

  /** The worker died (out of memory, a crash): its file fails with a reason; another replaces it. */
  private async fail(slot: Slot, error: Error & { code?: string }): Promise<void> {
    const reason =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new LanternError(
            'UNREADABLE_DOCUMENT',
            `reading it needed more than the ${this.limits.maxOldGenerationSizeMb ?? 'allowed'} MB of memory ` +
              'allowed for one file, so Lantern stopped: the file may be damaged or built unusually ' +
              '(save it again as PDF, DOCX or plain text, or split it)',
          )
        : new LanternError(
            'UNREADABLE_DOCUMENT',
            'Lantern stopped reading it: the reading thread ended unexpectedly on this file, which may ' +
              'be damaged (save it again as PDF, DOCX or plain text, or split it)',
            { cause: error },
          );
    await this.retire(slot, reason);
  }

  /** Ends a worker; its task, if any, fails with `reason`. */
  private async retire(slot: Slot, reason: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.idle) clearTimeout(slot.idle);
    const task = slot.task;
    slot.task = null;
    if (task) {
      clearTimeout(task.timer);
      task.reject(reason ?? new Error('the reading thread ended'));
    }
    await slot.worker.terminate().catch(() => undefined);
    if (!this.stopped) this.dispatch();
  }
}

let shared: IngestPool | null = null;

/** The process's ingest pool, made on first use. */
export function ingestPool(): IngestPool {
  shared ??= new IngestPool();
  return shared;
}

/** `ingestDocument` in the process's pool of worker threads: same arguments, same result. */
export function ingestInWorker(
  file: string,
  bytes: Uint8Array,
  coder?: RuleCoder | null,
): Promise<IngestedDocument> {
  return ingestPool().ingest(file, bytes, coder);
}

/** Stops the process's pool (on shutdown): files being read fail with `reason`; no new file starts. */
export async function stopIngest(reason?: string): Promise<void> {
  await ingestPool().stop(reason);
}
