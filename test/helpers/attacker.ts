/**
 * Tools for security tests: a hostile server or correspondent crafting OpenPGP messages directly with
 * openpgp.js, outside Sealbox.
 */
import * as openpgp from 'openpgp';
import { purposeNotation } from '../../src/core/crypto/signing-purpose.js';
import type { MemoryRelay } from '../../src/index.js';
import type { OutgoingEnvelope } from '../../src/transport/transport.js';

export { openpgp };

/**
 * The notation a well-formed Sealbox message signature carries (docs/signing-contexts.md): an attacker
 * who knows the wire format adds it too, so that an attack is tested at its strongest.
 */
export const ENVELOPE_PURPOSE = purposeNotation('envelope');

export async function rawKey(userId: string): Promise<{ privateKey: openpgp.PrivateKey; publicKey: openpgp.PublicKey }> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: userId }], format: 'object' });
  return { privateKey, publicKey };
}

export async function publishedKey(relay: MemoryRelay, userId: string): Promise<openpgp.PublicKey> {
  const published = await relay.connect('attacker-lookup').lookupKey(userId);
  if (!published) throw new Error(`${userId} has no published key`);
  return openpgp.readKey({ armoredKey: published.armoredKey });
}

export interface Routing {
  id?: string;
  threadId?: string;
  from: string;
  to: string[];
  createdAt?: string;
}

/** A Sealbox-shaped inner envelope as JSON text. */
export function envelopeJson(routing: Required<Routing>, subject: string, body: string): string {
  return JSON.stringify({ v: 1, ...routing, subject, body });
}

export function fillRouting(routing: Routing): Required<Routing> {
  return {
    id: routing.id ?? crypto.randomUUID(),
    threadId: routing.threadId ?? crypto.randomUUID(),
    from: routing.from,
    to: routing.to,
    createdAt: routing.createdAt ?? new Date().toISOString(),
  };
}

/** Stores a crafted envelope on the relay as if `routing.from` had sent it (a hostile server can). */
export async function inject(relay: MemoryRelay, routing: Required<Routing>, ciphertext: string): Promise<OutgoingEnvelope> {
  const { id, threadId, from, to, createdAt } = routing;
  const envelope = { id, threadId, from, to: [...to], createdAt, ciphertext, size: new TextEncoder().encode(ciphertext).byteLength };
  await relay.connect(routing.from).send(envelope);
  return envelope;
}
