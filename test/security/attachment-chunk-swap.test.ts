import { expect } from '@open-wc/testing';
import { openFile } from '../../src/core/attachments/open-file.js';
import { ANY_BYTES, createIdentity, randomBytes, rejection, sealAll, stopIdentities, storeOf, type TestIdentity } from '../helpers/attachments.js';

describe('attack: attachment chunks swapped, reordered or taken from another file', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  const sealOnce = (size: number) =>
    sealAll(new Blob([randomBytes(size)]), { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: 512, name: 'scan.bin', limits: ANY_BYTES });
  // Full chunks are almost always equally long; a signature can encode a byte shorter. The attack is
  // most convincing with chunks of one length, where only the manifest's digests tell them apart.
  const seal = async (size: number, length?: number) => {
    for (;;) {
      const sealed = await sealOnce(size);
      const lengths = new Set(sealed.chunks.slice(0, Math.floor(size / 512)).map((chunk) => chunk.length));
      if (lengths.size === 1 && (length === undefined || lengths.has(length))) return sealed;
    }
  };
  const options = () => ({ cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });

  it('rejects two chunks of the same file served in each other’s place', async () => {
    const { manifest, chunks } = await seal(3 * 512);
    // Every chunk is a valid message signed by Ana, of the same length: only the manifest tells them apart.
    expect(new Set(chunks.map((chunk) => chunk.length)).size).to.equal(1);
    const swapped = [chunks[1]!, chunks[0]!, chunks[2]!];
    const error = await rejection(openFile(manifest, storeOf(swapped), options()));
    expect(error.code).to.equal('ATTACHMENT_CHUNK_MISMATCH');
    expect(error.details).to.include({ chunk: 0 });

    const rotated = [chunks[0]!, chunks[2]!, chunks[1]!];
    expect((await rejection(openFile(manifest, storeOf(rotated), options()))).details).to.include({ chunk: 1 });
  });

  it('rejects a chunk the same sender signed for another file', async () => {
    const first = await seal(2 * 512);
    const second = await seal(2 * 512, first.chunks[0]!.length);
    const mixed = [first.chunks[0]!, second.chunks[1]!];
    const error = await rejection(openFile(first.manifest, storeOf(mixed), options()));
    expect(error.code).to.equal('ATTACHMENT_CHUNK_MISMATCH');
    expect(error.details).to.include({ attachmentId: first.manifest.id, chunk: 1 });
  });

  it('opens the file when the chunks are served as signed', async () => {
    const { manifest, chunks } = await seal(3 * 512);
    expect((await openFile(manifest, storeOf(chunks), options())).size).to.equal(3 * 512);
  });
});
