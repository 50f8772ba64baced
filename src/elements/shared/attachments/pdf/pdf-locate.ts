/**
 * pdf.js's worker for bundlers that do not follow `new Worker(new URL(…, import.meta.url))`: see
 * core/crypto/crypto-locate.ts, which does the same for the crypto worker.
 */
import { inWorker } from '../../../../core/workers/listening.js';

export const workerUrl: string | undefined = import.meta.url;

if (inWorker()) await import('./pdf.worker.js');
