/** The messages between the ingest pool (main thread) and its worker threads. */
import type { Codebook } from '../../classify/codebook/codebook.ts';
import type { IngestedDocument } from '../pipeline.ts';

/**
 * The coder a worker codes with: none, Lantern's own codebook, or a codebook known by its key
 * (a hash of its content). The book itself is sent only the first time a worker sees the key.
 */
export type CoderSpec = null | 'default' | { key: string; book?: Codebook };

export interface IngestRequest {
  id: number;
  file: string;
  bytes: Uint8Array;
  coder: CoderSpec;
}

export interface SerialisedError {
  name: string;
  message: string;
  code: string | null;
}

export type IngestReply =
  { id: number; ok: true; result: IngestedDocument } | { id: number; ok: false; error: SerialisedError };
