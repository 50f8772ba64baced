import { expect } from '@open-wc/testing';
import { openFile, type ChunkSource } from '../../src/core/attachments/open-file.js';
import { ANY_BYTES, createIdentity, randomBytes, rejection, sealAll, stopIdentities, storeOf, type TestIdentity } from '../helpers/attachments.js';

describe('attack: an attachment truncated (a chunk missing or cut short)', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  const seal = () =>
    sealAll(new Blob([randomBytes(3.5 * 512)]), { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: 512, name: 'letter.bin', limits: ANY_BYTES });
  const options = () => ({ cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });

  it('rejects a file whose last chunk is missing', async () => {
    const { manifest, chunks } = await seal();
    const error = await rejection(openFile(manifest, storeOf(chunks.slice(0, -1)), options()));
    expect(error.code).to.equal('ATTACHMENT_TRUNCATED');
    expect(error.details).to.include({ chunk: 3 });
  });

  it('rejects a chunk cut short, wherever it is, and an empty one', async () => {
    const { manifest, chunks } = await seal();
    for (const [index, cut] of [[3, 1], [3, 100], [1, 1], [0, chunks[0]!.length]] as const) {
      const short = chunks.map((chunk, i) => (i === index ? chunk.slice(0, chunk.length - cut) : chunk));
      const error = await rejection(openFile(manifest, storeOf(short), options()));
      expect(error.code, `chunk ${index} cut by ${cut}`).to.equal('ATTACHMENT_TRUNCATED');
      expect(error.details).to.include({ chunk: index });
    }
  });

  it('refuses a manifest whose chunk list does not cover the file', async () => {
    const { manifest, chunks } = await seal();
    const shortened = { ...manifest, chunks: manifest.chunks.slice(0, -1) };
    expect((await rejection(openFile(shortened, storeOf(chunks), options()))).code).to.equal('INVALID_INPUT');
    const smaller = { ...manifest, size: 3 * 512 };
    expect((await rejection(openFile(smaller, storeOf(chunks), options()))).code).to.equal('INVALID_INPUT');
  });

  it('reads exactly the chunks the manifest names, so extra stored chunks change nothing', async () => {
    const { manifest, chunks } = await seal();
    const asked: number[] = [];
    const store = storeOf([...chunks, chunks[0]!]);
    const counting: ChunkSource = (index, signal) => {
      asked.push(index);
      return store(index, signal);
    };
    const opened = await openFile(manifest, counting, options());
    expect(opened.size).to.equal(3.5 * 512);
    expect(asked).to.deep.equal([0, 1, 2, 3]);
  });
});
