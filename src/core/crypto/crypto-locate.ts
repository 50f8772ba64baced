/**
 * Finds the crypto worker for bundlers that do not follow `new Worker(new URL(…, import.meta.url))`
 * (Rollup, esbuild with code splitting) but do emit a chunk for a dynamic `import()`: loaded lazily on
 * the page it only says its own URL; started as a worker from that URL it loads the worker's code.
 */
export const workerUrl: string = import.meta.url;

if (!('document' in globalThis)) await import('./crypto.worker.js');
