/** A crypto worker whose name contains this keeps openpgp's default S2K count (see openpgp-test-kdf.ts). */
export const PRODUCTION_KDF_WORKER = 'production-kdf';

/** A crypto worker with the production passphrase KDF, for tests of the KDF and of the lockout. */
export function productionKdfWorker(): Worker {
  return new Worker(new URL('../../src/core/crypto/crypto.worker.ts', import.meta.url), { type: 'module', name: `sealbox-crypto ${PRODUCTION_KDF_WORKER}` });
}
