import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { parseAttachmentManifest, type AttachmentManifest } from '../../src/core/attachments/manifest.js';
import { messageEnvelopeSchema, parseMessageEnvelope } from '../../src/core/envelope.js';

const HASH = 'a'.repeat(64);
const manifest = (overrides: Partial<AttachmentManifest> = {}): AttachmentManifest => ({
  id: randomUUID(),
  name: 'lab-results.pdf',
  type: 'application/pdf',
  size: 2500,
  sha256: HASH,
  chunkSize: 1024,
  chunks: [1, 2, 3].map(() => ({ size: 1400, sha256: HASH })),
  ...overrides,
});
const envelope = (attachments: unknown) => ({
  v: 1,
  id: randomUUID(),
  threadId: randomUUID(),
  from: 'ana',
  to: ['lee'],
  createdAt: new Date().toISOString(),
  subject: 'Results',
  body: 'Attached.',
  attachments,
});

describe('attachment manifest', () => {
  it('accepts a well-formed manifest and one for an empty file', () => {
    const good = manifest();
    assert.deepEqual(parseAttachmentManifest(good), good);
    assert.equal(parseAttachmentManifest(manifest({ size: 0, chunks: [] })).size, 0);
  });

  it('refuses chunk lists that do not cover the file in chunkSize pieces', () => {
    for (const bad of [manifest({ size: 2048 }), manifest({ size: 3073 }), manifest({ chunks: [] }), manifest({ size: 0 })]) {
      assert.throws(() => parseAttachmentManifest(bad), { code: 'INVALID_INPUT' });
    }
  });

  it('refuses unknown fields, bad digests, ids, types, sizes and names', () => {
    const bad: unknown[] = [
      { ...manifest(), path: '/etc/passwd' },
      manifest({ sha256: HASH.toUpperCase() }),
      manifest({ sha256: 'a'.repeat(63) }),
      manifest({ id: 'not-a-uuid' }),
      manifest({ type: 'application/pdf; charset=utf-8' }),
      manifest({ type: 'Application/PDF' }),
      manifest({ name: '' }),
      manifest({ name: 'x'.repeat(256) }),
      manifest({ size: -1 }),
      manifest({ size: 2500.5 }),
      manifest({ chunkSize: 0, size: 0, chunks: [] }),
      manifest({ chunkSize: 8 * 1024 * 1024 }),
      manifest({ chunks: [{ size: 0, sha256: HASH }, { size: 1, sha256: HASH }, { size: 1, sha256: HASH }] }),
      manifest({ chunks: [{ size: 1, sha256: HASH, index: 0 } as never, { size: 1, sha256: HASH }, { size: 1, sha256: HASH }] }),
    ];
    for (const value of bad) assert.throws(() => parseAttachmentManifest(value), { code: 'INVALID_INPUT' }, JSON.stringify(value).slice(0, 80));
  });
});

describe('envelope attachments', () => {
  it('carries manifests inside the signed envelope, and stays optional', () => {
    const parsed = parseMessageEnvelope(JSON.stringify(envelope([manifest(), manifest({ name: 'x-ray.png', type: 'image/png' })])));
    assert.equal(parsed.attachments?.length, 2);
    const { attachments: _none, ...withoutAttachments } = envelope(undefined);
    assert.equal(parseMessageEnvelope(JSON.stringify(withoutAttachments)).attachments, undefined);
  });

  it('refuses more than 20 attachments, repeated ids and malformed manifests as tampering', () => {
    const many = Array.from({ length: 21 }, () => manifest());
    assert.equal(v.is(messageEnvelopeSchema, envelope(many)), false);
    assert.equal(v.is(messageEnvelopeSchema, envelope(many.slice(0, 20))), true);
    const twice = manifest();
    assert.throws(() => parseMessageEnvelope(JSON.stringify(envelope([twice, twice]))), { code: 'TAMPERED' });
    assert.throws(() => parseMessageEnvelope(JSON.stringify(envelope([manifest({ size: 1 })]))), { code: 'TAMPERED' });
  });
});
