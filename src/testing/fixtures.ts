/**
 * Test data for transport checks. Ciphertexts are placeholders: a transport moves them untouched and
 * never decrypts, so these tests are about routing, not cryptography.
 */
import type { OutgoingEnvelope, SignedRecord } from '../transport/transport.js';

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
