import type { CryptoClient } from '../crypto/crypto-client.js';
import type { SignerCandidate } from '../crypto/engine.js';
import type { ChunkPurpose } from '../crypto/signing-purpose.js';

/** The crypto worker's chunk operations (the `CryptoEngine` itself fits too). */
export interface ChunkCipher {
  /** Signs with the unlocked key and encrypts to the recipients and the sender: a binary OpenPGP message. */
  encryptChunk(bytes: Uint8Array, recipientKeys: readonly string[]): Promise<Uint8Array>;
  /** Decrypts a chunk whose signature must come from one of the candidates. */
  decryptChunk(bytes: Uint8Array, candidates: readonly SignerCandidate[]): Promise<Uint8Array>;
}

/**
 * Bytes whose buffer can be moved to the worker: the view itself when it spans its whole buffer, else a
 * copy (posting a small view of a large buffer would copy the large buffer).
 */
function movable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

/**
 * Chunk operations in the crypto worker, for chunks of one purpose (a message's attachments or a
 * draft's files): each signature says which, and a chunk signed for the other is refused. Each chunk's
 * buffer is transferred, not copied, both ways: the bytes passed in are detached (empty) afterwards.
 */
export function workerChunkCipher(client: CryptoClient, purpose: ChunkPurpose): ChunkCipher {
  return {
    encryptChunk(bytes, recipientKeys) {
      const moved = movable(bytes);
      return client.callTransfer('encryptChunk', [moved.buffer], moved, recipientKeys, purpose);
    },
    decryptChunk(bytes, candidates) {
      const moved = movable(bytes);
      return client.callTransfer('decryptChunk', [moved.buffer], moved, candidates, purpose);
    },
  };
}
