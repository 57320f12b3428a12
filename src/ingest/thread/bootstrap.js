// The entry of an ingest worker thread (see pool.ts). A worker starts without the main thread's
// TypeScript loader, so it registers tsx itself, as bin/lantern.js does, then runs worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
