/**
 * What the engine imports as 'openpgp/lightweight' in browser tests (see test-kdf-plugin.mjs): the same
 * module, with a smaller iteration count for iterated+salted S2K (64 KiB hashed instead of 16 MiB), so
 * creating and unlocking the many identities the tests make stays cheap. Keys are still protected by a
 * real salted, iterated S2K; production keeps openpgp's default. Argon2 is untouched.
 *
 * A crypto worker whose name contains PRODUCTION_KDF_WORKER keeps the default (tests of the passphrase
 * KDF and of the lockout use it through `useProductionKdf()`).
 */
import { config } from 'openpgp/lightweight';
import { PRODUCTION_KDF_WORKER } from './test-kdf.js';

/** Count byte 96: (16 + 0) << (6 + 6) = 65,536 bytes hashed. openpgp's default (224) hashes 16,777,216. */
const TEST_S2K_ITERATION_COUNT_BYTE = 96;

const scopeName = (globalThis as { name?: unknown }).name;
if (!(typeof scopeName === 'string' && scopeName.includes(PRODUCTION_KDF_WORKER))) {
  config.s2kIterationCountByte = TEST_S2K_ITERATION_COUNT_BYTE;
}

export * from 'openpgp/lightweight';
