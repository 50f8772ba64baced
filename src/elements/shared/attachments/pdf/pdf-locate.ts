/**
 * Finds pdf.js's worker for bundlers that do not follow `new Worker(new URL(…, import.meta.url))`: see
 * core/crypto/crypto-locate.ts, which does the same for the crypto worker.
 */
export const workerUrl: string = import.meta.url;

if (!('document' in globalThis)) await import('./pdf.worker.js');
