/**
 * The crypto worker for bundlers that do not follow `new Worker(new URL(…, import.meta.url))` but do
 * emit a chunk for a lazy `import()` (Rollup, esbuild with `--splitting`): imported on the page, this
 * module only says its own URL; started as a worker from that URL, it loads the worker's code.
 */
import { inWorker } from '../workers/listening.js';

export const workerUrl: string | undefined = import.meta.url;

if (inWorker()) await import('./crypto.worker.js');
