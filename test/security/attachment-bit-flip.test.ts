import { expect } from '@open-wc/testing';
import type { ChunkCipher } from '../../src/core/attachments/cipher.js';
import type { AttachmentManifest } from '../../src/core/attachments/manifest.js';
import { openFile } from '../../src/core/attachments/open-file.js';
import { ANY_BYTES, createIdentity, randomBytes, rejection, sealAll, sha256Hex, stopIdentities, storeOf, type TestIdentity } from '../helpers/attachments.js';

describe('attack: a bit flipped in an attachment chunk', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  let decrypted = 0;
  const open = (manifest: AttachmentManifest, chunks: Uint8Array[]) => {
    decrypted = 0;
    const counting: ChunkCipher = {
      encryptChunk: (bytes, keys) => lee.cipher.encryptChunk(bytes, keys),
      decryptChunk: (bytes, candidates) => {
        decrypted++;
        return lee.cipher.decryptChunk(bytes, candidates);
      },
    };
    return openFile(manifest, storeOf(chunks), { cipher: counting, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });
  };

  it('is rejected in whichever chunk and wherever it lands, before decryption, and no file comes out', async () => {
    const { manifest, chunks } = await sealAll(new Blob([randomBytes(3.5 * 512)]), {
      cipher: ana.cipher,
      recipientKeys: [lee.armoredPublicKey],
      chunkSize: 512,
      name: 'mri-report.bin',
      limits: ANY_BYTES,
    });
    expect(chunks).to.have.length(4);
    for (const [index, chunk] of chunks.entries()) {
      for (const position of [0, 40, Math.floor(chunk.length / 2), chunk.length - 1]) {
        const tampered = chunks.map((original) => original.slice());
        tampered[index]![position]! ^= 0x01;
        const error = await rejection(open(manifest, tampered));
        expect(error.code, `chunk ${index}, byte ${position}`).to.equal('ATTACHMENT_CHUNK_MISMATCH');
        expect(error.details).to.include({ attachmentId: manifest.id, chunk: index });
        expect(decrypted, 'chunks decrypted before the flipped one was refused').to.equal(index);
      }
    }
  });

  it('is still refused by decryption when the manifest is made to match the flipped chunk', async () => {
    // Defence in depth: a manifest cannot be changed without breaking the envelope's signature, but
    // even one that names the flipped bytes does not get a file out.
    const { manifest, chunks } = await sealAll(new Blob([randomBytes(2 * 512)]), {
      cipher: ana.cipher,
      recipientKeys: [lee.armoredPublicKey],
      chunkSize: 512,
      name: 'mri-report.bin',
      limits: ANY_BYTES,
    });
    const codes = new Set<string>();
    for (const position of [Math.floor(chunks[1]!.length / 2), chunks[1]!.length - 30, chunks[1]!.length - 2]) {
      const tampered = chunks.map((original) => original.slice());
      tampered[1]![position]! ^= 0x01;
      const forged = { ...manifest, chunks: [manifest.chunks[0]!, { size: tampered[1]!.length, sha256: await sha256Hex(tampered[1]!) }] };
      const error = await rejection(open(forged, tampered));
      expect(['ATTACHMENT_CHUNK_MISMATCH', 'ATTACHMENT_SIGNATURE'], `byte ${position}: ${error.code}`).to.include(error.code);
      expect(error.details).to.include({ chunk: 1 });
      codes.add(error.code);
    }
    expect(codes.size).to.be.greaterThan(0);
  });
});
