/**
 * The whole ingest pipeline for one file: bytes -> read (blocks with offsets) -> extraction
 * report. Pure apart from hashing: the caller supplies the bytes and decides what to store.
 */
import { createHash } from 'node:crypto';
import type { ReadResult } from './blocks.ts';
import { extractDocument } from './extract/index.ts';
import type { DocumentCoding, RuleCoder } from '../classify/coder.ts';
import { defaultRuleCoder } from '../classify/index.ts';
import { detectFormat } from './formats.ts';
import { readDocument } from './read.ts';
import { readFailure } from './reasons.ts';
import type { DocumentFormat, ExtractionReport } from '../shared/extraction-report.ts';

export interface IngestedDocument {
  read: ReadResult;
  report: ExtractionReport;
  coding: DocumentCoding | null;
}

/** SHA-256 of the bytes, in hex: a document's identity. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads, extracts and codes one document. `file` is the name reported in `source.file`. The
 * coder defaults to Lantern's own codebook; `null` skips coding.
 */
export async function ingestDocument(
  file: string,
  bytes: Uint8Array,
  coder: RuleCoder | null = defaultRuleCoder(),
): Promise<IngestedDocument> {
  let format: DocumentFormat | null = null;
  try {
    // The format first, so that a fault further on is described for the right kind of file.
    format = detectFormat(file, bytes);
    const read = await readDocument(file, bytes);
    return { read, ...extractDocument(read, { file, sha256: sha256Hex(bytes) }, coder) };
  } catch (error) {
    throw readFailure(error, format);
  }
}
