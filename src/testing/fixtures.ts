/**
 * Test data for transport checks. Ciphertexts are placeholders: a transport moves them untouched and
 * never decrypts, so these tests are about routing, not cryptography.
 */
import type { BlobChunk, OutgoingEnvelope, SignedRecord } from '../transport/transport.js';

/** Placeholder armored text, unique per call unless `label` is given. */
export function placeholderCiphertext(label: string = crypto.randomUUID()): string {
  return `-----BEGIN PGP MESSAGE-----\n\n${btoa(label)}\n-----END PGP MESSAGE-----\n`;
}

/** UTF-8 byte length, as `OutgoingEnvelope.size` requires. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** A well-formed envelope from `from` to `to` with a fresh id and thread; `overrides` replace fields. */
export function makeEnvelope(from: string, to: readonly string[], overrides: Partial<OutgoingEnvelope> = {}): OutgoingEnvelope {
  const ciphertext = overrides.ciphertext ?? placeholderCiphertext();
  return {
    id: crypto.randomUUID(),
    threadId: crypto.randomUUID(),
    from,
    to: [...to],
    createdAt: new Date().toISOString(),
    ciphertext,
    size: byteLength(ciphertext),
    ...overrides,
  };
}

/** A placeholder public key block; the label makes keys tell apart. */
export function placeholderPublicKey(label: string = crypto.randomUUID()): string {
  return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${btoa(label)}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
}

/** An unsigned consent receipt or audit entry of `userId`. */
export function makeRecord(userId: string, payload = '{"kind":"conformance"}'): SignedRecord {
  return { id: crypto.randomUUID(), userId, payload, signature: '' };
}

/** Lowercase hex SHA-256 of `bytes`, as `BlobChunk.sha256` requires. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Random bytes standing in for an encrypted chunk (a transport never decrypts them). */
export function placeholderChunkBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let start = 0; start < length; start += 65_536) crypto.getRandomValues(bytes.subarray(start, start + 65_536));
  return bytes;
}

/** Chunk `index` of `count` of blob `blobId`, with its digest; random bytes of `bytes` length unless given. */
export async function makeBlobChunk(blobId: string, index: number, count: number, bytes: Uint8Array | number = 1024): Promise<BlobChunk> {
  const content = typeof bytes === 'number' ? placeholderChunkBytes(bytes) : bytes;
  return { blobId, index, count, bytes: content, sha256: await sha256Hex(content) };
}
