/** Bounds on hostile input, passed to openpgp per call (global openpgp.config is never changed). */
export interface CryptoLimits {
  /** Ciphertexts larger than this are refused before parsing. Default 5 MiB. */
  readonly maxCiphertextBytes: number;
  /** Decompressed content larger than this is refused (compression bombs). Default 10 MiB. */
  readonly maxDecompressedBytes: number;
  /**
   * Largest Argon2 memory a key may ask for, as log2 of KiB. Default 18 (256 MiB); openpgp's own
   * default of 30 would let a crafted backup ask for 1 TiB.
   */
  readonly maxArgon2MemoryExponent: number;
  /** Armored public keys or backups larger than this are refused. Default 64 KiB. */
  readonly maxKeyBytes: number;
  /**
   * Largest attachment chunk, as plaintext. A chunk's ciphertext may exceed it by
   * `CHUNK_OVERHEAD_BYTES` (session keys for every recipient, the signature, packet headers). Default 4 MiB.
   */
  readonly maxChunkBytes: number;
}

export const DEFAULT_LIMITS: CryptoLimits = Object.freeze({
  maxCiphertextBytes: 5 * 1024 * 1024,
  maxDecompressedBytes: 10 * 1024 * 1024,
  maxArgon2MemoryExponent: 18,
  maxKeyBytes: 64 * 1024,
  maxChunkBytes: 4 * 1024 * 1024,
});

/** Room a chunk's ciphertext needs beyond its plaintext: a session key per recipient (RSA-4096 ones are ~520 bytes), a signature, headers. */
export const CHUNK_OVERHEAD_BYTES = 256 * 1024;

/**
 * How the private key is protected at rest. `argon2` (default) is memory-hard and needs CSP
 * `'wasm-unsafe-eval'`; `iterated` (iterated+salted S2K) suits pages whose CSP forbids WebAssembly.
 */
export type KeyProtection = 'argon2' | 'iterated';

const encoder = new TextEncoder();
export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}
