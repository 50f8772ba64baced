import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MessageEnvelope } from '../../../src/core/envelope.js';
import { createIdentity, pngBytes, sealAll, sha256Hex, stopIdentities, type TestIdentity } from '../../helpers/attachments.js';

interface GpgKey {
  home: string;
  fingerprint: string;
  armoredPublicKey: string;
}

interface Decryption {
  ok: boolean;
  goodSignature: boolean;
  notations: Record<string, string>;
  signerFingerprint: string | null;
}

interface Reassembly {
  envelope: Decryption;
  chunks: (Decryption & { sha256: string; digestMatches: boolean })[];
  file: { size: number; sha256: string } | null;
  manifest: { size: number; sha256: string; chunks: number } | null;
}

async function gpgAvailable(): Promise<boolean> {
  const { available, reason } = await executeServerCommand<{ available: boolean; reason?: string }, unknown>('gpg-available');
  if (!available) console.warn(`GnuPG interop not tested: ${reason ?? 'gpg not found'} (install the gnupg package)`);
  return available;
}

const base64 = (bytes: Uint8Array) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(binary);
};

describe('attachments: interop with GnuPG 2.2', () => {
  let ana: TestIdentity;
  before(async () => {
    ana = await createIdentity('ana');
  });
  after(stopIdentities);

  async function sendToGpg(content: Uint8Array<ArrayBuffer>) {
    const gpgUser = await executeServerCommand<GpgKey, unknown>('gpg-generate-key', { userId: 'records-office' });
    const { manifest, chunks } = await sealAll(new File([content], 'ecg.png'), {
      cipher: ana.cipher,
      recipientKeys: [gpgUser.armoredPublicKey],
      chunkSize: 4096,
    });
    const envelope: MessageEnvelope = {
      v: 1,
      id: crypto.randomUUID(),
      threadId: crypto.randomUUID(),
      from: 'ana',
      to: ['records-office'],
      createdAt: new Date().toISOString(),
      subject: 'ECG',
      body: 'The tracing from this morning.',
      attachments: [manifest],
    };
    const armoredEnvelope = await ana.client.call('encryptEnvelope', envelope, [gpgUser.armoredPublicKey]);
    return { gpgUser, manifest, chunks, armoredEnvelope };
  }

  it('GnuPG decrypts and verifies every chunk, and the reassembled file matches the signed SHA-256', async function () {
    if (!(await gpgAvailable())) return;
    const content = pngBytes(3.5 * 4096);
    const { gpgUser, manifest, chunks, armoredEnvelope } = await sendToGpg(content);

    const result = await executeServerCommand<Reassembly, unknown>('gpg-reassemble', {
      home: gpgUser.home,
      senderArmoredKey: ana.armoredPublicKey,
      armoredEnvelope,
      attachment: 0,
      chunks: chunks.map(base64),
    });
    // GnuPG reads each signature's purpose (docs/signing-contexts.md) and verifies it as usual.
    expect(result.envelope).to.deep.include({ ok: true, goodSignature: true, signerFingerprint: ana.fingerprint });
    expect(result.envelope.notations['purpose@sealbox']).to.equal('envelope');
    expect(result.chunks).to.have.length(4);
    for (const [index, chunk] of result.chunks.entries()) {
      expect(chunk, `chunk ${index}`).to.deep.include({ digestMatches: true, ok: true, goodSignature: true, signerFingerprint: ana.fingerprint });
      expect(chunk.notations['purpose@sealbox'], `chunk ${index}`).to.equal('attachment-chunk');
    }
    expect(result.manifest).to.deep.equal({ size: content.length, sha256: manifest.sha256, chunks: 4 });
    expect(result.file).to.deep.equal({ size: content.length, sha256: await sha256Hex(content) });
  });

  it('the same procedure exposes a chunk altered in storage', async function () {
    if (!(await gpgAvailable())) return;
    const { gpgUser, chunks, armoredEnvelope } = await sendToGpg(pngBytes(2 * 4096));
    const altered = chunks.map((chunk) => chunk.slice());
    altered[1]![altered[1]!.length - 10]! ^= 0x01;
    const result = await executeServerCommand<Reassembly, unknown>('gpg-reassemble', {
      home: gpgUser.home,
      senderArmoredKey: ana.armoredPublicKey,
      armoredEnvelope,
      attachment: 0,
      chunks: altered.map(base64),
    });
    expect(result.chunks[0]).to.include({ digestMatches: true, ok: true });
    expect(result.chunks[1]!.digestMatches).to.equal(false);
    expect(result.chunks[1]!.ok && result.chunks[1]!.goodSignature).to.equal(false);
    expect(result.file).to.equal(null);
  });
});
