/** Identities with their own crypto worker, and helpers to seal and open files through them. */
import { workerChunkCipher, type ChunkCipher } from '../../src/core/attachments/cipher.js';
import type { AttachmentManifest } from '../../src/core/attachments/manifest.js';
import type { ChunkSource } from '../../src/core/attachments/open-file.js';
import type { AttachmentProgress } from '../../src/core/attachments/progress.js';
import { sealFile, type SealFileOptions } from '../../src/core/attachments/seal-file.js';
import { SNIFFED_TYPES } from '../../src/core/attachments/sniff.js';
import { CryptoClient, cryptoWorkerStarts } from '../../src/core/crypto/crypto-client.js';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments/limits.js';

export interface TestIdentity {
  readonly userId: string;
  readonly client: CryptoClient;
  readonly cipher: ChunkCipher;
  readonly armoredPublicKey: string;
  readonly fingerprint: string;
}

const started: CryptoClient[] = [];

export async function createIdentity(userId: string): Promise<TestIdentity> {
  const client = new CryptoClient(cryptoWorkerStarts(), { keyProtection: 'iterated' }, () => {});
  started.push(client);
  const identity = await client.call('createIdentity', userId, 'orange kettle 42 meadow');
  return { userId, client, cipher: workerChunkCipher(client, 'attachment-chunk'), armoredPublicKey: identity.armoredPublicKey, fingerprint: identity.fingerprint };
}

export function stopIdentities(): void {
  for (const client of started.splice(0)) client.terminate();
}

/** Limits that also accept unknown binary content, for files of random bytes. */
export const ANY_BYTES = { allowedTypes: [...DEFAULT_ATTACHMENT_LIMITS.allowedTypes, SNIFFED_TYPES.unknown] };

export interface Sealed {
  readonly manifest: AttachmentManifest;
  readonly chunks: Uint8Array[];
  readonly progress: AttachmentProgress[];
}

/** Runs `sealFile` to the end, keeping every chunk (as an upload would store them). */
export async function sealAll(file: Blob, options: SealFileOptions): Promise<Sealed> {
  const chunks: Uint8Array[] = [];
  const progress: AttachmentProgress[] = [];
  const sealing = sealFile(file, { ...options, onProgress: (step) => progress.push(step) });
  for (;;) {
    const step = await sealing.next();
    if (step.done) return { manifest: step.value, chunks, progress };
    if (step.value.index !== chunks.length) throw new Error(`chunk ${step.value.index} came out of order`);
    chunks.push(step.value.bytes);
  }
}

/** A chunk store like a transport's: hands out a fresh copy of each stored chunk, null for a missing one. */
export function storeOf(chunks: readonly (Uint8Array | undefined)[]): ChunkSource {
  return async (index) => chunks[index]?.slice() ?? null;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65536, length)));
  return bytes;
}

/** A PNG signature followed by random bytes: sniffed as image/png. */
export function pngBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = randomBytes(length);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, length));
  return bytes;
}

export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The SealError code a promise rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('Expected a rejection, but it resolved');
}
