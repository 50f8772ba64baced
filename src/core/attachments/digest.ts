import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of one buffer (a chunk), as lowercase hex; native WebCrypto. */
export { sha256Hex } from '../../transport/sha256-hex.js';

/** SHA-256 over a whole file fed chunk by chunk (WebCrypto cannot hash incrementally). */
export class IncrementalSha256 {
  readonly #hash = sha256.create();

  update(bytes: Uint8Array): void {
    this.#hash.update(bytes);
  }

  hex(): string {
    return bytesToHex(this.#hash.digest());
  }
}
