/**
 * An ingest worker thread: reads, extracts and codes one document per message, off the main
 * thread's event loop. The codebook arrives once per worker, serialised; its rule coder is
 * compiled here once and kept by the codebook's key.
 */
import { parentPort } from 'node:worker_threads';
import type { RuleCoder } from '../../classify/coder.ts';
import { defaultRuleCoder, ruleCoderFor } from '../../classify/index.ts';
import { ingestDocument } from '../pipeline.ts';
import type { IngestReply, IngestRequest } from './protocol.ts';

const coders = new Map<string, RuleCoder>();

function coderFor(request: IngestRequest): RuleCoder | null {
  const { coder } = request;
  if (coder === null) return null;
  if (coder === 'default') return defaultRuleCoder();
  let rules = coders.get(coder.key);
  if (!rules) {
    if (!coder.book) throw new Error(`codebook ${coder.key} was not sent to this worker`);
    rules = ruleCoderFor(coder.book);
    coders.set(coder.key, rules);
  }
  return rules;
}

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread (see pool.ts)');

port.on('message', (request: IngestRequest) => {
  void (async () => {
    let reply: IngestReply;
    try {
      const result = await ingestDocument(request.file, request.bytes, coderFor(request));
      reply = { id: request.id, ok: true, result };
    } catch (error) {
      const e: Error & { code?: unknown } = error instanceof Error ? error : new Error(String(error));
      reply = {
        id: request.id,
        ok: false,
        error: {
          name: e.name,
          message: e.message,
          code: typeof e.code === 'string' ? e.code : null,
        },
      };
    }
    port.postMessage(reply);
  })();
});
